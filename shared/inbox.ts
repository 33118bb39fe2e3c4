// What the host serves about items, threads and decisions: one vocabulary for the CLI, IPC and WebSocket.
import { z } from "zod";
import { ItemAction, ItemKind } from "./items.js";
import type { SourceInfo } from "./sources.js";

export const ThreadStatus = z.enum(["running", "waiting", "done", "error"]);
export type ThreadStatus = z.infer<typeof ThreadStatus>;

export const InboxItem = z.object({
  /** Stable: derived from the thread and the interrupt (or, for a breakpoint, the checkpoint). */
  id: z.string(),
  /** Where the item waits: "local" for this machine's graphs, else the name of a remote deployment. */
  source: z.string(),
  graphId: z.string(),
  threadId: z.string(),
  interruptId: z.string().nullable(),
  checkpointId: z.string(),
  taskId: z.string().nullable(),
  createdAt: z.string(),
  /** The raw interrupt value, as JSON. */
  value: z.unknown(),
  kind: ItemKind,
  title: z.string(),
  description: z.string().optional(),
  actions: z.array(ItemAction),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const ItemSort = z.enum(["oldest", "newest", "title", "graph"]);
export type ItemSort = z.infer<typeof ItemSort>;

export const ItemQuery = z.object({
  source: z.string().optional(),
  graphId: z.string().optional(),
  kind: ItemKind.optional(),
  search: z.string().optional(),
  sort: ItemSort.default("oldest"),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
});
export type ItemQuery = z.input<typeof ItemQuery>;

export interface ItemPage {
  items: InboxItem[];
  /** Items matching the filters, over all pages. */
  total: number;
  /** All pending items, by kind, by graph and by source, ignoring the filters. */
  counts: { all: number; byKind: Record<string, number>; byGraph: Record<string, number>; bySource: Record<string, number> };
  nextCursor: string | null;
}

export interface ThreadInfo {
  threadId: string;
  graphId: string | null;
  status: ThreadStatus;
  error: string | null;
}

export interface ChatMessage {
  type: string;
  content: unknown;
  name?: string;
  toolCalls?: Array<{ id?: string; name: string; args: unknown }>;
  toolCallId?: string;
  /** A tool message's own verdict: "error" when the tool failed (LangChain's ToolMessage status). */
  status?: "success" | "error";
}

export interface CheckpointSummary {
  checkpointId: string;
  createdAt: string;
  step: number | null;
  source: string | null;
  next: string[];
}

export interface ThreadContext extends ThreadInfo {
  values: unknown;
  messages: ChatMessage[] | null;
  history: CheckpointSummary[];
}

export interface DecisionRecord {
  /** Position in the log; pass it as `before` to read older decisions. */
  seq: number;
  itemId: string;
  /** "local", or the remote deployment the item came from. */
  source: string;
  threadId: string;
  graphId: string;
  item: InboxItem;
  decision: unknown;
  resume: unknown;
  /** `recorded`: a local run going on, or a remote decision waiting to be delivered; `conflict`: answered elsewhere first, nothing sent. */
  state: "recorded" | "applied" | "failed" | "conflict";
  outcome: string | null;
  error: string | null;
  decidedAt: string;
  finishedAt: string | null;
}

/** A background task of the host that has stopped working, and why; `since` is when it first failed (ms since the epoch). */
export interface HostProblem {
  /** `host`: the host itself stopped (its worker thread died) and is restarting. */
  what: "inbox-load" | "poll" | "release" | "host";
  message: string;
  since: number;
}

/** Whether the inbox is keeping up to date: null while it is, else the problem that stops it. */
export interface HostHealth {
  problem: HostProblem | null;
}

export type HostEvent =
  | { type: "item-added"; item: InboxItem }
  | { type: "item-resolved"; itemId: string; threadId: string }
  /** Items were loaded in bulk (not news, such as the first load after an upgrade), or more changed than can be told one by one: lists are worth reading again. */
  | { type: "items-loaded" }
  | { type: "thread-status"; thread: ThreadInfo }
  | { type: "health"; health: HostHealth }
  /** The remote sources changed: added, removed, or their state. */
  | { type: "sources"; sources: SourceInfo[] };
