import { hash } from "node:crypto";
import type { CheckpointStore } from "../checkpointer/checkpoint-store.js";
import type { PendingInterrupt, PendingInterruptKey } from "../checkpointer/interrupt-index.js";
import type { InboxStore, StoredKey } from "../store/inbox-store.js";
import type { InboxItem } from "../../../shared/inbox.js";
import { normalizeInterrupt } from "./normalize.js";
import { toPlainJson } from "./plain-json.js";

import { LOCAL_SOURCE } from "../../../shared/sources.js";

export { LOCAL_SOURCE };

/** A stable id for the thing a thread waits on: its interrupt, or the checkpoint it is paused at. */
export function itemIdOf(threadId: string, interruptId: string | null, checkpointId: string): string {
  return hash("sha256", `${threadId}\n${interruptId ?? `next:${checkpointId}`}`).slice(0, 16);
}

export function toInboxItem(row: PendingInterrupt, graphId: string): InboxItem {
  const value = toPlainJson(row.value);
  const view = normalizeInterrupt(row.interruptId === null ? undefined : value, { breakpointNodes: row.nodes });
  return {
    id: itemIdOf(row.threadId, row.interruptId, row.checkpointId),
    source: LOCAL_SOURCE,
    graphId,
    threadId: row.threadId,
    interruptId: row.interruptId,
    checkpointId: row.checkpointId,
    taskId: row.taskId,
    createdAt: row.createdAt,
    value: value ?? null,
    ...view,
  };
}

/**
 * Index rows read, normalized and written per batch. A big load (the first after an upgrade fills
 * the store from the whole index) goes in batches, each its own transaction: calls are answered
 * between batches, and each batch's garbage dies young.
 */
export const LOAD_BATCH = 250;

/** Index keys compared per step of a complete pass: calls are answered between steps. */
export const KEY_CHUNK = 2000;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Keeps the store's local items in step with the checkpointer's interrupt index (which any process
 * may change) by comparing keys: each stored local item keeps the index row it was read from
 * (`seq`) and that row's identity, so a pass reads only the keys of both sides, a range of
 * sequence numbers at a time, then loads and normalizes only the rows not stored yet. What it
 * changes goes to the store's change log, which the host announces from. Passes (sync and
 * syncThread) must not overlap: the host runs them one after the other.
 */
export class LocalSource {
  /** Whether a complete pass has run once: what the first one finds is not news, unless newer than this host. */
  private loaded = false;
  private readonly createdAt = Date.now();
  /**
   * Whether the last pass left out a "paused before" row of a running thread. Every new checkpoint
   * of a running thread has such a row until the first write of its step lands (for the whole of a
   * slow node), so it only becomes an item once the thread stops running there: a real breakpoint.
   */
  deferred = false;

  constructor(
    private readonly checkpointer: CheckpointStore,
    private readonly store: InboxStore,
    private readonly graphsOf: (threadIds: string[]) => Map<string, string>,
    /** Told when a pass starts loading more than one batch, and when it is done. */
    private readonly filling: (on: boolean) => void = () => undefined,
  ) {}

  /**
   * Brings the store's local items up to date with the whole index, `KEY_CHUNK` index keys at a
   * time. `running`: threads being run now. The first pass stores as news only items newer than
   * this host: the others are the inbox as found.
   */
  async sync(running: ReadonlySet<string> = new Set()): Promise<void> {
    const first = !this.loaded;
    if (this.stillMatches(running)) {
      this.deferred = false;
      this.loaded = true;
      return;
    }
    // Started before the index is read: a change made while this pass runs ends the watch.
    const epoch = this.checkpointer.watchIndex();
    let deferred = false;
    let filling = false;
    const fill = () => {
      if (!filling) this.filling((filling = true));
    };
    try {
      for (let after = Number.MIN_SAFE_INTEGER; ; ) {
        const keys = this.checkpointer.pendingInterruptKeysAfter(after, KEY_CHUNK);
        const last = keys.length < KEY_CHUNK ? Number.MAX_SAFE_INTEGER : keys[keys.length - 1]!.seq;
        const stored = this.store.keysBetween(LOCAL_SOURCE, after, last);
        if (await this.reconcile(keys, stored, running, first, fill)) deferred = true;
        if (last === Number.MAX_SAFE_INTEGER) break;
        after = last;
        await nextTurn();
      }
    } finally {
      if (filling) this.filling(false);
    }
    this.deferred = deferred;
    this.loaded = true;
    // A row left out for now is one the next pass must look at again.
    if (!deferred && epoch !== null) this.store.markIndex(epoch);
  }

  /**
   * Records that the store matches the index as it is now, without comparing them: for a host
   * closing after every change since its last complete pass was its own and synced thread by thread,
   * when no other connection has written the index's file since `others` (its `data_version` then).
   */
  markInStep(others: number): void {
    if (!this.loaded || this.deferred) return;
    const epoch = this.checkpointer.watchIndex(others);
    if (epoch !== null) this.store.markIndex(epoch);
  }

  /**
   * Whether the local items still match the index as a complete pass (or a clean close) left them:
   * the index unchanged since that watch started, as many local items, and no breakpoint row stored
   * for a thread that runs now (such a row waits for the run to stop). Then a pass has nothing to compare.
   */
  private stillMatches(running: ReadonlySet<string>): boolean {
    const mark = this.store.indexMark();
    if (!mark || mark.items !== mark.itemsNow || !this.checkpointer.indexUnchangedSince(mark.epoch)) return false;
    for (const threadId of running) {
      if (this.store.keys(LOCAL_SOURCE, threadId).some((key) => key.interruptId === null)) return false;
    }
    return true;
  }

  /** Brings one thread's items up to date (after a run of ours): costs that thread's rows, not the inbox's. */
  async syncThread(threadId: string, running: ReadonlySet<string>): Promise<void> {
    const keys = this.checkpointer.pendingInterruptKeys(threadId);
    // A seq names a row, not forever: once its row is deleted the number can be given to a new row
    // (rowid reuse), possibly of another thread than the one this pass covers.
    const stored = new Map(this.store.keys(LOCAL_SOURCE, threadId).map((key) => [key.seq, key]));
    for (const key of this.store.keysAt(LOCAL_SOURCE, keys.map((key) => key.seq))) stored.set(key.seq, key);
    if (await this.reconcile(keys, [...stored.values()], running, false, () => undefined)) this.deferred = true;
  }

  /**
   * Reconciles the stored keys `stored` with the index keys `keys` that cover them; true when it
   * left out a breakpoint row of a running thread. `fill`: called before loading more than a batch.
   */
  private async reconcile(keys: PendingInterruptKey[], stored: StoredKey[], running: ReadonlySet<string>, first: boolean, fill: () => void): Promise<boolean> {
    const live = new Map(keys.map((key) => [key.seq, key]));
    const transient = (key: Pick<PendingInterruptKey, "threadId" | "interruptId">) => key.interruptId === null && running.has(key.threadId);
    const kept = new Set<number>();
    const stale: string[] = [];
    for (const key of stored) {
      // A breakpoint row stored before its thread started running (by another process, say) waits for the run to stop, as a new one would.
      if (key.seq !== null && sameRow(key, live.get(key.seq)) && !transient(key)) kept.add(key.seq);
      else stale.push(key.id);
    }
    this.store.remove(stale);
    const unseen = keys.filter((key) => !kept.has(key.seq));
    const deferred = unseen.some(transient);
    const fresh = unseen.filter((key) => !transient(key));
    if (fresh.length === 0) return deferred;
    const graphs = this.graphsOf(fresh.map((key) => key.threadId));
    // Runs may start before the first pass ends (it goes on in the background): their items are news.
    const isNews = (item: InboxItem) => !first || Date.parse(item.createdAt) >= this.createdAt;
    if (fresh.length > LOAD_BATCH) fill();
    for (let start = 0; start < fresh.length; start += LOAD_BATCH) {
      if (start > 0) await nextTurn();
      const rows = await this.checkpointer.pendingInterruptsAt(fresh.slice(start, start + LOAD_BATCH).map((key) => key.seq));
      // Between listing and loading the index may change: a row that is no longer the one listed is left to the next pass.
      const current = rows.filter((row) => sameRow(row, live.get(row.seq)));
      const items = current.map((row) => toInboxItem(row, graphs.get(row.threadId) ?? "unknown"));
      const seqs = current.map((row) => row.seq);
      const news = items.map(isNews);
      const old = items.filter((_, i) => !news[i]);
      if (old.length > 0) this.store.upsert(old, seqs.filter((_, i) => !news[i]), false);
      if (old.length < items.length) this.store.upsert(items.filter((_, i) => news[i]), seqs.filter((_, i) => news[i]));
    }
    return deferred;
  }
}

function sameRow(stored: Pick<StoredKey, "threadId" | "checkpointId" | "interruptId">, key: PendingInterruptKey | undefined): boolean {
  return key !== undefined && key.threadId === stored.threadId && key.interruptId === stored.interruptId && key.checkpointId === stored.checkpointId;
}
