import type Database from "better-sqlite3";
import type { CheckpointStore } from "../checkpointer/checkpoint-store.js";
import type { ThreadRegistry } from "../store/thread-registry.js";
import { ItemCache, type ItemChanges } from "./item-cache.js";
import type { HostEvent, ThreadInfo } from "../../../shared/inbox.js";

export interface InboxWatchDeps {
  checkpointer: CheckpointStore;
  hostDb: Database.Database;
  registry: ThreadRegistry;
  /** Threads with runs of this host going on or queued. */
  inFlight: () => string[];
  threadInfo: (threadId: string) => ThreadInfo;
  emit: (event: HostEvent) => void;
  /** Whether anyone listens: without listeners, thread statuses are not worked out for nothing. */
  listening: () => boolean;
}

/**
 * Keeps the inbox's items in step with both files, whoever writes them, and announces what
 * changed. Passes run one after the other: a call made while another is syncing waits for it
 * instead of returning early (the stamp would already look seen) and reading a cache not up to
 * date yet.
 */
export class InboxWatch {
  readonly cache: ItemCache;
  private seenStamp = "";
  private seenOwn = 0;
  private seenRegistryAt = Date.now();
  private passes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: InboxWatchDeps) {
    this.cache = new ItemCache(deps.checkpointer, (threadIds) => deps.registry.graphsOf(threadIds));
  }

  /**
   * Threads whose run started and whose end is not recorded: a pause before nodes on one of them is
   * the run between two steps (or cut short, waiting for recovery), not a breakpoint for anyone.
   */
  busyThreads(): Set<string> {
    return new Set(this.deps.registry.running().map((record) => record.threadId));
  }

  /** Looks for changes (own or another process's) and announces them. */
  refresh(): Promise<void> {
    return this.serialized(() => this.refreshNow());
  }

  /** After a run of ours: only that thread's rows are read, so a decision costs the same in any size of inbox. */
  syncThread(threadId: string, known?: ThreadInfo): Promise<void> {
    return this.serialized(async () => {
      if (this.closed) return;
      this.announce(await this.cache.syncThread(threadId, this.busyThreads()), [threadId], known);
    });
  }

  /** Waits for the pass going on, then stops: later calls do nothing. */
  async close(): Promise<void> {
    await this.passes;
    this.closed = true;
  }

  private serialized<T>(pass: () => Promise<T>): Promise<T> {
    const next = this.passes.then(pass);
    this.passes = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async refreshNow(): Promise<void> {
    if (this.closed) return;
    const { others, own } = this.deps.checkpointer.changeStamp();
    const stamp = `${others}|${this.deps.hostDb.pragma("data_version", { simple: true })}`;
    // A deferred breakpoint row waits for its thread to stop running, which may change no stamp here.
    if (stamp === this.seenStamp && !this.cache.deferred) {
      if (own !== this.seenOwn) await this.syncRunsInFlight(own);
      return;
    }
    // Taken as seen before the pass: what changes during it changes the stamp again.
    this.seenStamp = stamp;
    this.seenOwn = own;
    let changes: ItemChanges;
    try {
      changes = await this.cache.sync(this.busyThreads());
    } catch (error) {
      this.seenStamp = ""; // look again next time
      throw error;
    }
    const since = this.seenRegistryAt;
    this.seenRegistryAt = Date.now();
    this.announce(changes, this.deps.registry.updatedSince(since).map((record) => record.threadId));
  }

  /**
   * Only this host wrote since the last look: its runs, each of which syncs its thread when it
   * ends, so only the threads of runs still going on (a branch paused while another works on)
   * need a look, not the whole inbox.
   */
  private async syncRunsInFlight(own: number): Promise<void> {
    this.seenOwn = own;
    const inFlight = this.deps.inFlight();
    if (inFlight.length === 0) return;
    const busy = this.busyThreads();
    for (const threadId of inFlight) this.announce(await this.cache.syncThread(threadId, busy), [threadId]);
  }

  /** Emits the items' changes and the status of every thread they touch (`known`: a status already at hand). */
  private announce({ added, resolved }: ItemChanges, threads: string[], known?: ThreadInfo): void {
    if (!this.deps.listening()) return;
    const { emit, threadInfo } = this.deps;
    for (const item of resolved) emit({ type: "item-resolved", itemId: item.id, threadId: item.threadId });
    for (const item of added) emit({ type: "item-added", item });
    const touched = new Set([...added, ...resolved].map((item) => item.threadId).concat(threads));
    for (const threadId of touched) emit({ type: "thread-status", thread: threadId === known?.threadId ? known : threadInfo(threadId) });
  }
}
