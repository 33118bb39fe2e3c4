import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "@langchain/langgraph";
import { INTERRUPT } from "@langchain/langgraph-checkpoint";
import { SqliteCheckpointer } from "./checkpointer/sqlite-checkpointer.js";
import { resolveDataDir } from "./data-dir.js";
import { toResumeValue } from "./decisions/resume-value.js";
import { GraphSet, resumeCommand, type GraphList } from "./graphs/graph-set.js";
import { demoConfigPath } from "./graphs/load-config.js";
import { ItemCache, type ItemChanges } from "./inbox/item-cache.js";
import { DecisionJournal, type JournalEntry } from "./store/decision-journal.js";
import { liveOwners, openHostDatabase, ownerAlive } from "./store/host-database.js";
import { ThreadLocks, type ReleaseLease } from "./store/thread-locks.js";
import { ThreadRegistry } from "./store/thread-registry.js";
import { threadContext } from "./thread-context.js";
import { HostError } from "../../shared/errors.js";
import type { DecisionRecord, HostEvent, InboxItem, ItemPage, ItemQuery, ThreadContext, ThreadInfo, ThreadStatus } from "../../shared/inbox.js";

export interface HostOptions {
  /** Data folder; defaults to `COUNTERSIGN_DATA`, then the per-user app data folder. */
  dataDir?: string;
  /** A langgraph.json; the bundled demo graphs when absent. */
  configPath?: string;
  /** How often changes by other processes are looked for. */
  pollMs?: number;
}

export type { GraphInfo, GraphList } from "./graphs/graph-set.js";

export interface RunResult {
  threadId: string;
  status: ThreadStatus;
  error: string | null;
  items: InboxItem[];
}

export interface DecideResult {
  itemId: string;
  /** `running` when the graph was still working on after `waitMs`. */
  status: "applied" | "failed" | "running";
  thread: RunResult;
}

export interface ItemDetail {
  item: InboxItem;
  thread: ThreadContext;
  decision: DecisionRecord | null;
}

type RunInput = Record<string, unknown> | Command | null;

const DEFAULT_WAIT_MS = 60_000;
const NONE_RUNNING: ReadonlySet<string> = new Set();

export async function createHost(options: HostOptions = {}): Promise<Host> {
  const dataDir = resolveDataDir({ data: options.dataDir });
  mkdirSync(dataDir, { recursive: true });
  const checkpointer = SqliteCheckpointer.open(join(dataDir, "checkpoints.sqlite"));
  try {
    const hostDb = openHostDatabase(join(dataDir, "host.sqlite"));
    const graphs = await GraphSet.open(options.configPath ?? demoConfigPath(), checkpointer).catch((error: unknown) => {
      hostDb.close();
      throw new HostError("invalid-request", (error as Error).message);
    });
    const host = new Host(dataDir, checkpointer, hostDb, graphs, options.pollMs ?? 250);
    await host.start();
    return host;
  } catch (error) {
    checkpointer.close();
    throw error;
  }
}

/**
 * The engine behind the app, the browser mode and the CLI: runs graphs, serves every pending
 * interrupt as an inbox item, and applies each decision exactly once.
 */
export class Host {
  private readonly owner = randomUUID();
  private readonly journal: DecisionJournal;
  private readonly registry: ThreadRegistry;
  private readonly locks: ThreadLocks;
  private readonly cache: ItemCache;
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly background = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private seenStamp = "";
  private seenOwn = 0;
  private seenRegistryAt = Date.now();
  private refreshing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly dataDir: string,
    private readonly checkpointer: SqliteCheckpointer,
    private readonly hostDb: import("better-sqlite3").Database,
    private readonly graphs: GraphSet,
    private readonly pollMs: number,
  ) {
    this.locks = new ThreadLocks(hostDb, this.owner);
    const ownWrites = () => this.locks.commitReleases();
    this.journal = new DecisionJournal(hostDb, ownWrites);
    this.registry = new ThreadRegistry(hostDb, ownWrites);
    this.cache = new ItemCache(checkpointer, (threadIds) => this.registry.graphsOf(threadIds));
  }

  /**
   * Starts loading the inbox, finishes decisions a dead process left half done, and starts watching
   * for changes. The load (a second or so for 10,000 items) goes on in the background, begun after
   * this returns, so the app can open meanwhile: every read waits for it through refresh(), and a
   * failed load is retried there.
   */
  async start(): Promise<void> {
    liveOwners.add(this.owner);
    setImmediate(() => void this.refresh().catch(() => undefined));
    await this.recover();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.pollMs);
    this.timer.unref();
  }

  /** Imports the graphs on the first call (or first run). */
  listGraphs(): Promise<GraphList> {
    return this.graphs.list();
  }

  subscribe(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listItems(query: ItemQuery = {}): Promise<ItemPage> {
    await this.refresh();
    try {
      return this.cache.list(query, this.locks.running());
    } catch (error) {
      throw new HostError("invalid-request", (error as Error).message);
    }
  }

  async getItem(itemId: string): Promise<ItemDetail> {
    await this.refresh();
    const entry = this.journal.get(itemId);
    const item = this.cache.get(itemId) ?? (entry?.item as InboxItem | undefined);
    if (!item) throw new HostError("not-found", `No item ${itemId}`);
    const thread = await threadContext(this.checkpointer, this.threadInfo(item.threadId));
    return { item, thread, decision: entry ? toDecisionRecord(entry) : null };
  }

  threadInfo(threadId: string): ThreadInfo {
    const record = this.registry.get(threadId);
    const base = { threadId, graphId: record?.graphId ?? null };
    if (this.locks.running().has(threadId)) return { ...base, status: "running", error: null };
    if (record?.status === "error") return { ...base, status: "error", error: record.error };
    if (this.checkpointer.countPendingInterrupts(threadId) > 0) return { ...base, status: "waiting", error: null };
    if (record?.status === "running") return { ...base, status: "error", error: "The run stopped before it finished: the process running it exited." };
    return { ...base, status: "done", error: null };
  }

  /** Starts (or continues) a thread; returns when it pauses or ends, or after `waitMs` while it runs on. */
  async startRun(graphId: string, options: { input?: unknown; threadId?: string; waitMs?: number } = {}): Promise<RunResult> {
    await this.graphs.get(graphId);
    const input = options.input ?? {};
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new HostError("invalid-request", "Run input must be a JSON object");
    const threadId = options.threadId ?? randomUUID();
    const owner = this.registry.get(threadId)?.graphId;
    if (owner && owner !== graphId) throw new HostError("invalid-request", `Thread ${threadId} belongs to graph "${owner}", not "${graphId}"`);
    return this.runThread(threadId, graphId, input as Record<string, unknown>, () => this.registry.started(threadId, graphId), options.waitMs);
  }

  /**
   * Runs a failed thread on from its last checkpoint (LangGraph runs again the tasks that failed,
   * with the answers already given); returns like startRun. Only a thread whose last run failed.
   */
  async retryThread(threadId: string, options: { waitMs?: number } = {}): Promise<RunResult> {
    const graphId = this.registry.get(threadId)?.graphId;
    if (graphId === undefined) throw new HostError("not-found", `No thread ${threadId}`);
    await this.graphs.get(graphId);
    // Checked again under the lease: another window or process may have retried it meanwhile.
    return this.runThread(threadId, graphId, null, () => {
      const status = this.threadInfo(threadId).status;
      if (status !== "error") throw new HostError("invalid-request", `Thread ${threadId} is ${status}: only a thread whose run failed can be retried`);
      this.registry.started(threadId, graphId);
    }, options.waitMs);
  }

  /** Runs the thread under its lease, `taking` in the lease's commit; returns when it pauses or ends, or after `waitMs`. */
  private async runThread(threadId: string, graphId: string, input: RunInput, taking: () => void, waitMs?: number): Promise<RunResult> {
    // How this run left the thread, taken under its lease: by the time the caller reads it, a run
    // queued behind this one may already be running the thread.
    let outcome: ThreadInfo | undefined;
    const locked = this.locks.withLock(
      threadId,
      async (release) => {
        outcome = await this.runLocked(threadId, graphId, input, release);
      },
      taking,
    );
    // Graph errors are the thread's status; this is the host failing to run it at all (its lock or database).
    let failure: unknown;
    void locked.catch((error: unknown) => (failure = error ?? "unknown error"));
    const finished = await settleWithin(this.track(locked), waitMs ?? DEFAULT_WAIT_MS);
    if (failure instanceof HostError) throw failure;
    if (failure !== undefined) throw new HostError("internal", `Could not run thread ${threadId}: ${messageOf(failure)}`);
    return await this.runResult(threadId, finished ? outcome : undefined);
  }

  /**
   * Records the decision durably, then resumes the graph by interrupt id. A second decision on the
   * same item, from this process or any other, is refused with "already decided".
   */
  async decide(itemId: string, input: unknown, options: { waitMs?: number } = {}): Promise<DecideResult> {
    // The cache is enough to find the item; whether it is still pending is read from the file under the lock.
    let item = this.cache.get(itemId);
    if (!item) {
      await this.refresh();
      item = this.cache.get(itemId);
    }
    if (!item) {
      if (this.journal.get(itemId)) throw alreadyDecided(itemId);
      throw new HostError("not-found", `No pending item ${itemId}`);
    }
    // Validated against the item: a malformed decision is refused naming the action it was for.
    const resume = toResumeValue(item, item.value, input);
    if (!resume.ok) throw new HostError("invalid-decision", resume.error);
    await this.graphs.get(item.graphId);
    const { threadId, graphId, interruptId, checkpointId } = item;
    const runInput: RunInput = interruptId === null ? null : await resumeCommand({ [interruptId]: resume.value });
    const entry = { ...item, itemId, item, decision: resume.decision, resume: resume.value };

    let outcome: ThreadInfo | undefined;
    let recorded!: (error?: unknown) => void;
    const whenRecorded = new Promise<void>((resolve, reject) => (recorded = (error) => (error ? reject(error) : resolve())));
    const locked = this.locks.withLock(
      threadId,
      async (release) => {
        recorded();
        outcome = await this.runLocked(threadId, graphId, runInput, release, (info) =>
          this.journal.finish(itemId, info.error === null ? "applied" : "failed", info.status, info.error),
        );
      },
      // In the transaction taking the lease, so the entry commits with it, before the graph runs on.
      // Checked again there: another window or process may have decided meanwhile (throwing writes nothing).
      () => {
        if (!this.checkpointer.isPending(threadId, interruptId, checkpointId) || !this.journal.record(entry, this.owner)) throw alreadyDecided(itemId);
        this.registry.started(threadId, graphId);
      },
    );
    const run = this.track(
      locked.catch((error: unknown) => {
        // Refused: the cached item is stale, so drop it now rather than at the next poll.
        if (error instanceof HostError && error.code === "already-decided") this.track(this.refreshThread(threadId)).catch(() => undefined);
        throw error;
      }),
    );
    // Failing before the decision was recorded (taking the lock, reading the database) must not leave the caller waiting forever.
    void run.catch((error: unknown) =>
      recorded(error instanceof HostError ? error : new HostError("internal", `Could not record the decision on ${itemId}: ${messageOf(error)}`)),
    );
    await whenRecorded;
    const finished = await settleWithin(run, options.waitMs ?? DEFAULT_WAIT_MS);
    const ended = finished ? outcome : undefined;
    const status = ended === undefined ? "running" : ended.error === null ? "applied" : "failed";
    return { itemId, status, thread: await this.runResult(threadId, ended) };
  }

  history(options: { limit?: number; before?: number } = {}): DecisionRecord[] {
    return this.journal.history(options).map(toDecisionRecord);
  }

  /**
   * Looks for changes (own or another process's) and emits events for them. Calls run one after
   * the other: a call made while another is syncing waits for it instead of returning early (the
   * stamp would already look seen) and reading a cache that is not up to date yet.
   */
  refresh(): Promise<void> {
    return this.serialized(() => this.refreshNow());
  }

  private serialized<T>(pass: () => Promise<T>): Promise<T> {
    const next = this.refreshing.then(pass);
    this.refreshing = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async refreshNow(): Promise<void> {
    if (this.closed) return;
    const { others, own } = this.checkpointer.changeStamp();
    const stamp = `${others}|${this.hostDb.pragma("data_version", { simple: true })}`;
    // A deferred breakpoint row waits for its thread to stop running, which may change no stamp here.
    if (stamp === this.seenStamp && !this.cache.deferred) {
      if (own !== this.seenOwn) await this.syncRunsInFlight(own);
      return;
    }
    this.seenStamp = stamp;
    this.seenOwn = own;
    let changes: ItemChanges;
    try {
      changes = await this.cache.sync(this.locks.running());
    } catch (error) {
      this.seenStamp = ""; // look again next time
      throw error;
    }
    const since = this.seenRegistryAt;
    this.seenRegistryAt = Date.now();
    this.announce(changes, this.registry.updatedSince(since).map((record) => record.threadId));
  }

  /**
   * Only this host wrote since the last look: its runs, each of which syncs its thread when it
   * ends, so only the threads of runs still going on (a branch paused while another works on)
   * need a look, not the whole inbox (a decision a second in a 10,000-item inbox).
   */
  private async syncRunsInFlight(own: number): Promise<void> {
    this.seenOwn = own;
    const inFlight = this.locks.inFlight();
    if (inFlight.length === 0) return;
    const running = this.locks.running();
    for (const threadId of inFlight) this.announce(await this.cache.syncThread(threadId, running), [threadId]);
  }

  /**
   * After a run of ours: only that thread can have changed through us, so only its rows are read
   * (a decision costs the same with 10 or 10,000 items). Other processes' changes still arrive
   * through `refresh()`.
   */
  private refreshThread(threadId: string): Promise<void> {
    return this.serialized(async () => {
      if (this.closed) return;
      this.announce(await this.cache.syncThread(threadId, this.locks.running()), [threadId]);
    });
  }

  /** Emits the items' changes and the status of every thread they touch (`known`: statuses already at hand). */
  private announce({ added, resolved }: ItemChanges, threads: string[], known?: ThreadInfo): void {
    // Nobody listening (the first load, the CLI): skip working out thread statuses for nothing.
    if (this.listeners.size === 0) return;
    for (const item of resolved) this.emit({ type: "item-resolved", itemId: item.id, threadId: item.threadId });
    for (const item of added) this.emit({ type: "item-added", item });
    const touched = new Set([...added, ...resolved].map((item) => item.threadId).concat(threads));
    for (const threadId of touched) this.emit({ type: "thread-status", thread: threadId === known?.threadId ? known : this.threadInfo(threadId) });
  }

  /** Stops watching, waits for runs in flight, and closes the databases. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await Promise.allSettled([...this.background]);
    await this.refreshing;
    this.closed = true;
    this.locks.close();
    liveOwners.delete(this.owner);
    this.checkpointer.close();
    this.hostDb.close();
  }

  /**
   * Runs the graph on under the thread's lease (whose taking wrote the thread's "started"), and
   * returns the thread as the run left it. How the run ended, with `ended`'s rows (a decision's
   * journal finish), commits with the lease's release: one commit, and no one sees the thread free
   * before its outcome.
   */
  private async runLocked(threadId: string, graphId: string, input: RunInput, release: ReleaseLease, ended?: (info: ThreadInfo) => void): Promise<ThreadInfo> {
    const graph = await this.graphs.get(graphId);
    this.emit({ type: "thread-status", thread: { threadId, graphId, status: "running", error: null } });
    let error: string | null = null;
    try {
      await graph.invoke(input, { configurable: { thread_id: threadId } });
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    // The thread's items, read while the lease keeps everyone else off it: they give its status, and
    // the run's changes are announced from them with no further read. No thread is running for this
    // read (ours has ended), so a pause at a breakpoint counts as waiting at once.
    const changes = await this.serialized(() => this.cache.syncThread(threadId, NONE_RUNNING));
    const status = error ? "error" : this.cache.forThread(threadId).length > 0 ? "waiting" : "done";
    const info: ThreadInfo = { threadId, graphId, status, error };
    release(() => {
      this.registry.ended(threadId, status, error);
      ended?.(info);
    });
    this.announce(changes, [threadId], info);
    return info;
  }

  /**
   * The thread as its last run left it, read while the caller holds its lease. Still "running" on
   * file, its run ended but the process died before the outcome was committed: the index tells.
   */
  private recordedThreadInfo(threadId: string): ThreadInfo & { status: Exclude<ThreadStatus, "running"> } {
    const record = this.registry.get(threadId);
    const base = { threadId, graphId: record?.graphId ?? null, error: record?.error ?? null };
    if (record?.status !== "running") return { ...base, status: record?.status ?? "done" };
    return { ...base, status: this.checkpointer.countPendingInterrupts(threadId) > 0 ? "waiting" : "done" };
  }

  /**
   * The thread after a run: `outcome` when the run ended (its items were read as it ended), else
   * its status now (running), with its items read again: a run still going on after `waitMs` has
   * usually consumed its answer by then, and the item just decided must not be reported as pending.
   */
  private async runResult(threadId: string, outcome: ThreadInfo | undefined): Promise<RunResult> {
    if (!outcome) await this.refreshThread(threadId);
    const info = outcome ?? this.threadInfo(threadId);
    return { threadId, status: info.status, error: info.error, items: this.cache.forThread(threadId) };
  }

  /** Decisions recorded by a process that died before the graph ran on: finish each exactly once. */
  private async recover(): Promise<void> {
    for (const entry of this.journal.unfinished()) {
      if (ownerAlive(entry.owner, entry.pid) || !(await this.graphs.has(entry.graphId))) continue;
      await this.locks.withLock(entry.threadId, async (release) => {
        if (this.journal.get(entry.itemId)?.state !== "recorded") return;
        if (await this.resumeStillNeeded(entry)) {
          const input = entry.interruptId === null ? null : await resumeCommand({ [entry.interruptId]: entry.resume });
          this.registry.started(entry.threadId, entry.graphId);
          await this.runLocked(entry.threadId, entry.graphId, input, release, (info) =>
            this.journal.finish(entry.itemId, info.error === null ? "applied" : "failed", info.status, info.error),
          );
        } else {
          const { status, error } = this.recordedThreadInfo(entry.threadId);
          release(() => {
            this.registry.ended(entry.threadId, status, error);
            this.journal.finish(entry.itemId, "applied", status);
          });
          await this.refreshThread(entry.threadId);
        }
      });
    }
    // Recovered outcomes are on file by the time the host opens, not once its event loop turns.
    this.locks.commitReleases();
  }

  /**
   * Whether a recorded decision still has to reach the graph: its interrupt is still pending, or
   * the answer was stored but the task that consumes it never finished (no write of its own since),
   * or a continued breakpoint's step never completed (some of its tasks have no result yet).
   */
  private async resumeStillNeeded(entry: JournalEntry): Promise<boolean> {
    if (this.checkpointer.isPending(entry.threadId, entry.interruptId, entry.checkpointId)) return true;
    const latest = await this.checkpointer.getTuple({ configurable: { thread_id: entry.threadId } });
    if (latest?.config.configurable?.checkpoint_id !== entry.checkpointId) return false;
    // Still on the breakpoint's checkpoint: running on with no input runs only the tasks without a result.
    if (entry.interruptId === null) return true;
    const own = (latest.pendingWrites ?? []).filter(([taskId]) => taskId === entry.taskId);
    return own.every(([, channel, value]) => channel === INTERRUPT && JSON.stringify(value).includes(entry.interruptId!));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise)).catch(() => undefined);
    return promise;
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function alreadyDecided(itemId: string): HostError {
  return new HostError("already-decided", `Item ${itemId} was already decided`);
}

function toDecisionRecord(entry: JournalEntry): DecisionRecord {
  const { seq, itemId, threadId, graphId, decision, resume, state, outcome, error, decidedAt, finishedAt } = entry;
  return { seq, itemId, threadId, graphId, item: entry.item as InboxItem, decision, resume, state, outcome, error, decidedAt, finishedAt };
}

/**
 * Waits for `promise` to settle, but no longer than `ms`; true when it fulfilled in time. Its
 * rejection is the caller's to see elsewhere.
 */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settled = (fulfilled: boolean) => {
      clearTimeout(timer);
      resolve(fulfilled);
    };
    promise.then(() => settled(true), () => settled(false));
  });
}
