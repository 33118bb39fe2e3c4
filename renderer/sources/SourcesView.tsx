import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { SyncReport } from "../../shared/contract.js";
import type { SourceInfo } from "../../shared/sources.js";
import { revealControls } from "../../shared/text.js";
import { useApi, useHostEvents } from "../api/ApiContext.js";
import { dateTime } from "../app/format.js";

const STATE_TEXT: Record<SourceInfo["state"], string> = {
  new: "Not synced yet",
  online: "Online",
  offline: "Offline",
  "auth-error": "Sign-in refused",
  error: "Error",
};

/** The remote LangGraph Server deployments whose items join the inbox: their state, adding, syncing and removing. */
export function SourcesView() {
  const api = useApi();
  const [sources, setSources] = useState<SourceInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [lastSync, setLastSync] = useState<SyncReport[] | null>(null);
  const [editing, setEditing] = useState<SourceInfo | null>(null);

  const load = useCallback(async () => {
    const result = await api.listSources({});
    if (result.ok) {
      setSources(result.result.sources);
      setError(null);
    } else setError(result.error.message);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  useHostEvents((event) => {
    if (event.type === "sources") setSources(event.sources);
  });

  const sync = async (name?: string) => {
    setBusy(name ?? "*");
    const result = await api.syncSources(name === undefined ? {} : { name });
    setBusy(null);
    if (result.ok) setLastSync(result.result.reports);
    else setError(result.error.message);
    void load();
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Remove the source "${name}"? Its items leave the inbox; the deployment itself is not changed.`)) return;
    const result = await api.removeSource({ name });
    if (!result.ok) setError(result.error.message);
    void load();
  };

  return (
    <section className="sources" aria-labelledby="sources-title">
      <div className="history-header">
        <h2 id="sources-title">Remote sources</h2>
        {sources && sources.length > 0 && (
          <button type="button" className="button small" disabled={busy !== null} onClick={() => void sync()}>
            {busy === "*" ? "Syncing…" : "Sync all"}
          </button>
        )}
      </div>
      <p className="muted">LangGraph Server deployments whose pending interrupts join this inbox beside your local graphs. Decisions made while one is out of reach are delivered when it is back.</p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {sources === null && !error && <p className="muted">Loading…</p>}
      {sources?.length === 0 && <p className="muted">No remote sources yet.</p>}
      {sources && sources.length > 0 && (
        <div className="table-scroll">
          <table className="history-table" aria-label="Remote sources">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">State</th>
                <th scope="col">Last synced</th>
                <th scope="col">Queued</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <tr key={source.name} data-testid={`source-${source.name}`}>
                  <td>{source.name}</td>
                  <td className="mono">
                    {revealControls(source.url)}
                    {source.graphId && <span className="muted"> (graph {revealControls(source.graphId)})</span>}
                  </td>
                  <td>
                    <span className={`source-state source-${source.state}`}>{STATE_TEXT[source.state]}</span>
                    {source.state !== "online" && source.stateSince !== null && <span className="muted"> since {dateTime(new Date(source.stateSince).toISOString())}</span>}
                    {source.lastError && <div className="error-text small">{revealControls(source.lastError)}</div>}
                  </td>
                  <td>{source.syncedAt === null ? "never" : dateTime(new Date(source.syncedAt).toISOString())}</td>
                  <td>{source.queued}</td>
                  <td className="row-actions">
                    <button type="button" className="button small" disabled={busy !== null} onClick={() => void sync(source.name)}>
                      {busy === source.name ? "Syncing…" : "Sync"}
                    </button>
                    <button type="button" className="button small" onClick={() => setEditing(source)}>
                      Edit
                    </button>
                    <button type="button" className="button small danger" onClick={() => void remove(source.name)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {lastSync && (
        <ul className="sync-report" aria-label="Last sync">
          {lastSync.map((report) => (
            <li key={report.source}>
              {report.source}: {STATE_TEXT[report.state]}
              {report.items !== null ? `, ${report.items} pending` : ""}, {report.delivered} delivered, {report.conflicts} conflict(s), {report.queued} queued
              {report.error && <span className="error-text"> ({revealControls(report.error)})</span>}
            </li>
          ))}
        </ul>
      )}
      <SourceForm
        key={editing?.name ?? "new"}
        editing={editing}
        onSaved={() => {
          setEditing(null);
          void load();
        }}
        onCancel={() => setEditing(null)}
      />
    </section>
  );
}

/** Adds a deployment, or edits one: its key and headers are never shown, and left empty they are kept. */
function SourceForm({ editing, onSaved, onCancel }: { editing: SourceInfo | null; onSaved: () => void; onCancel: () => void }) {
  const api = useApi();
  const [name, setName] = useState(editing?.name ?? "");
  const [url, setUrl] = useState(editing?.url ?? "");
  const [apiKey, setApiKey] = useState("");
  const [graphId, setGraphId] = useState(editing?.graphId ?? "");
  const [headers, setHeaders] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsedHeaders: Record<string, string> = {};
    for (const line of headers.split("\n").map((text) => text.trim()).filter(Boolean)) {
      const at = line.indexOf(":");
      if (at <= 0) {
        setError(`A header is "Name: value", one per line; "${line}" has no name`);
        return;
      }
      parsedHeaders[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    setSaving(true);
    const settings = {
      name: name.trim(),
      url: url.trim(),
      ...(apiKey ? { apiKey } : {}),
      ...(graphId.trim() ? { graphId: graphId.trim() } : {}),
      ...(Object.keys(parsedHeaders).length > 0 ? { headers: parsedHeaders } : {}),
    };
    const result = editing ? await api.updateSource({ ...settings, keepSecrets: true }) : await api.addSource(settings);
    setSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setName("");
    setUrl("");
    setApiKey("");
    setGraphId("");
    setHeaders("");
    onSaved();
    void api.syncSources({ name: result.result.name });
  };

  return (
    <form className="add-source" onSubmit={(event) => void submit(event)} aria-labelledby="add-source-title">
      <h3 id="add-source-title">{editing ? `Edit ${editing.name}` : "Add a deployment"}</h3>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required placeholder="prod" autoComplete="off" readOnly={editing !== null} />
      </label>
      <label>
        Address
        <input value={url} onChange={(event) => setUrl(event.target.value)} required placeholder="https://my-deployment.example.com" type="url" autoComplete="off" />
      </label>
      <label>
        API key <span className="muted">{editing ? (editing.hasApiKey ? "(stored; leave empty to keep it)" : "(optional; stored encrypted)") : "(optional; stored encrypted)"}</span>
        <input value={apiKey} onChange={(event) => setApiKey(event.target.value)} type="password" autoComplete="off" />
      </label>
      <label>
        Graph or assistant <span className="muted">(optional filter)</span>
        <input value={graphId} onChange={(event) => setGraphId(event.target.value)} autoComplete="off" />
      </label>
      <label>
        Custom headers{" "}
        <span className="muted">
          {editing && editing.headerNames.length > 0 ? `(stored: ${editing.headerNames.join(", ")}; leave empty to keep them)` : '(optional, "Name: value" per line; stored encrypted)'}
        </span>
        <textarea value={headers} onChange={(event) => setHeaders(event.target.value)} rows={2} />
      </label>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? "Saving…" : editing ? "Save changes" : "Add source"}
        </button>
        {editing && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
