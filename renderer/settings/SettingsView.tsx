// The settings screen: one place for what settings.json holds. Each change is saved at once
// through the contract (main validates it and says why when it refuses); the desktop-only
// settings are shown in the app only.
import { useEffect, useState, type FormEvent } from "react";
import { DND_LABELS, dndUntil, doNotDisturb, type DndChoice } from "../../shared/do-not-disturb.js";
import type { Settings } from "../../shared/settings.js";
import { useApi } from "../api/ApiContext.js";
import { useSettings } from "./useSettings.js";
import { WebNotificationControl } from "./WebNotificationControl.js";

const parseMinutes = (text: string): number | null | "invalid" => {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= 1 && value <= 43_200 ? value : "invalid";
};

export function SettingsView() {
  const api = useApi();
  const { view, error, update } = useSettings();
  const desktop = api.connection.mode === "electron";
  const [message, setMessage] = useState<string | null>(null);
  const [graphs, setGraphs] = useState<string[]>([]);

  useEffect(() => {
    void api.listGraphs({}).then((response) => {
      if (response.ok) setGraphs(response.result.graphs.map((graph) => graph.id));
    });
  }, [api]);

  if (error) return <p className="error-banner" role="alert">The settings could not be read: {error}</p>;
  if (!view) return <p className="muted">Loading the settings…</p>;
  const { settings } = view;

  const save = async (patch: Parameters<typeof update>[0], done: string) => {
    const refused = await update(patch);
    setMessage(refused ? `Not saved: ${refused}` : done);
  };
  const paused = doNotDisturb(settings, Date.now());

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {view.problem && (
        <p className="error-banner" role="alert" data-testid="settings-problem">
          {view.problem}
        </p>
      )}
      <p className="muted small">
        Kept in <code>{view.path}</code>.
      </p>
      <p className="notice-inline" role="status" aria-live="polite" data-testid="settings-status">
        {message}
      </p>

      <fieldset className="settings-group">
        <legend>Notifications</legend>
        <label className="checkbox">
          <input type="checkbox" checked={settings.notifications.enabled} onChange={(event) => void save({ notifications: { ...settings.notifications, enabled: event.target.checked } }, "Notifications saved.")} />
          Notify me of new items while Countersign is in the background
        </label>
        {desktop ? (
          <label className="checkbox">
            <input type="checkbox" checked={settings.notifications.actions} onChange={(event) => void save({ notifications: { ...settings.notifications, actions: event.target.checked } }, "Notification actions saved.")} />
            Approve and Reject from a notification (macOS and Windows; items that need no edit)
          </label>
        ) : (
          <WebNotificationControl />
        )}
        <div className="field">
          <span>Do not disturb</span>
          <p className="small" data-testid="dnd-state">
            {paused ? `Paused until ${new Date(settings.doNotDisturbUntil!).toLocaleString()}` : "Off"}
          </p>
          <div className="button-row">
            {((paused ? ["off", "hour", "four-hours", "tomorrow"] : ["hour", "four-hours", "tomorrow"]) as DndChoice[]).map((choice) => (
              <button key={choice} type="button" className="button" onClick={() => void save({ doNotDisturbUntil: dndUntil(choice, Date.now()) }, choice === "off" ? "Notifications resumed." : "Notifications paused.")}>
                {DND_LABELS[choice]}
              </button>
            ))}
          </div>
        </div>
      </fieldset>

      {/* Remounted when the saved reminders change elsewhere (another tab), so it shows them. */}
      <ReminderForm key={JSON.stringify(settings.reminders)} settings={settings} graphs={graphs} onSave={(reminders) => save({ reminders }, "Reminders saved.")} />

      {desktop && (
        <fieldset className="settings-group">
          <legend>Desktop</legend>
          <label className="checkbox">
            <input type="checkbox" checked={settings.closeToTray} onChange={(event) => void save({ closeToTray: event.target.checked }, "Saved.")} />
            Closing the window keeps Countersign running in the tray
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={settings.startAtLogin} onChange={(event) => void save({ startAtLogin: event.target.checked }, "Saved.")} />
            Start Countersign when I log in (the installed app, on macOS and Windows)
          </label>
          <p className="muted small">The window opens where it was last closed.</p>
        </fieldset>
      )}
    </section>
  );
}

function ReminderForm({ settings, graphs, onSave }: { settings: Settings; graphs: string[]; onSave: (reminders: Settings["reminders"]) => Promise<void> }) {
  const { reminders } = settings;
  const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
  const [fallback, setFallback] = useState(text(reminders.default));
  const ids = [...new Set([...graphs, ...Object.keys(reminders.graphs)])].sort();
  const [perGraph, setPerGraph] = useState<Record<string, string>>(() => Object.fromEntries(ids.map((id) => [id, text(reminders.graphs[id])])));
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsedDefault = parseMinutes(fallback);
    if (parsedDefault === "invalid") return setError("The default reminder time must be a whole number of minutes from 1 to 43200, or empty for none.");
    const graphEntries: Record<string, number | null> = {};
    for (const id of ids) {
      const value = parseMinutes(perGraph[id] ?? "");
      if (value === "invalid") return setError(`The reminder time of ${id} must be a whole number of minutes from 1 to 43200, or empty for the default.`);
      if (value !== null) graphEntries[id] = value;
      // "Off" for one graph is kept as it was set (the file may hold it).
      else if (reminders.graphs[id] === null) graphEntries[id] = null;
    }
    setError(null);
    void onSave({ default: parsedDefault, graphs: graphEntries, sources: reminders.sources });
  };

  return (
    <form className="settings-group" onSubmit={submit} aria-labelledby="reminders-legend">
      <h3 id="reminders-legend">Reminders</h3>
      <p className="muted small">An item waiting longer than its reminder time is marked overdue and raises one reminder. Empty: no reminders.</p>
      <label className="field">
        <span>Every graph (minutes)</span>
        <input type="text" inputMode="numeric" value={fallback} onChange={(event) => setFallback(event.target.value)} placeholder="none" aria-label="Default reminder time in minutes" />
      </label>
      {ids.map((id) => (
        <label key={id} className="field">
          <span>{id} (minutes)</span>
          <input
            type="text"
            inputMode="numeric"
            value={perGraph[id] ?? ""}
            onChange={(event) => setPerGraph((current) => ({ ...current, [id]: event.target.value }))}
            placeholder={reminders.graphs[id] === null ? "off" : "default"}
            aria-label={`Reminder time of ${id} in minutes`}
          />
        </label>
      ))}
      {error && (
        <p className="form-errors" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary">
        Save reminders
      </button>
    </form>
  );
}
