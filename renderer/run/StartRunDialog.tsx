import { useEffect, useId, useState } from "react";
import type { GraphSummary, RunSummary } from "../../shared/contract.js";
import { useApi } from "../api/ApiContext.js";
import { Dialog } from "../app/Dialog.js";
import { shortId } from "../app/format.js";
import { useSubmitShortcut } from "../app/keyboard.js";
import { parseJsonObject } from "../item/decisions.js";
import { JsonEditor } from "../item/JsonEditor.js";

export function StartRunDialog({ open, onClose, onOpenItem }: { open: boolean; onClose: () => void; onOpenItem: (itemId: string) => void }) {
  const api = useApi();
  const [graphs, setGraphs] = useState<GraphSummary[]>([]);
  const [loadErrors, setLoadErrors] = useState<string[]>([]);
  const [graphId, setGraphId] = useState("");
  const [input, setInput] = useState("{}");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ graphId: string; run: RunSummary } | null>(null);
  const statusId = useId();
  const parsed = parseJsonObject(input);

  useEffect(() => {
    if (!open) return;
    setResult(null);
    setError(null);
    void api.listGraphs({}).then((response) => {
      if (!response.ok) {
        setError(response.error.message);
        return;
      }
      setGraphs(response.result.graphs);
      setLoadErrors(response.result.errors.map((failure) => `${failure.id}: ${failure.message}`));
      setGraphId((current) => current || response.result.graphs[0]?.id || "");
    });
  }, [api, open]);

  const start = async () => {
    if (busy || !graphId || !parsed.ok) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const response = await api.startRun({ graphId, input: parsed.value as Record<string, unknown> });
    setBusy(false);
    if (response.ok) setResult({ graphId, run: response.result });
    else setError(response.error.message);
  };
  useSubmitShortcut(() => void start(), open);

  const description = graphs.find((graph) => graph.id === graphId)?.description;
  return (
    <Dialog open={open} onClose={onClose} title="Start a run" className="start-run">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label className="field">
          <span>Graph</span>
          <select value={graphId} onChange={(event) => setGraphId(event.target.value)} disabled={busy}>
            {graphs.map((graph) => (
              <option key={graph.id} value={graph.id}>
                {graph.id}
              </option>
            ))}
          </select>
        </label>
        {description && <p className="muted small">{description}</p>}
        {loadErrors.length > 0 && (
          <details className="small">
            <summary>{loadErrors.length} graph(s) failed to load</summary>
            <ul>
              {loadErrors.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        )}
        <div className="field">
          <span>Input (JSON object)</span>
          <JsonEditor value={input} onChange={setInput} label="Run input (JSON)" invalid={!parsed.ok} describedBy={statusId} minHeight="6em" />
          <p id={statusId} className={parsed.ok ? "json-status ok small" : "json-status error-text small"} aria-live="polite">
            {parsed.ok ? "Valid JSON object." : parsed.error}
          </p>
        </div>
        {error && (
          <p role="alert" className="error-banner">
            {error}
          </p>
        )}
        <div className="submit-row">
          <button type="submit" className="button primary" disabled={busy || !graphId || !parsed.ok}>
            {busy ? "Starting…" : "Start run"}
          </button>
          <span className="muted small">Ctrl+Enter</span>
        </div>
      </form>
      {result && (
        <div className="run-result" role="status" data-testid="run-result">
          <p>
            Started <code>{result.graphId}</code>: thread <code title={result.run.threadId}>{shortId(result.run.threadId)}</code> is{" "}
            <span className={`badge status-${result.run.status}`}>{result.run.status}</span>
            {result.run.error && <span className="error-text"> ({result.run.error})</span>}
            {result.run.items.length === 0 ? "." : `, with ${result.run.items.length} new item${result.run.items.length === 1 ? "" : "s"}:`}
          </p>
          {result.run.items.length > 0 && (
            <ul className="link-list">
              {result.run.items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      onOpenItem(item.id);
                      onClose();
                    }}
                  >
                    Open “{item.title}”
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
