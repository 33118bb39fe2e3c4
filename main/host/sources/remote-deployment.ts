// One remote LangGraph Server deployment as a source of inbox items: discovery of every pending
// interrupt, counts, a thread's context, and decisions sent back as runs, through
// @langchain/langgraph-sdk. The SDK is imported on first use: importing this module loads no client.
//
// Discovery asks `threads.search({ status: "interrupted" })` for the interrupts themselves (`select`),
// so one page of threads replaces one state fetch per thread; a server that leaves `interrupts` out
// of its threads gets a state fetch for those threads only. A thread paused at a static breakpoint
// (interruptBefore/After) has tasks with empty interrupt lists: it has no interrupt id to resume by,
// nothing the still-pending check can guard, so it is not listed (count() still counts its thread).
import type { Client, Thread, ThreadState } from "@langchain/langgraph-sdk";
import { HostError } from "../../../shared/errors.js";
import type { CheckpointSummary, ThreadContext, ThreadStatus } from "../../../shared/inbox.js";
import type { NormalizedView } from "../../../shared/items.js";
import { SourceSettings } from "../../../shared/sources.js";
import { formatIssues, isPlainObject } from "../../../shared/values.js";
import { normalizeInterrupt } from "../inbox/normalize.js";
import { conversationOf, toPlainJson } from "../inbox/plain-json.js";
import { RemoteError, TransportFailure, errorCode, toRemoteError, type RemoteTarget } from "./remote-errors.js";

export { RemoteError, displayUrl, type RemoteErrorKind } from "./remote-errors.js";

/** A deployment's settings (one rule, in shared/sources.ts). */
export const RemoteSourceConfig = SourceSettings;
export type RemoteSourceConfig = SourceSettings;

/** A source's settings as the user gave them: the config, or one line saying what is wrong with which field. */
export function parseRemoteSource(input: unknown): { ok: true; config: RemoteSourceConfig } | { ok: false; error: string } {
  const parsed = RemoteSourceConfig.safeParse(input);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, error: `Invalid remote source: ${formatIssues(parsed.error.issues, "source")}` };
}

export interface RemoteOptions {
  fetch?: typeof fetch;
  /** Limit for each read and for sending a run. */
  timeoutMs?: number;
  /** How long a decision's run is waited for before it is reported as still running. */
  runTimeoutMs?: number;
  /** Threads per search page: fewer requests for a big inbox, a bounded response each (servers accept up to 1000). */
  pageSize?: number;
}

export interface RemotePending {
  threadId: string;
  graphId: string;
  assistantId: string | null;
  interruptId: string;
  taskId: string;
  namespace: string[] | null;
  value: unknown;
  /** ISO time the thread paused (its `updated_at`). */
  createdAt: string;
  /** Known when the thread's state was read; a search result does not carry it. */
  checkpointId: string | null;
}

export interface RemoteResume {
  threadId: string;
  graphId: string;
  assistantId: string | null;
  interruptId: string;
  value: unknown;
  /** Recorded in the run's metadata, so a send cut short by a crash is found (`sentRun`) instead of read as a conflict. */
  tag?: string;
}

/** The run metadata key that carries a decision's tag. */
const RUN_TAG = "countersign_decision";
/** Runs of a thread looked through for a tagged one: a thread's recent runs hold any send still in doubt. */
const RUN_SCAN = 100;

export type ResumeOutcome =
  | { outcome: "conflict"; reason: string }
  | {
      outcome: "applied" | "failed";
      /** The thread after the run: waiting again, done, failed, or still running past runTimeoutMs. */
      status: Extract<ThreadStatus, "waiting" | "done" | "error" | "running">;
      error: string | null;
    };

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RUN_TIMEOUT_MS = 300_000;
const DEFAULT_PAGE_SIZE = 500;
const HISTORY_LIMIT = 50;
/** The thread fields discovery needs; `interrupts` is what spares a state fetch per thread. */
const SEARCH_SELECT = ["thread_id", "updated_at", "metadata", "status", "interrupts"] as const;
/** LangGraph's assistant ids are UUIDs; graph ids are names. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sdk = typeof import("@langchain/langgraph-sdk");
let sdk: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> => (sdk ??= import("@langchain/langgraph-sdk"));

export class RemoteDeployment {
  readonly name: string;
  private client: Promise<Client> | undefined;
  private readonly target: RemoteTarget;
  private readonly timeoutMs: number;
  private readonly runTimeoutMs: number;
  private readonly pageSize: number;
  /** Cleared when the server refuses `select`: later searches ask for whole threads. */
  private useSelect = true;

  private readonly config: RemoteSourceConfig;

  /** Throws HostError("invalid-request") for settings parseRemoteSource refuses. */
  constructor(
    input: RemoteSourceConfig,
    private readonly options: RemoteOptions = {},
  ) {
    const parsed = parseRemoteSource(input);
    if (!parsed.ok) throw new HostError("invalid-request", parsed.error);
    const config = parsed.config;
    this.config = config;
    this.name = config.name;
    const secrets = [config.apiKey ?? "", ...Object.values(config.headers ?? {})];
    this.target = { name: config.name, url: config.url, secrets, hasApiKey: Boolean(config.apiKey) };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runTimeoutMs = options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    this.pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  }

  /**
   * Every pending interrupt of every interrupted thread, through every page. Pages are in creation
   * order, so threads that pause meanwhile land on later pages; a thread resumed elsewhere between two
   * pages shifts the next page by one, and the thread that shifts past the boundary shows up on the
   * next discovery.
   */
  async discover(): Promise<RemotePending[]> {
    const found: RemotePending[] = [];
    const seen = new Set<string>();
    for (let offset = 0; ; offset += this.pageSize) {
      const page = await this.searchPage(offset);
      const fresh = page.filter((thread) => !seen.has(thread.thread_id));
      for (const thread of fresh) seen.add(thread.thread_id);
      const lists = await Promise.all(fresh.map((thread) => this.pendingOfThread(thread)));
      for (const list of lists) found.push(...list);
      if (page.length < this.pageSize) return found;
    }
  }

  /** Interrupted threads (a breakpoint's included), for a badge or a cheap change check. */
  async count(): Promise<number> {
    return this.call("count the interrupted threads", (client, signal) => client.threads.count({ status: "interrupted", metadata: this.metadataFilter(), signal }));
  }

  /**
   * The ids of the interrupts the thread waits on now, as the server's thread record has them (the
   * same view discovery uses). A thread that is not interrupted waits on nothing: busy means a run,
   * someone else's, is consuming its interrupts right now.
   */
  async pending(threadId: string): Promise<Set<string>> {
    const thread = await this.call(`read thread ${threadId}`, (client, signal) => client.threads.get(threadId, { signal }));
    if (thread.status !== "interrupted") return new Set();
    const tasks = isPlainObject(thread.interrupts)
      ? Object.entries(thread.interrupts)
      : interruptsOfState(await this.call(`read the state of thread ${threadId}`, (client, signal) => client.threads.getState(threadId, undefined, { signal })));
    return new Set(flattenInterrupts(threadBase(thread, undefined), tasks, null).map((item) => item.interruptId));
  }

  /** What a reviewer sees around an item: status, state, conversation and recent checkpoints. */
  async context(threadId: string): Promise<ThreadContext> {
    const [thread, state, history] = await Promise.all([
      this.call(`read thread ${threadId}`, (client, signal) => client.threads.get(threadId, { signal })),
      this.call(`read the state of thread ${threadId}`, (client, signal) => client.threads.getState(threadId, undefined, { signal })),
      this.call(`read the history of thread ${threadId}`, (client, signal) => client.threads.getHistory(threadId, { limit: HISTORY_LIMIT, signal })),
    ]);
    const values = toPlainJson(state.values) ?? null;
    const graphId = stringField(thread.metadata, "graph_id");
    return {
      threadId,
      graphId,
      status: threadStatusOf(thread.status),
      error: state.tasks.flatMap((task) => (typeof task.error === "string" ? [errorText(undefined, task.error)] : []))[0] ?? null,
      values,
      messages: await remoteConversation(values),
      history: history.map(checkpointSummary),
    };
  }

  /**
   * Sends a decision: a run on the thread's assistant resuming exactly this interrupt. LangGraph
   * accepts a resume for an interrupt that is no longer pending without error, so the interrupt is
   * checked first; if it is gone, nothing is sent. A thread busy with another run refuses the run
   * (multitask strategy "reject"), which is a conflict too. A send that fails with a RemoteError
   * may have reached the server (a timeout): sending again is safe, since the check then finds the
   * interrupt answered and reports a conflict rather than answering it twice.
   */
  async resume(request: RemoteResume): Promise<ResumeOutcome> {
    const { threadId, interruptId } = request;
    if (!(await this.pending(threadId)).has(interruptId)) return { outcome: "conflict", reason: `Interrupt ${interruptId} of thread ${threadId} is no longer pending on ${this.name}: it was answered or the thread moved on elsewhere` };
    const assistant = request.assistantId ?? request.graphId;
    const what = `resume thread ${threadId}`;
    let runId: string;
    try {
      const metadata = request.tag === undefined ? undefined : { [RUN_TAG]: request.tag };
      const run = await this.call(what, (client, signal) => client.runs.create(threadId, assistant, { command: { resume: { [interruptId]: request.value } }, multitaskStrategy: "reject", metadata, signal }));
      runId = run.run_id;
    } catch (error) {
      if (error instanceof RemoteError && error.status === 409) return { outcome: "conflict", reason: `Thread ${threadId} on ${this.name} is busy with another run; nothing was sent` };
      throw error;
    }
    return this.outcomeOf(threadId, runId);
  }

  /**
   * The outcome of the run sent with `tag` on the thread, if one was sent: a delivery cut short
   * after its send (a crash, a lost reply) is settled from it rather than sent again or taken for
   * a conflict.
   */
  async sentRun(threadId: string, tag: string): Promise<ResumeOutcome | undefined> {
    const runs = await this.call(`list the runs of thread ${threadId}`, (client, signal) => client.runs.list(threadId, { limit: RUN_SCAN, signal }));
    const run = runs.find((candidate) => isPlainObject(candidate.metadata) && candidate.metadata[RUN_TAG] === tag);
    return run ? this.outcomeOf(threadId, run.run_id) : undefined;
  }

  /** Waits for a run that was sent and reports how the thread came out of it. */
  private async outcomeOf(threadId: string, runId: string): Promise<ResumeOutcome> {
    // From here the decision is delivered: a failure to watch the run must not read as "not sent".
    let joined: unknown;
    try {
      joined = await this.call(`wait for the run on thread ${threadId}`, (client, signal) => client.runs.join(threadId, runId, { signal }), this.runTimeoutMs);
    } catch (error) {
      if (error instanceof RemoteError && error.kind === "timeout") return { outcome: "applied", status: "running", error: null };
      throw error;
    }
    const thread = await this.call(`read thread ${threadId}`, (client, signal) => client.threads.get(threadId, { signal }));
    const status = threadStatusOf(thread.status);
    const error = runErrorText(joined);
    return status === "error" || error !== null ? { outcome: "failed", status, error: error ?? "The run ended in an error" } : { outcome: "applied", status, error: null };
  }

  /** Starts a thread of the graph and waits until it pauses or ends; returns its id. */
  async startRun(graphId: string, input: unknown): Promise<string> {
    const thread = await this.call(`create a thread of ${graphId}`, (client, signal) => client.threads.create({ graphId, signal }));
    await this.call(`run ${graphId}`, (client, signal) => client.runs.wait(thread.thread_id, graphId, { input: input as Record<string, unknown>, raiseError: false, signal }), this.runTimeoutMs);
    return thread.thread_id;
  }

  private async searchPage(offset: number): Promise<Thread[]> {
    const query = { status: "interrupted" as const, metadata: this.metadataFilter(), limit: this.pageSize, offset, sortBy: "created_at" as const, sortOrder: "asc" as const };
    const search = (select?: string[]) => this.call("list the interrupted threads", (client, signal) => client.threads.search({ ...query, ...(select ? { select: select as typeof SEARCH_SELECT[number][] } : {}), signal }));
    if (!this.useSelect) return search();
    try {
      return await search([...SEARCH_SELECT]);
    } catch (error) {
      // An older server validates `select` against fewer fields and refuses the search; if the same
      // search without it is refused too, the problem is elsewhere and that error stands.
      if (!(error instanceof RemoteError && (error.status === 400 || error.status === 422))) throw error;
      const page = await search();
      this.useSelect = false;
      return page;
    }
  }

  private async pendingOfThread(thread: Thread): Promise<RemotePending[]> {
    const base = threadBase(thread, this.config.graphId);
    if (isPlainObject(thread.interrupts)) return flattenInterrupts(base, Object.entries(thread.interrupts), null);
    const state = await this.call(`read the state of thread ${thread.thread_id}`, (client, signal) => client.threads.getState(thread.thread_id, undefined, { signal }));
    return flattenInterrupts(base, interruptsOfState(state), state.checkpoint?.checkpoint_id ?? null);
  }

  private metadataFilter(): Record<string, string> | undefined {
    const filter = this.config.graphId;
    if (!filter) return undefined;
    return UUID.test(filter) ? { assistant_id: filter } : { graph_id: filter };
  }

  /** One SDK call with its time limit; any failure becomes a RemoteError naming the source, never its secrets. */
  private async call<T>(what: string, fn: (client: Client, signal: AbortSignal) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    try {
      return await fn(await this.sdkClient(), AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw toRemoteError(error, this.target, what, timeoutMs);
    }
  }

  private sdkClient(): Promise<Client> {
    this.client ??= loadSdk().then(
      ({ Client }) =>
        new Client({
          apiUrl: this.config.url,
          // null, not undefined: the SDK would otherwise send a LangSmith key from the environment to any server.
          apiKey: this.config.apiKey ?? null,
          defaultHeaders: { ...this.config.headers },
          // No retries inside the SDK: a POST is never repeated blindly, and polling has its own backoff.
          callerOptions: { maxRetries: 0, maxConcurrency: 8, fetch: transportFetch(this.options.fetch ?? globalThis.fetch) },
        }),
    );
    return this.client;
  }
}

/**
 * The fetch the SDK calls: network failures keep their system code (ECONNREFUSED, ENOTFOUND...),
 * which the SDK would otherwise fold into one generic connection error.
 */
function transportFetch(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, init);
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw error;
      throw new TransportFailure(errorCode(error));
    }
  };
}

type ThreadBase = Pick<RemotePending, "threadId" | "graphId" | "assistantId" | "createdAt">;

function threadBase(thread: Pick<Thread, "thread_id" | "metadata" | "updated_at">, graphFilter: string | undefined): ThreadBase {
  const assistantId = stringField(thread.metadata, "assistant_id");
  const graphFallback = graphFilter && !UUID.test(graphFilter) ? graphFilter : (assistantId ?? "");
  const updated = thread.updated_at as unknown;
  return {
    threadId: thread.thread_id,
    graphId: stringField(thread.metadata, "graph_id") ?? graphFallback,
    assistantId,
    createdAt: updated instanceof Date ? updated.toISOString() : String(updated ?? ""),
  };
}

/**
 * Every interrupt of every task, in task order: a task id maps to a list (empty for a task paused at
 * a breakpoint, or one that failed); an interrupt without an id cannot be resumed by id and is skipped.
 */
export function flattenInterrupts(base: ThreadBase, tasks: ReadonlyArray<readonly [string, unknown]>, checkpointId: string | null): RemotePending[] {
  const out: RemotePending[] = [];
  for (const [taskId, list] of tasks) {
    if (!Array.isArray(list)) continue;
    for (const interrupt of list) {
      // The SDK names `interrupt_id` as what replaces `ns`: a server may send the id under that name.
      const id = isPlainObject(interrupt) ? (interrupt.id ?? interrupt.interrupt_id) : undefined;
      if (!isPlainObject(interrupt) || typeof id !== "string" || id === "") continue;
      out.push({ ...base, interruptId: id, taskId, namespace: namespaceOf(interrupt), value: interrupt.value, checkpointId });
    }
  }
  return out;
}

/** Newer servers name the interrupt's namespace `namespace`; older ones `ns`. */
function namespaceOf(interrupt: Record<string, unknown>): string[] | null {
  const ns = interrupt.namespace ?? interrupt.ns;
  return Array.isArray(ns) && ns.every((part) => typeof part === "string") ? ns : null;
}

/**
 * The interrupts a state waits on, by task. A state lists a task's interrupts even after the task
 * failed or, answered while a sibling still waits, finished with a result: those wait on nothing.
 */
function interruptsOfState(state: Pick<ThreadState, "tasks">): Array<[string, unknown[]]> {
  return state.tasks.filter((task) => task.error == null && task.result == null).map((task): [string, unknown[]] => [task.id, task.interrupts ?? []]);
}

/** The normalized fields of a remote item, exactly as a local item with the same payload gets them. */
export function remoteItemView(pending: Pick<RemotePending, "value">): NormalizedView {
  return normalizeInterrupt(pending.value);
}

/**
 * The wait before the next poll after `failures` failed polls in a row: `baseMs` when healthy, then
 * doubling up to `maxMs`, each wait drawn between half and all of it (`random` in [0, 1)) so that
 * many sources failing together do not retry in step. Total: any input gives a wait in [0, maxMs].
 */
export function nextPollDelay(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 0;
  const base = Math.min(cap, Number.isFinite(baseMs) && baseMs > 0 ? baseMs : 0);
  const n = Number.isFinite(failures) && failures > 0 ? Math.min(Math.floor(failures), 52) : 0;
  if (n === 0) return Math.floor(base);
  const ceiling = Math.min(cap, base * 2 ** n);
  const r = random();
  const jitter = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.floor(ceiling / 2 + (ceiling / 2) * jitter);
}

function threadStatusOf(status: string): Extract<ThreadStatus, "waiting" | "done" | "error" | "running"> {
  switch (status) {
    case "interrupted":
      return "waiting";
    case "busy":
      return "running";
    case "error":
      return "error";
    default:
      return "done";
  }
}

function stringField(record: unknown, key: string): string | null {
  const value = isPlainObject(record) ? record[key] : undefined;
  return typeof value === "string" && value !== "" ? value : null;
}

function checkpointSummary(state: ThreadState): CheckpointSummary {
  const metadata = isPlainObject(state.metadata) ? state.metadata : {};
  return {
    checkpointId: state.checkpoint?.checkpoint_id ?? "",
    createdAt: state.created_at ?? "",
    step: typeof metadata.step === "number" ? metadata.step : null,
    source: typeof metadata.source === "string" ? metadata.source : null,
    next: state.next,
  };
}

/**
 * The server sends messages as plain objects (`{ type: "ai", content, tool_calls }`); they become
 * LangChain messages, then the same ChatMessage list a local thread shows. @langchain/core is loaded
 * only for a state that has messages.
 */
async function remoteConversation(values: unknown): Promise<ThreadContext["messages"]> {
  const messages = isPlainObject(values) ? values.messages : undefined;
  if (!Array.isArray(messages) || !messages.every((m) => isPlainObject(m) && typeof m.type === "string")) return null;
  const { coerceMessageLikeToMessage } = await import("@langchain/core/messages");
  try {
    return conversationOf({ messages: messages.map((m) => coerceMessageLikeToMessage(m as never)) });
  } catch {
    return null; // a message type LangChain does not know: the state view still shows it
  }
}

/** A failed run's error, as `runs.join` reports it: `{ __error__: { error, message } }`. */
export function runErrorText(joined: unknown): string | null {
  const raw = isPlainObject(joined) ? joined.__error__ : undefined;
  return isPlainObject(raw) ? errorText(raw.error, raw.message) : null;
}

/**
 * A server error as "Name: message". The message may itself be the JSON of `{ error | name, message }`
 * (a task's error always is), nested at times.
 */
function errorText(kind: unknown, message: unknown): string {
  if (typeof message === "string") {
    try {
      const inner: unknown = JSON.parse(message);
      if (isPlainObject(inner) && typeof inner.message === "string") return errorText(inner.error ?? inner.name ?? kind, inner.message);
    } catch {
      // a plain message
    }
  }
  const name = typeof kind === "string" && kind !== "" ? kind : "Error";
  return typeof message === "string" && message !== "" ? `${name}: ${message}` : name;
}
