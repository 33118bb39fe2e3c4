// The settings file (settings.json in the data folder): read and validated once when the app or
// browser mode starts, written whole on each change. A file that cannot be used (not JSON, not
// valid, from a newer Countersign) leaves the defaults in force with a message saying why, and is
// kept: moved aside to settings.invalid.json before the first change is saved over it.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { privateFolder } from "../host/store/private-files.js";
import { HostError } from "../../shared/errors.js";
import type { SettingsView } from "../../shared/contract.js";
import { DEFAULT_SETTINGS, SETTINGS_FILE, SETTINGS_VERSION, Settings, SettingsPatch, type Settings as SettingsValue } from "../../shared/settings.js";
import { formatIssues, isPlainObject, messageOf } from "../../shared/values.js";

export const INVALID_SETTINGS_FILE = "settings.invalid.json";

/** The settings a file's text holds; `text` null is a missing file (the defaults, no problem). */
export function parseSettings(text: string | null, path: string): { settings: SettingsValue; problem: string | null } {
  if (text === null) return { settings: DEFAULT_SETTINGS, problem: null };
  const unusable = (why: string) => ({ settings: DEFAULT_SETTINGS, problem: `${path} ${why}; the default settings are used and the file is kept.` });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return unusable(`is not valid JSON (${messageOf(error)})`);
  }
  if (isPlainObject(json) && typeof json.version === "number" && json.version > SETTINGS_VERSION) {
    return unusable(`was written by a newer Countersign (settings version ${json.version}; this one reads ${SETTINGS_VERSION})`);
  }
  const parsed = Settings.safeParse(json);
  if (!parsed.success) return unusable(`is not valid: ${formatIssues(parsed.error.issues, "settings")}`);
  return { settings: parsed.data, problem: null };
}

export class SettingsStore {
  private settings: SettingsValue;
  private problem: string | null;
  private readonly listeners = new Set<(view: SettingsView) => void>();
  readonly path: string;

  private constructor(
    private readonly dataDir: string,
    loaded: { settings: SettingsValue; problem: string | null },
  ) {
    this.path = join(dataDir, SETTINGS_FILE);
    this.settings = loaded.settings;
    this.problem = loaded.problem;
  }

  /** Reads the data folder's settings file; never throws for a bad file (see `view().problem`). */
  static open(dataDir: string): SettingsStore {
    const path = join(dataDir, SETTINGS_FILE);
    let text: string | null = null;
    let readProblem: string | null = null;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      // A missing file is the first start: the defaults, nothing to report.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") readProblem = `${path} cannot be read (${messageOf(error)}); the default settings are used.`;
    }
    const loaded = readProblem ? { settings: DEFAULT_SETTINGS, problem: readProblem } : parseSettings(text, path);
    return new SettingsStore(dataDir, loaded);
  }

  view(): SettingsView {
    return { settings: this.settings, problem: this.problem, path: this.path };
  }

  get current(): SettingsValue {
    return this.settings;
  }

  /**
   * Validates the patch, then saves the settings with it applied and tells the listeners. An
   * invalid patch is refused (`invalid-request`) and changes nothing, on disk or in memory.
   */
  update(patch: unknown): SettingsView {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) throw new HostError("invalid-request", `Invalid settings: ${formatIssues(parsed.error.issues, "settings")}`);
    const next = Settings.parse({ ...this.settings, ...parsed.data, version: SETTINGS_VERSION });
    this.write(next);
    this.settings = next;
    this.problem = null;
    const view = this.view();
    for (const listener of this.listeners) listener(view);
    return view;
  }

  /** Called with the new settings after each change; returns a function that unsubscribes. */
  subscribe(listener: (view: SettingsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(settings: SettingsValue): void {
    privateFolder(this.dataDir);
    // The unusable file is kept beside, never overwritten.
    if (this.problem !== null && existsSync(this.path)) renameSync(this.path, join(this.dataDir, INVALID_SETTINGS_FILE));
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
