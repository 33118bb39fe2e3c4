import { useEffect, useState } from "react";
import type { GraphSummary } from "../../shared/contract.js";
import { useApi } from "../api/ApiContext.js";

/** No pending items at all: offer to start each bundled graph. */
export function EmptyInbox({ onStarted }: { onStarted: (message: string, itemIds: string[]) => void }) {
  const api = useApi();
  const [graphs, setGraphs] = useState<GraphSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.listGraphs({}).then((result) => {
      if (!live) return;
      if (result.ok) setGraphs(result.result.graphs);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const start = async (graphId: string) => {
    setBusy(graphId);
    setError(null);
    const result = await api.startRun({ graphId });
    setBusy(null);
    if (!result.ok) {
      setError(`Could not start ${graphId}: ${result.error.message}`);
      return;
    }
    const run = result.result;
    const items = run.items.length === 1 ? "1 new item" : `${run.items.length} new items`;
    onStarted(`Started ${graphId}: thread ${run.status}${run.error ? ` (${run.error})` : ""}, ${items}.`, run.items.map((item) => item.id));
  };

  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">Nothing waiting for you</h2>
      <p>Every pending interrupt of your graphs shows up here. Start a graph to see how it works:</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {graphs === null && !error && <p className="muted">Loading graphs…</p>}
      <ul className="graph-list">
        {graphs?.map((graph) => (
          <li key={graph.id}>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void start(graph.id)}>
              {busy === graph.id ? `Starting ${graph.id}…` : `Start ${graph.id}`}
            </button>
            {graph.description && <p className="muted">{graph.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <div className="empty-state">
      <p>No items match these filters.</p>
      <button type="button" className="button" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}
