import { hash } from "node:crypto";
import type { CheckpointStore } from "../checkpointer/checkpoint-store.js";
import type { PendingInterrupt, PendingInterruptKey } from "../checkpointer/interrupt-index.js";
import { ItemQuery, type InboxItem, type ItemPage, type ItemSort } from "../../../shared/inbox.js";
import { formatIssues } from "../../../shared/values.js";
import { normalizeInterrupt } from "./normalize.js";
import { toPlainJson } from "./plain-json.js";

/** A stable id for the thing a thread waits on: its interrupt, or the checkpoint it is paused at. */
export function itemIdOf(threadId: string, interruptId: string | null, checkpointId: string): string {
  return hash("sha256", `${threadId}\n${interruptId ?? `next:${checkpointId}`}`).slice(0, 16);
}

export function toInboxItem(row: PendingInterrupt, graphId: string): InboxItem {
  const value = toPlainJson(row.value);
  const view = normalizeInterrupt(row.interruptId === null ? undefined : value, { breakpointNodes: row.nodes });
  return {
    id: itemIdOf(row.threadId, row.interruptId, row.checkpointId),
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
 * Rows read per query. A big load (10,000 items at start) goes in batches: each batch's garbage dies
 * young (cheap to collect), and the server answers requests between batches instead of after all.
 */
const LOAD_BATCH = 100;

interface Entry {
  item: InboxItem;
  /** Lower-cased searchable text, built on the first search that needs it. */
  haystack?: string;
}

/**
 * The pending items of this process, kept in step with the checkpointer's interrupt index
 * (which any process may change) by diffing index keys: only new rows are loaded.
 */
/** What a pass over the index changed in the cache. */
export interface ItemChanges {
  added: InboxItem[];
  resolved: InboxItem[];
}

export class ItemCache {
  private readonly bySeq = new Map<number, Entry>();
  private readonly byId = new Map<string, Entry>();
  private readonly byThread = new Map<string, Set<number>>();
  private syncing: Promise<ItemChanges> | undefined;
  /** Whether a complete pass has loaded the inbox once: what the first one finds is not news, unless newer than the cache. */
  private loaded = false;
  private readonly createdAt = Date.now();
  /** Entries in each sort order, computed once per change of the cache (`version`, bumped on every add and remove). */
  private readonly sorted = new Map<ItemSort, { version: number; entries: Entry[] }>();
  private version = 0;
  /**
   * Whether the last pass left out a "paused before" row of a running thread. Every new checkpoint
   * of a running thread has such a row until the first write of its step lands (for the whole of a
   * slow node), so it only becomes an item once the thread stops running there: a real breakpoint.
   */
  deferred = false;

  constructor(
    private readonly checkpointer: CheckpointStore,
    private readonly graphsOf: (threadIds: string[]) => Map<string, string>,
  ) {}

  /**
   * Brings the cache up to date; concurrent callers share one pass. `running`: threads being run now.
   * The first pass reports only items newer than the cache as added: the others are the inbox as found, not news. Passes
   * (sync and syncThread) must not overlap: the host runs them one after the other.
   */
  sync(running: ReadonlySet<string> = new Set()): Promise<ItemChanges> {
    this.syncing ??= this.pass(this.checkpointer.pendingInterruptKeys(), [...this.bySeq.keys()], running, true).finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** Brings one thread's items up to date (after a run of ours): costs that thread's rows, not the inbox's. */
  syncThread(threadId: string, running: ReadonlySet<string>): Promise<ItemChanges> {
    return this.pass(this.checkpointer.pendingInterruptKeys(threadId), [...(this.byThread.get(threadId) ?? [])], running, false);
  }

  get(itemId: string): InboxItem | undefined {
    return this.byId.get(itemId)?.item;
  }

  forThread(threadId: string): InboxItem[] {
    return [...(this.byThread.get(threadId) ?? [])].map((seq) => this.bySeq.get(seq)!.item);
  }

  /** Filtered, sorted, paged; breakpoint rows of threads that are running are not waiting for anyone. */
  list(input: ItemQuery, running: Set<string>): ItemPage {
    const parsed = ItemQuery.safeParse(input);
    if (!parsed.success) throw new Error(`Invalid item query: ${formatIssues(parsed.error.issues, "query")}`);
    const query = parsed.data;
    const offset = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`Invalid item cursor: ${JSON.stringify(query.cursor)}`);
    const visible = this.inOrder(query.sort).filter((entry) => entry.item.interruptId !== null || !running.has(entry.item.threadId));
    const counts = { all: visible.length, byKind: {} as Record<string, number>, byGraph: {} as Record<string, number> };
    for (const { item } of visible) {
      counts.byKind[item.kind] = (counts.byKind[item.kind] ?? 0) + 1;
      counts.byGraph[item.graphId] = (counts.byGraph[item.graphId] ?? 0) + 1;
    }
    const needle = query.search?.trim().toLowerCase();
    const matching = query.graphId || query.kind || needle
      ? visible.filter((entry) => (!query.graphId || entry.item.graphId === query.graphId) && (!query.kind || entry.item.kind === query.kind) && (!needle || haystackOf(entry).includes(needle)))
      : visible;
    const items = matching.slice(offset, offset + query.limit).map((entry) => entry.item);
    const next = offset + items.length;
    return { items, total: matching.length, counts, nextCursor: next < matching.length ? String(next) : null };
  }

  /** Every entry in `sort` order; sorted again only after the cache changed, so paging through costs a page. */
  private inOrder(sort: ItemSort): Entry[] {
    const memo = this.sorted.get(sort);
    if (memo?.version === this.version) return memo.entries;
    const compare = comparators[sort];
    const entries = [...this.byId.values()].sort((a, b) => compare(a.item, b.item));
    this.sorted.set(sort, { version: this.version, entries });
    return entries;
  }

  /** Reconciles the cached rows `cached` with the index rows `keys` that cover them. */
  private async pass(keys: PendingInterruptKey[], cached: number[], running: ReadonlySet<string>, complete: boolean): Promise<ItemChanges> {
    const live = new Map(keys.map((key) => [key.seq, key]));
    const resolved: InboxItem[] = [];
    const drop = (seq: number, entry: Entry) => {
      this.remove(seq, entry);
      resolved.push(entry.item);
    };
    for (const seq of cached) {
      const entry = this.bySeq.get(seq);
      if (entry && !sameRow(entry, live.get(seq))) drop(seq, entry);
    }
    // A seq names a row, not forever: once its row is deleted the number can be given to a new row
    // (rowid reuse), possibly of another thread than the one this pass covers.
    for (const key of keys) {
      const entry = this.bySeq.get(key.seq);
      if (entry && !sameRow(entry, key)) drop(key.seq, entry);
    }
    const unseen = keys.filter((key) => !this.bySeq.has(key.seq));
    const transient = (key: PendingInterruptKey) => key.interruptId === null && running.has(key.threadId);
    const deferred = unseen.some(transient);
    this.deferred = complete ? deferred : this.deferred || deferred;
    const fresh = unseen.filter((key) => !transient(key));
    const seqs = fresh.map((key) => key.seq);
    const graphs = fresh.length === 0 ? new Map<string, string>() : this.graphsOf(fresh.map((key) => key.threadId));
    const added: InboxItem[] = [];
    for (let start = 0; start < seqs.length; start += LOAD_BATCH) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const rows = await this.checkpointer.pendingInterruptsAt(seqs.slice(start, start + LOAD_BATCH));
      for (const row of rows) {
        // Between batches the index may change: a row that is no longer the one listed is left to the next pass.
        const key = live.get(row.seq);
        if (!key || key.threadId !== row.threadId || key.interruptId !== row.interruptId || key.checkpointId !== row.checkpointId) continue;
        const item = toInboxItem(row, graphs.get(row.threadId) ?? "unknown");
        const entry: Entry = { item };
        this.bySeq.set(row.seq, entry);
        this.byId.set(item.id, entry);
        const threadSeqs = this.byThread.get(item.threadId) ?? new Set<number>();
        this.byThread.set(item.threadId, threadSeqs.add(row.seq));
        added.push(item);
      }
      this.version++;
    }
    if (complete && !this.loaded) {
      this.loaded = true;
      // Runs may start before the first load ends (it goes on in the background): their items are news.
      return { added: added.filter((item) => Date.parse(item.createdAt) >= this.createdAt), resolved };
    }
    return { added, resolved };
  }

  private remove(seq: number, entry: Entry): void {
    this.version++;
    this.bySeq.delete(seq);
    this.byId.delete(entry.item.id);
    const seqs = this.byThread.get(entry.item.threadId);
    seqs?.delete(seq);
    if (seqs?.size === 0) this.byThread.delete(entry.item.threadId);
  }
}

function haystackOf(entry: Entry): string {
  const { item } = entry;
  return (entry.haystack ??= [item.title, item.description ?? "", JSON.stringify(item.actions.map((a) => [a.name, a.args]))].join("\n").toLowerCase());
}

function sameRow(entry: Entry, key: PendingInterruptKey | undefined): boolean {
  return key !== undefined && key.threadId === entry.item.threadId && key.interruptId === entry.item.interruptId && key.checkpointId === entry.item.checkpointId;
}

// ISO timestamps and hex ids sort the same by code unit as by collation, many times faster.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byText = new Intl.Collator().compare;
const byAge = (a: InboxItem, b: InboxItem) => byCodeUnits(a.createdAt, b.createdAt) || byCodeUnits(a.id, b.id);
const comparators: Record<ItemSort, (a: InboxItem, b: InboxItem) => number> = {
  oldest: byAge,
  newest: (a, b) => byAge(b, a),
  title: (a, b) => byText(a.title, b.title) || byAge(a, b),
  graph: (a, b) => byText(a.graphId, b.graphId) || byAge(a, b),
};
