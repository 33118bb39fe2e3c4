// The one contract between the renderer and main: every call the renderer can make and every
// event main pushes. Inputs are zod schemas, validated by main on every message whatever the
// transport (Electron IPC or WebSocket); outputs are typed here and produced only by main.
import { z } from "zod";
import type { HostErrorCode } from "./errors.js";
import { ItemSort, type DecisionRecord, type HostEvent, type HostHealth, type InboxItem, type ItemPage, type ThreadContext, type ThreadStatus } from "./inbox.js";
import { Decision, DecisionInput, ItemKind, JsonObject } from "./items.js";
import { SourceInput, SourceUpdate, type SourceInfo, type SourceState } from "./sources.js";
import { SettingsPatch, type Settings } from "./settings.js";

const Id = z.string().min(1).max(512);

/** The calls the host answers (in its worker thread, or in this one). */
export const hostCallInputs = {
  listGraphs: z.object({}).strict(),
  listItems: z
    .object({
      source: Id.optional(),
      graphId: Id.optional(),
      kind: ItemKind.optional(),
      search: z.string().max(1000).optional(),
      sort: ItemSort.optional(),
      cursor: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
  getItem: z.object({ itemId: Id }).strict(),
  decide: z.object({ itemId: Id, decision: DecisionInput }).strict(),
  /** The same decision for several items (bulk approve); each is decided on its own. */
  decideMany: z.object({ itemIds: z.array(Id).min(1).max(1000), decision: Decision }).strict(),
  startRun: z.object({ graphId: Id, input: JsonObject.optional(), threadId: Id.optional() }).strict(),
  /** Runs a thread whose run failed on from its last checkpoint (the failed tasks again). */
  retryThread: z.object({ threadId: Id }).strict(),
  history: z.object({ limit: z.number().int().min(1).max(1000).optional(), before: z.number().int().min(0).optional() }).strict(),
  /** Whether the inbox is keeping up to date (background loads and polls succeed). */
  health: z.object({}).strict(),
  /** Looks for changes now (the Retry of the "stopped updating" banner) and returns the health after it. */
  retrySync: z.object({}).strict(),
  /** The remote deployments feeding the inbox and how each is doing; never their secrets. */
  listSources: z.object({}).strict(),
  addSource: SourceInput,
  /** Replaces the source of that name: its address, filter and secrets (an absent key or header is removed, unless `keepSecrets`). */
  updateSource: SourceUpdate,
  removeSource: z.object({ name: z.string().min(1).max(128) }).strict(),
  /** Pulls one source's items (or every source's) now and delivers its waiting decisions. */
  syncSources: z.object({ name: z.string().min(1).max(128).optional() }).strict(),
} as const;

/**
 * The calls about the app's settings, answered by the main thread that keeps the settings file
 * (main/settings/), never by the host.
 */
export const settingsCallInputs = {
  getSettings: z.object({}).strict(),
  /** Replaces the top-level settings given, keeps the others; returns the settings saved. */
  updateSettings: z.object({ settings: SettingsPatch }).strict(),
} as const;

export const callInputs = { ...hostCallInputs, ...settingsCallInputs } as const;

export type CallName = keyof typeof callInputs;
export type HostCallName = keyof typeof hostCallInputs;
export type SettingsCallName = keyof typeof settingsCallInputs;
export const callNames = Object.keys(callInputs) as CallName[];
export const hostCallNames = Object.keys(hostCallInputs) as HostCallName[];
export type CallInput<K extends CallName> = z.input<(typeof callInputs)[K]>;

export interface GraphSummary {
  id: string;
  description: string | null;
}

export interface RunSummary {
  threadId: string;
  status: ThreadStatus;
  error: string | null;
  items: InboxItem[];
}

export interface DecideOutcome {
  itemId: string;
  /**
   * `running` while the graph works on after the decision was recorded; for a remote item,
   * `queued` when its deployment is out of reach (delivered once it is back) and `conflict` when
   * the interrupt was answered elsewhere first (nothing was sent).
   */
  status: "applied" | "failed" | "running" | "queued" | "conflict";
  thread: RunSummary;
}

/** What syncing a source did. */
export interface SyncReport {
  source: string;
  state: SourceState;
  error: string | null;
  /** Items pending on the deployment after the sync; null when it could not be read. */
  items: number | null;
  delivered: number;
  conflicts: number;
  failed: number;
  /** Decisions still waiting to be delivered. */
  queued: number;
}

/** The settings in force and, when the file could not be used, why (the defaults are then in force). */
export interface SettingsView {
  settings: Settings;
  problem: string | null;
  /** The settings file's path, for the settings screen to name. */
  path: string;
}

export interface CallOutputs {
  listGraphs: { graphs: GraphSummary[]; errors: Array<{ id: string; message: string }> };
  listItems: ItemPage;
  getItem: { item: InboxItem; thread: ThreadContext; decision: DecisionRecord | null };
  decide: DecideOutcome;
  decideMany: { results: Array<{ itemId: string; ok: true; outcome: DecideOutcome } | { itemId: string; ok: false; error: ContractError }> };
  startRun: RunSummary;
  retryThread: RunSummary;
  history: { decisions: DecisionRecord[] };
  health: HostHealth;
  retrySync: HostHealth;
  listSources: { sources: SourceInfo[] };
  addSource: SourceInfo;
  updateSource: SourceInfo;
  removeSource: { removed: string };
  syncSources: { reports: SyncReport[] };
  getSettings: SettingsView;
  updateSettings: SettingsView;
}
export type CallOutput<K extends CallName> = CallOutputs[K];

/** A call's input once validated (defaults applied): what the service receives. */
export type CallArgs<K extends CallName> = z.output<(typeof callInputs)[K]>;

/**
 * The service behind the contract: one method per call. The host implements it, and every
 * transport validates a message against `callInputs` and hands it to the same method.
 */
export type CountersignService = { [K in HostCallName]: (input: CallArgs<K>) => Promise<CallOutput<K>> };

/** The settings side of the contract, answered by the main thread. */
export type SettingsService = { [K in SettingsCallName]: (input: CallArgs<K>) => Promise<CallOutput<K>> };

export interface ContractError {
  code: HostErrorCode;
  message: string;
}

/** What every transport delivers for a call: the result or a typed error, never a thrown exception. */
export type CallResult<K extends CallName> = { ok: true; result: CallOutput<K> } | { ok: false; error: ContractError };

/**
 * What the window is told: the host's events, and the desktop app's request to show an item (a
 * notification clicked, a countersign:// link opened; browser mode never sends it), and the
 * settings once changed from elsewhere (the tray's do-not-disturb, another tab).
 */
export type AppEvent = HostEvent | { type: "open-item"; itemId: string } | { type: "settings-changed"; view: SettingsView };

/** The API the renderer sees, whatever carries it: one function per call, plus event subscription. */
export type CountersignApi = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>>;
} & {
  /** Returns a function that unsubscribes. The listener never receives a transport object. */
  onEvent(listener: (event: AppEvent) => void): () => void;
};

/** WebSocket framing of the same contract. */
export type ClientMessage = { id: number; call: string; input: unknown };
export type ServerMessage = { id: number; response: CallResult<CallName> } | { event: AppEvent };

/** Electron IPC channel names, derived from the contract so the adapter and preload cannot drift. */
export const ipcChannel = (call: CallName) => `countersign:${call}`;
export const IPC_EVENT_CHANNEL = "countersign:event";
