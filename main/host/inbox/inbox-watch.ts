import type Database from "better-sqlite3";
import type { CheckpointStore } from "../checkpointer/checkpoint-store.js";
import type { InboxStore, ItemChange } from "../store/inbox-store.js";
import type { ThreadRegistry } from "../store/thread-registry.js";
import { LOCAL_SOURCE, LocalSource } from "./local-source.js";
import type { HostEvent, ThreadInfo } from "../../../shared/inbox.js";

export interface InboxWatchDeps {
  checkpointer: CheckpointStore;
  hostDb: Database.Database;
  store: InboxStore;
  registry: ThreadRegistry;
  /** Threads with runs of this host going on or queued. */
  inFlight: () => string[];
  threadInfo: (threadId: string) => ThreadInfo;
  emit: (event: HostEvent) => void;
  /** Whether anyone listens: without listeners, thread statuses are not worked out for nothing. */
  listening: () => boolean;
}

/**
 * Keeps the store's local items in step with both files, whoever writes them, and announces what
 * changed, as the store's change log tells (so a change another process made is announced too). Passes run one after the other: a call made while another is syncing waits for it
 * instead of returning early (the stamp would already look seen) and reading a store not up to
 * date yet, unless that pass is loading many rows (`read`).
 */
export class InboxWatch {
  readonly local: LocalSource;
  private seenStamp = "";
  private seenOwn = 0;
  private seenRegistryAt = Date.now();
  /** The store's change log was announced up to here. */
  private seenVersion: number;
  private passes: Promise<void> = Promise.resolve();
  private closed = false;
  private filling = false;
  /** Until this host's first complete pass ends. */
  private starting = true;
  /** Readers waiting for the pass going on; let go when it turns out to be a long load. */
  private readonly readers = new Set<() => void>();

  constructor(private readonly deps: InboxWatchDeps) {
    this.seenVersion = deps.store.latestChange();
    this.local = new LocalSource(deps.checkpointer, deps.store, (threadIds) => deps.registry.graphsOf(threadIds), (on) => {
      this.filling = on;
      if (!on) return;
      for (const release of this.readers) release();
      this.readers.clear();
    });
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

  /**
   * What a read waits for: a refresh, except while this host's first pass runs (the store as the
   * last host left it answers: every host keeps it in step as it writes, so it lags the index only
   * where a process that is not a host wrote, or a host died between its commit and its sync) and
   * while a pass loads more than a batch of rows (the first pass after an upgrade, many new items at
   * once): then the read is answered from the store as it is, between two batches. Either pass
   * announces what it changed when done.
   */
  read(): Promise<void> {
    if (this.filling || this.starting) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.readers.add(resolve);
      this.refresh().then(resolve, reject).finally(() => this.readers.delete(resolve));
    });
  }

  /** After a run of ours: only that thread's rows are read, so a decision costs the same in any size of inbox. */
  syncThread(threadId: string, known?: ThreadInfo): Promise<void> {
    return this.serialized(async () => {
      if (this.closed) return;
      await this.local.syncThread(threadId, this.busyThreads());
      this.announce([threadId], known);
    });
  }

  /** Announces what this host wrote to the store itself (a remote source's items), after the pass going on. */
  announceStored(): Promise<void> {
    return this.serialized(async () => {
      if (!this.closed) this.announce([]);
    });
  }

  /**
   * Waits for the pass going on, then stops: later calls do nothing. `ownChangesSynced`: every run
   * of this host ended with its thread's sync. Then, if no other process wrote either file since
   * the last complete pass, the store matches the index, and that is marked for the next host.
   */
  async close(ownChangesSynced = false): Promise<void> {
    await this.passes;
    this.closed = true;
    const now = this.stamp();
    if (!ownChangesSynced || this.seenStamp === "" || now.files !== this.seenStamp) return;
    try {
      this.local.markInStep(now.others);
    } catch {
      // Not marked (a read-only or full disk): the next host compares the store with the index instead.
    }
  }

  /** What changes when another connection writes either file (`files`; `others`: the index's file alone), and this host's own commits. */
  private stamp(): { files: string; others: number; own: number } {
    const { others, own } = this.deps.checkpointer.changeStamp();
    return { files: `${others}|${this.deps.hostDb.pragma("data_version", { simple: true })}`, others, own };
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
    const { files: stamp, own } = this.stamp();
    // A deferred breakpoint row waits for its thread to stop running, which may change no stamp here.
    if (stamp === this.seenStamp && !this.local.deferred) {
      if (own !== this.seenOwn) await this.syncRunsInFlight(own);
      return;
    }
    // Taken as seen before the pass: what changes during it changes the stamp again.
    this.seenStamp = stamp;
    this.seenOwn = own;
    try {
      await this.local.sync(this.busyThreads());
    } catch (error) {
      this.seenStamp = ""; // look again next time
      throw error;
    } finally {
      this.starting = false;
    }
    this.deps.store.trimChanges();
    const since = this.seenRegistryAt;
    this.seenRegistryAt = Date.now();
    this.announce(this.deps.registry.updatedSince(since).map((record) => record.threadId));
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
    for (const threadId of inFlight) {
      await this.local.syncThread(threadId, busy);
      this.announce([threadId]);
    }
  }

  /**
   * Emits what the change log holds since the last look (whoever changed the store), and the status
   * of every thread it touches and of `threads` (`known`: a status already at hand).
   */
  private announce(threads: string[], known?: ThreadInfo): void {
    const { store, emit, threadInfo, listening } = this.deps;
    if (!listening()) {
      this.seenVersion = store.latestChange();
      return;
    }
    const log = store.changesSince(this.seenVersion);
    this.seenVersion = log.latest;
    if (log.bulk > 0 || log.missed) emit({ type: "items-loaded" });
    const { resolved, added } = netChanges(log.changes);
    for (const change of resolved) emit({ type: "item-resolved", itemId: change.id, threadId: change.threadId });
    for (const change of added) {
      const item = store.get(change.id);
      // Gone again since the log was read: its removal is the next look's.
      if (item) emit({ type: "item-added", item });
    }
    const local = [...resolved, ...added].filter((change) => change.source === LOCAL_SOURCE);
    const touched = new Set(local.map((change) => change.threadId).concat(threads));
    for (const threadId of touched) emit({ type: "thread-status", thread: threadId === known?.threadId ? known : threadInfo(threadId) });
  }
}

/**
 * What a run of log entries means for someone who saw the store before them: per item, resolved if
 * it existed before (its first entry is a removal), added if it exists after (its last entry stores it).
 */
export function netChanges(changes: readonly ItemChange[]): { resolved: ItemChange[]; added: ItemChange[] } {
  const byId = new Map<string, { first: ItemChange; last: ItemChange }>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    if (seen) seen.last = change;
    else byId.set(change.id, { first: change, last: change });
  }
  const resolved: ItemChange[] = [];
  const added: ItemChange[] = [];
  for (const { first, last } of byId.values()) {
    if (!first.stored) resolved.push(first);
    if (last.stored) added.push(last);
  }
  return { resolved, added };
}
