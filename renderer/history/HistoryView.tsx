import { useCallback, useEffect, useRef, useState } from "react";
import type { DecisionRecord } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { useApi, useHostEvents } from "../api/ApiContext.js";
import { compactJson, dateTime } from "../app/format.js";
import { summarizeDecision } from "../item/decisions.js";

const PAGE = 100;
const MAX = 1000;

/** Past decisions, newest first: time, item, decision, resume value, outcome. */
export function HistoryView({ onOpen }: { onOpen: (itemId: string) => void }) {
  const api = useApi();
  const [limit, setLimit] = useState(PAGE);
  const [records, setRecords] = useState<DecisionRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const result = await api.history({ limit });
    if (result.ok) {
      setRecords(result.result.decisions);
      setError(null);
    } else setError(result.error.message);
  }, [api, limit]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => () => clearTimeout(timer.current), []);

  useHostEvents(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 300);
  });

  return (
    <section className="history" aria-labelledby="history-title">
      <div className="history-header">
        <h2 id="history-title">Decision history</h2>
        <button type="button" className="button small" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error-banner">
          Could not load the history: {error}
        </p>
      )}
      {records === null && !error && <p className="muted">Loading…</p>}
      {records?.length === 0 && <p className="muted">No decisions yet.</p>}
      {records && records.length > 0 && (
        <div className="table-scroll">
          <table className="history-table" aria-label="Past decisions">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Item</th>
                <th scope="col">Graph</th>
                <th scope="col">Decision</th>
                <th scope="col">Resume value</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record) => (
                <tr key={record.itemId}>
                  <td>
                    <time dateTime={record.decidedAt}>{dateTime(record.decidedAt)}</time>
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(record.itemId)}>
                      {revealControls(record.item.title)}
                    </button>
                  </td>
                  <td>
                    <code>{record.graphId}</code>
                  </td>
                  <td>{revealControls(summarizeDecision(record.decision))}</td>
                  <td>
                    <code className="resume-value" title={revealControls(compactJson(record.resume, 2000))}>
                      {revealControls(compactJson(record.resume, 80))}
                    </code>
                  </td>
                  <td>
                    <OutcomeCell record={record} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records && records.length >= limit && limit < MAX && (
        <button type="button" className="button" onClick={() => setLimit((current) => Math.min(MAX, current + PAGE))}>
          Show more
        </button>
      )}
    </section>
  );
}

function OutcomeCell({ record }: { record: DecisionRecord }) {
  switch (record.state) {
    case "recorded":
      return <span className="badge status-running">running</span>;
    case "applied":
      return <span className={`badge status-${record.outcome ?? "done"}`}>{record.outcome ?? "applied"}</span>;
    case "failed":
      return (
        <span className="error-text">
          <span className="badge status-error">failed</span> {record.error}
        </span>
      );
  }
}
