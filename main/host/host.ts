import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CheckpointStore } from "./checkpointer/checkpoint-store.js";
import { resolveDataDir } from "./data-dir.js";
import { bulkDecisionFor } from "./decisions/bulk-decision.js";
import { GraphSet } from "./graphs/graph-set.js";
import { demoConfigPath } from "./graphs/load-config.js";
import { InboxWatch } from "./inbox/inbox-watch.js";
import { listItems } from "./inbox/item-query.js";
import { planRecovery } from "./runs/recovery.js";
import { RunPath, resumeInput, type RunInput } from "./runs/run-path.js";
import { NEVER_BEGAN, threadStatus } from "./runs/thread-status.js";
import { DecisionJournal, type JournalEntry } from "./store/decision-journal.js";
import { openHostDatabase } from "./store/host-database.js";
import { InboxStore } from "./store/inbox-store.js";
import { OwnerLiveness } from "./store/owner-liveness.js";
import { privateFolder } from "./store/private-files.js";
import { ThreadLocks } from "./store/thread-locks.js";
import { ThreadRegistry } from "./store/thread-registry.js";
import { SourceRegistry } from "./store/source-registry.js";
import { RemoteDeployment, nextPollDelay, remoteItemView } from "./sources/remote-deployment.js";
import { RemoteSources } from "./sources/remote-sources.js";
import { SecretBox, fileSecretKey } from "./sources/secrets.js";
import { LOCAL_SOURCE } from "../../shared/sources.js";
import { Health } from "./health.js";
import { logSettings, openLog, type Logger } from "./log.js";
import { threadContext } from "./thread-context.js";
import type { CallArgs, CallOutput, CountersignService, DecideOutcome, RunSummary } from "../../shared/contract.js";
import { HostError, toContractError } from "../../shared/errors.js";
import type { DecisionRecord, HostEvent, HostHealth, InboxItem, ThreadInfo } from "../../shared/inbox.js";
import { isPlainObject, messageOf } from "../../shared/values.js";

export interface HostOptions {
  /** Data folder; defaults to `COUNTERSIGN_DATA`, then the per-user app data folder. */
  dataDir?: string;
  /** A langgraph.json; the bundled demo graphs when absent. */
  configPath?: string;
  /** How often changes by other processes are looked for. */
  pollMs?: number;
  /** Where the host logs; default a log in the data folder (level and stderr echo from COUNTERSIGN_LOG). */
  logger?: Logger;
  /** How often remote sources are pulled (backing off while they fail); 0: only when asked (`syncSources`). */
  remotePollMs?: number;
  /** The key sealing sources' secrets (the desktop app's, kept in the OS keychain); default the data folder's key file. */
  secretKey?: Buffer;
}

export type { GraphInfo, GraphList } from "./graphs/graph-set.js";

/** How long a call waits for the run it started before answering "running". */
export interface WaitOptions {
  waitMs?: number;
}

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_REMOTE_POLL_MS = 10_000;
/** The longest wait between pulls of sources that keep failing. */
const REMOTE_POLL_MAX_MS = 5 * 60_000;
/**
 * Items of a bulk decision decided at once: different threads run side by side and share their
 * lease commits, memory stays bounded, and since each run starts after a turn of the event loop
 * (its lease commits there), a call made during the bulk waits for at most this many runs.
 */
const BULK_CONCURRENCY = 8;

export async function createHost(options: HostOptions = {}): Promise<Host> {
  const dataDir = resolveDataDir({ data: options.dataDir });
  privateFolder(dataDir);
  const ownLog = options.logger ? undefined : openLog({ dataDir, ...logSettings(process.env) });
  const logger = options.logger ?? ownLog!;
  let checkpointer: CheckpointStore;
  try {
    checkpointer = CheckpointStore.open(join(dataDir, "checkpoints.sqlite"));
  } catch (error) {
    ownLog?.close();
    throw error;
  }
  try {
    const hostDb = openHostDatabase(join(dataDir, "host.sqlite"));
    const graphs = await GraphSet.open(options.configPath ?? demoConfigPath(), () => checkpointer.saver()).catch((error: unknown) => {
      hostDb.close();
      throw new HostError("invalid-request", messageOf(error));
    });
    const remote = { pollMs: options.remotePollMs ?? DEFAULT_REMOTE_POLL_MS, secretKey: options.secretKey };
    const host = new Host(dataDir, checkpointer, hostDb, graphs, options.pollMs ?? 250, logger, () => ownLog?.close(), remote);
    await host.start();
    return host;
  } catch (error) {
    checkpointer.close();
    ownLog?.close();
    throw error;
  }
}

/**
 * The engine behind the app, the browser mode and the CLI: runs graphs, serves every pending
 * interrupt as an inbox item, and applies each decision exactly once. Its methods are the
 * contract's calls (`CountersignService`); the parts live in `runs/`, `inbox/` and `store/`.
 */
export class Host implements CountersignService {
  private readonly owner = randomUUID();
  private readonly liveness: OwnerLiveness;
  private readonly journal: DecisionJournal;
  private readonly registry: ThreadRegistry;
  private readonly locks: ThreadLocks;
  private readonly store: InboxStore;
  private readonly inbox: InboxWatch;
  private readonly runs: RunPath;
  private readonly healthState: Health;
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly background = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly sourceRegistry: SourceRegistry;
  private readonly remote: RemoteSources;
  private secretBox: SecretBox | undefined;
  private remoteTimer: NodeJS.Timeout | undefined;
  /** Runs of this host that started and whose thread's items have not been synced since (it ended, its sync failed). */
  private unsyncedRuns = 0;
  /** Pulls of every source in a row in which one could not be reached: the next waits longer. */
  private remoteFailures = 0;

  constructor(
    readonly dataDir: string,
    private readonly checkpointer: CheckpointStore,
    private readonly hostDb: import("better-sqlite3").Database,
    private readonly graphs: GraphSet,
    private readonly pollMs: number,
    private readonly logger: Logger,
    private readonly closeLog: () => void = () => undefined,
    private readonly remoteOptions: { pollMs: number; secretKey?: Buffer | undefined } = { pollMs: 0 },
  ) {
    this.healthState = new Health((health) => {
      if (!health.problem) this.logger.info("The inbox is updating again");
      this.emit({ type: "health", health });
    });
    this.liveness = OwnerLiveness.claim(dataDir, this.owner);
    this.locks = new ThreadLocks(
      hostDb,
      this.owner,
      (owner) => this.liveness.isAlive(owner),
      (threadId, error) => this.failed("release", error, { threadId }),
    );
    this.journal = new DecisionJournal(hostDb);
    this.registry = new ThreadRegistry(hostDb);
    this.store = new InboxStore(hostDb);
    this.inbox = new InboxWatch({
      checkpointer,
      hostDb,
      store: this.store,
      registry: this.registry,
      inFlight: () => this.locks.inFlight(),
      threadInfo: (threadId) => this.threadInfo(threadId),
      emit: (event) => this.emit(event),
      listening: () => this.listeners.size > 0,
    });
    this.runs = new RunPath({
      locks: this.locks,
      registry: this.registry,
      checkpointer,
      graph: (graphId) => this.graphs.get(graphId),
      starting: (thread) => {
        this.unsyncedRuns++;
        this.emit({ type: "thread-status", thread });
      },
      // A run queued behind this one starts next: the thread runs on, whatever this run's end was
      // (a queued run that is refused announces the thread's status afresh).
      ended: async (info) => {
        await this.inbox.syncThread(info.threadId, this.locks.inFlight().includes(info.threadId) ? { ...info, status: "running", error: null } : info);
        this.unsyncedRuns--;
      },
    });
    this.sourceRegistry = new SourceRegistry(hostDb);
    this.remote = new RemoteSources({
      registry: this.sourceRegistry,
      journal: this.journal,
      locks: this.locks,
      owner: this.owner,
      secrets: () => (this.secretBox ??= new SecretBox(this.remoteOptions.secretKey ?? fileSecretKey(dataDir))),
      connect: (settings) => new RemoteDeployment(settings),
      // Changes to the store reach listeners through its change log.
      replaceItems: async (source, items) => {
        this.store.replaceSource(source, items);
        await this.inbox.announceStored();
      },
      dropItems: async (source) => {
        this.store.replaceSource(source, []);
        await this.inbox.announceStored();
      },
      view: (value) => remoteItemView({ value }),
      changed: () => this.emit({ type: "sources", sources: this.remote.list() }),
      logger,
    });
  }

  /**
   * Continues the runs a crash cut short, starts loading the inbox and starts watching for changes.
   * The load goes on in the background, begun after this returns, so the app can open meanwhile:
   * every read waits for it, and a failed load is retried there.
   */
  async start(): Promise<void> {
    setImmediate(() => void this.sync("inbox-load"));
    await this.recover();
    this.timer = setInterval(() => void this.sync("poll"), this.pollMs);
    this.timer.unref();
    if (this.remoteOptions.pollMs > 0) this.scheduleRemotePull(0);
  }

  /** Pulls every remote source in the background, then again after the poll interval (longer while one is out of reach). */
  private scheduleRemotePull(delayMs: number): void {
    if (this.closed) return;
    this.remoteTimer = setTimeout(() => {
      void this.track(this.remote.sync())
        .then((reports) => {
          this.remoteFailures = reports.some((report) => report.state !== "online") ? this.remoteFailures + 1 : 0;
        })
        .catch((error: unknown) => this.logger.error("Remote sources could not be pulled", { error }))
        .finally(() => this.scheduleRemotePull(nextPollDelay(this.remoteFailures, this.remoteOptions.pollMs, REMOTE_POLL_MAX_MS)));
    }, delayMs);
    this.remoteTimer.unref();
  }

  async listSources(_input: CallArgs<"listSources"> = {}): Promise<CallOutput<"listSources">> {
    return { sources: this.remote.list() };
  }

  async addSource(input: CallArgs<"addSource">): Promise<CallOutput<"addSource">> {
    return this.remote.add(input);
  }

  async updateSource(input: CallArgs<"updateSource">): Promise<CallOutput<"updateSource">> {
    return this.remote.update(input);
  }

  async removeSource({ name }: CallArgs<"removeSource">): Promise<CallOutput<"removeSource">> {
    await this.remote.remove(name);
    return { removed: name };
  }

  /** Pulls the items of one source (or all) now and delivers their queued decisions. */
  async syncSources({ name }: CallArgs<"syncSources"> = {}): Promise<CallOutput<"syncSources">> {
    return { reports: await this.track(this.remote.sync(name)) };
  }

  /** Whether the background load, polls and releases keep the inbox and the files up to date. */
  async health(): Promise<HostHealth> {
    return this.healthState.current();
  }

  /** Looks for changes now (a Retry after the inbox stopped updating); returns the health after it. */
  async retrySync(): Promise<HostHealth> {
    await this.sync("poll");
    return this.healthState.current();
  }

  /**
   * A background pass: outcomes that could not commit are tried again, then the inbox is synced.
   * Failures become the host's health (reported once, logged), never thrown.
   */
  private async sync(what: "inbox-load" | "poll"): Promise<void> {
    if (this.locks.stuck > 0) {
      const failure = this.locks.retryReleases();
      if (failure === undefined) this.healthState.ok("release");
    }
    try {
      await this.inbox.refresh();
    } catch (error) {
      this.failed(what, error);
      return;
    }
    // Loaded and read once: neither the first load nor polling is failing any longer.
    this.healthState.ok("inbox-load", "poll");
  }

  /** Records a background failure in the host's health, logged when it starts or changes, not at every poll. */
  private failed(what: "inbox-load" | "poll" | "release", error: unknown, fields: Record<string, unknown> = {}): void {
    const before = this.healthState.current();
    this.healthState.fail(what, error);
    if (this.healthState.current() !== before) this.logger.error(what === "release" ? "A run's outcome could not be saved" : "The inbox stopped updating", { what, error, ...fields });
  }

  subscribe(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Imports the graphs on the first call (or the first run): reading the inbox needs none. */
  async listGraphs(_input: CallArgs<"listGraphs"> = {}): Promise<CallOutput<"listGraphs">> {
    return this.graphs.list();
  }

  async listItems(query: Partial<CallArgs<"listItems">> = {}): Promise<CallOutput<"listItems">> {
    await this.inbox.read();
    try {
      return listItems(this.store, query, this.inbox.busyThreads());
    } catch (error) {
      throw new HostError("invalid-request", messageOf(error));
    }
  }

  async getItem({ itemId }: CallArgs<"getItem">): Promise<CallOutput<"getItem">> {
    await this.inbox.read();
    const entry = this.journal.get(itemId);
    const item = this.store.get(itemId) ?? (entry?.item as InboxItem | undefined);
    if (!item) throw new HostError("not-found", `No item ${itemId}`);
    const thread = item.source === LOCAL_SOURCE ? await threadContext(await this.checkpointer.saver(), this.threadInfo(item.threadId)) : await this.remote.context(item);
    return { item, thread, decision: entry ? toDecisionRecord(entry) : null };
  }

  /** The thread's status now, by the one rule (`threadStatus`). */
  threadInfo(threadId: string): ThreadInfo {
    const record = this.registry.get(threadId);
    const leased = record?.status === "running" && this.locks.isHeld(threadId);
    const { status, error } = threadStatus({
      leased,
      recorded: record?.status,
      recordedError: record?.error ?? null,
      pending: this.checkpointer.countPendingInterrupts(threadId),
    });
    return { threadId, graphId: record?.graphId ?? null, status, error };
  }

  /** Starts (or continues) a thread; returns when it pauses or ends, or after `waitMs` while it runs on. */
  async startRun({ graphId, input = {}, threadId = randomUUID() }: CallArgs<"startRun">, options: WaitOptions = {}): Promise<RunSummary> {
    await this.graphs.get(graphId);
    if (!isPlainObject(input)) throw new HostError("invalid-request", "Run input must be a JSON object");
    const owner = this.registry.get(threadId)?.graphId;
    if (owner && owner !== graphId) throw new HostError("invalid-request", `Thread ${threadId} belongs to graph "${owner}", not "${graphId}"`);
    return this.runAndReport({ threadId, graphId, input: input as RunInput }, options.waitMs);
  }

  /**
   * Runs a failed thread on from its last checkpoint (LangGraph runs again the tasks that failed,
   * with the answers already given); returns like startRun. Only a thread whose last run failed.
   */
  async retryThread({ threadId }: CallArgs<"retryThread">, options: WaitOptions = {}): Promise<RunSummary> {
    const graphId = this.registry.get(threadId)?.graphId;
    if (graphId === undefined) throw new HostError("not-found", `No thread ${threadId}`);
    await this.graphs.get(graphId);
    // Checked under the lease: another window or process may have retried it meanwhile.
    const taking = () => {
      const { status } = this.threadInfo(threadId);
      if (status !== "error") throw new HostError("invalid-request", `Thread ${threadId} is ${status}: only a thread whose run failed can be retried`);
    };
    return this.runAndReport({ threadId, graphId, input: null, taking }, options.waitMs);
  }

  /**
   * Records the decision durably, then resumes the graph by interrupt id. A second decision on the
   * same item, from this process or any other, is refused with "already decided".
   */
  async decide({ itemId, decision }: { itemId: string; decision: unknown }, options: WaitOptions = {}): Promise<DecideOutcome> {
    // The store is enough to find the item; whether it is still pending is read from the file under the lease.
    let item = this.store.get(itemId);
    if (!item) {
      await this.inbox.read();
      item = this.store.get(itemId);
    }
    if (!item) {
      if (this.journal.get(itemId)) throw alreadyDecided(itemId);
      throw new HostError("not-found", `No pending item ${itemId}`);
    }
    // Validated against the item: a malformed decision is refused naming the action it was for.
    // Imported here: its JSON Schema validator is for deciding, not for reading the inbox.
    const { toResumeValue } = await (resumeValues ??= import("./decisions/resume-value.js"));
    const resume = toResumeValue(item, item.value, decision);
    if (!resume.ok) throw new HostError("invalid-decision", resume.error);
    if (item.source !== LOCAL_SOURCE) return this.decideRemote(item, resume.decision, resume.value);
    const { threadId, graphId, interruptId, checkpointId } = item;
    const entry = { ...item, itemId, item, decision: resume.decision, resume: resume.value };
    const input = await resumeInput(interruptId, resume.value);

    let recorded!: (error?: unknown) => void;
    const whenRecorded = new Promise<void>((resolve, reject) => (recorded = (error) => (error ? reject(error) : resolve())));
    const run = this.track(
      this.runs.run({
        threadId,
        graphId,
        input,
        // In the transaction taking the lease, so the entry commits with it, before the graph runs on.
        // Checked again there: another window or process may have decided meanwhile (throwing writes nothing).
        taking: () => {
          if (!this.checkpointer.isPending(threadId, interruptId, checkpointId) || !this.journal.record(entry, this.owner)) throw alreadyDecided(itemId);
        },
        taken: () => recorded(),
        ended: (info) => this.journal.finish(itemId, info.error === null ? "applied" : "failed", info.status, info.error),
      }),
    );
    void run.catch((error: unknown) => {
      // Refused: the stored item is stale, so drop it now rather than at the next poll.
      if (error instanceof HostError && error.code === "already-decided") {
        this.track(this.inbox.syncThread(threadId)).catch((cause: unknown) => this.logger.warn("Could not drop a stale item; the next poll does", { itemId, error: cause }));
      }
      // Failing before the decision was recorded (the lease, the database) must not leave the caller waiting.
      recorded(error instanceof HostError ? error : new HostError("internal", `Could not record the decision on ${itemId}: ${messageOf(error)}`));
    });
    await whenRecorded;
    const ended = await settledWithin(run, options.waitMs ?? DEFAULT_WAIT_MS);
    const status = ended === undefined ? "running" : ended.error === null ? "applied" : "failed";
    return { itemId, status, thread: await this.summary(threadId, ended) };
  }

  /**
   * The same decision for several items: different threads are decided side by side, each item
   * answered on its own. An item with several actions takes it for each (`bulkDecisionFor`).
   */
  async decideMany({ itemIds, decision }: CallArgs<"decideMany">, options: WaitOptions = {}): Promise<CallOutput<"decideMany">> {
    const results: CallOutput<"decideMany">["results"] = new Array(itemIds.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < itemIds.length; i = next++) {
        const itemId = itemIds[i]!;
        try {
          const item = this.store.get(itemId) ?? (await this.inbox.read().then(() => this.store.get(itemId)));
          const each = item ? bulkDecisionFor(item, decision) : { ok: true as const, decision };
          if (!each.ok) throw new HostError("invalid-decision", each.error);
          results[i] = { itemId, ok: true, outcome: await this.decide({ itemId, decision: each.decision }, options) };
        } catch (error) {
          results[i] = { itemId, ok: false, error: toContractError(error) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, itemIds.length) }, worker));
    return { results };
  }

  /**
   * A remote item's decision: journaled, then delivered at once if its deployment answers, else
   * queued for the next pull. The item leaves the inbox once delivered or found answered elsewhere;
   * the deployment is pulled again for what its thread asks next.
   */
  private async decideRemote(item: InboxItem, decision: unknown, resume: unknown): Promise<DecideOutcome> {
    const entry = await this.remote.decide(item, { ...item, itemId: item.id, item, decision, resume });
    const status = entry.state === "recorded" ? "queued" : entry.state;
    if (status !== "queued") {
      this.store.remove([item.id]);
      await this.inbox.announceStored();
      void this.track(this.remote.sync(item.source)).catch((error: unknown) => this.logger.warn("A remote source could not be pulled after a decision", { source: item.source, error }));
    }
    const threadStatus = status === "queued" || status === "conflict" ? "waiting" : status === "failed" ? "error" : ((entry.outcome as ThreadInfo["status"] | null) ?? "waiting");
    return { itemId: item.id, status, thread: { threadId: item.threadId, status: threadStatus, error: entry.error, items: this.store.forThread(item.source, item.threadId) } };
  }

  async history(options: CallArgs<"history"> = {}): Promise<CallOutput<"history">> {
    return { decisions: this.journal.history(options).map(toDecisionRecord) };
  }

  /** Looks for changes made by other processes now, instead of at the next poll. */
  refresh(): Promise<void> {
    return this.inbox.refresh();
  }

  /** Stops watching, waits for runs in flight, and closes the databases. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.remoteTimer);
    await Promise.allSettled([...this.background]);
    await this.inbox.close(this.unsyncedRuns === 0 && this.locks.stuck === 0);
    this.locks.retryReleases();
    this.liveness.release();
    this.checkpointer.close();
    this.hostDb.close();
    this.closeLog();
  }

  /** Runs a thread (start or retry) and reports it as it ended, or as it is after `waitMs`. */
  private async runAndReport(spec: Parameters<RunPath["run"]>[0], waitMs: number | undefined): Promise<RunSummary> {
    const run = this.track(this.runs.run(spec));
    // Graph errors are the thread's status; a rejection is the host failing to run it at all.
    let failure: unknown;
    void run.catch((error: unknown) => (failure = error ?? "unknown error"));
    const ended = await settledWithin(run, waitMs ?? DEFAULT_WAIT_MS);
    if (failure instanceof HostError) throw failure;
    if (failure !== undefined) throw new HostError("internal", `Could not run thread ${spec.threadId}: ${messageOf(failure)}`);
    return this.summary(spec.threadId, ended);
  }

  /**
   * The thread after a run: as the run left it when it ended, else as it is now (running), with its
   * items read again: a run still going on has usually consumed its answer by then.
   */
  private async summary(threadId: string, ended: ThreadInfo | undefined): Promise<RunSummary> {
    if (!ended) await this.inbox.syncThread(threadId);
    const info = ended ?? this.threadInfo(threadId);
    return { threadId, status: info.status, error: info.error, items: this.store.forThread(LOCAL_SOURCE, threadId) };
  }

  /**
   * Continues every run a crash cut short (recorded as running, with no live owner), exactly once:
   * a decision's answer is sent again if it never reached its task, and the graph runs on to its
   * next pause or its end, whichever step the run was in. A thread whose graph is not loaded waits
   * for a start that loads it.
   */
  private async recover(): Promise<void> {
    const leased = this.locks.running();
    const cutShort = new Map<string, string>();
    for (const { threadId, graphId } of this.registry.running()) if (!leased.has(threadId)) cutShort.set(threadId, graphId);
    for (const { threadId, graphId, owner } of this.journal.unfinished()) {
      if (!leased.has(threadId) && !this.liveness.isAlive(owner)) cutShort.set(threadId, graphId);
    }
    for (const [threadId, graphId] of cutShort) {
      // Graphs are imported only now, when a run was cut short; one that does not load waits for a start that loads it.
      if (!(await this.graphs.has(graphId))) continue;
      let entry: JournalEntry | undefined;
      const run = this.runs.run({
        threadId,
        graphId,
        // Read under the lease: another process may have recovered the thread while this one waited for it.
        taking: () => {
          entry = this.journal.unfinished().find((candidate) => candidate.threadId === threadId);
          if (!entry && this.registry.get(threadId)?.status !== "running") throw new NothingToRecover();
        },
        input: () => this.recoveryInput(threadId, graphId, entry),
        ended: (info) => {
          if (entry) this.journal.finish(entry.itemId, info.error === null ? "applied" : "failed", info.status, info.error);
        },
      });
      await run.catch((error: unknown) => {
        if (!(error instanceof NothingToRecover)) throw error;
      });
    }
  }

  /** What a cut-short run is continued with, read from the checkpoint under its lease. */
  private async recoveryInput(threadId: string, graphId: string, entry: JournalEntry | undefined): Promise<RunInput | undefined> {
    const config = { configurable: { thread_id: threadId } };
    const latest = await (await this.checkpointer.saver()).getTuple(config);
    // Not "done": a thread that never ran must say so (a decision always has a checkpoint).
    if (latest === undefined && entry === undefined) throw new Error(NEVER_BEGAN);
    const state = await (await this.graphs.get(graphId)).getState(config);
    const step = planRecovery({
      entry,
      stillPending: entry !== undefined && this.checkpointer.isPending(threadId, entry.interruptId, entry.checkpointId),
      latestCheckpointId: latest?.config.configurable?.checkpoint_id as string | undefined,
      latestWrites: latest?.pendingWrites ?? [],
      tasks: state.tasks,
    });
    if (step === "resume") return resumeInput(entry!.interruptId, entry!.resume);
    return step === "continue" ? null : undefined;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.background.add(promise);
    // The caller sees the promise's own rejection; this chain only forgets it once settled.
    void promise.finally(() => this.background.delete(promise)).catch(() => undefined);
    return promise;
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

class NothingToRecover extends Error {}

/**
 * Imported by the first decision (ajv and its schemas are not needed to read the inbox), then kept:
 * a dynamic import goes through the module loader each time, and under a loader such as tsx that
 * is a round trip to its thread.
 */
let resumeValues: Promise<typeof import("./decisions/resume-value.js")> | undefined;

function alreadyDecided(itemId: string): HostError {
  return new HostError("already-decided", `Item ${itemId} was already decided`);
}

function toDecisionRecord(entry: JournalEntry): DecisionRecord {
  const { seq, itemId, threadId, graphId, decision, resume, state, outcome, error, decidedAt, finishedAt, source } = entry;
  return { seq, itemId, source, threadId, graphId, item: entry.item as InboxItem, decision, resume, state, outcome, error, decidedAt, finishedAt };
}

/** Waits for `promise` to fulfil, but no longer than `ms`: its value, or undefined. Its rejection is the caller's to see elsewhere. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    const settled = (value: T | undefined) => {
      clearTimeout(timer);
      resolve(value);
    };
    promise.then(settled, () => settled(undefined));
  });
}
