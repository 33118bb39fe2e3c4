import type Database from "better-sqlite3";
import type { InboxItem, ItemPage, ItemSort } from "../../../shared/inbox.js";
import type { ItemKind } from "../../../shared/items.js";
import { LOCAL_SOURCE } from "../../../shared/sources.js";

/** What names an item in events: enough to drop it from a list. */
export interface ItemRef {
  id: string;
  threadId: string;
  source: string;
}

/** A stored item's identity in its source, for reconciling with the source (local items: their interrupt index row). */
export interface StoredKey {
  id: string;
  seq: number | null;
  threadId: string;
  checkpointId: string;
  interruptId: string | null;
}

/** When the local items last matched the interrupt index: the index's watch started then, the local items then and now. */
export interface IndexMark {
  epoch: number;
  items: number;
  itemsNow: number;
}

/** One entry of the change log: an item stored (new or changed) or removed, by any process. */
export interface ItemChange extends ItemRef {
  version: number;
  stored: boolean;
}

/** What the change log holds after a version. */
export interface ChangesSince {
  /** Changes to announce item by item, oldest first. */
  changes: ItemChange[];
  /** Changes made by bulk loads (not news): worth one "read the lists again". */
  bulk: number;
  /** The log no longer reaches back to that version (trimmed): some changes are unknown. */
  missed: boolean;
  /** The latest version: where the next look starts. */
  latest: number;
}

/** Log entries kept: a host that looks less often than this many changes learns only that it missed some. */
export const KEPT_CHANGES = 10_000;

export interface StoreQuery {
  source?: string;
  graphId?: string;
  kind?: ItemKind;
  /** Trimmed; empty means no search. */
  search?: string;
  sort: ItemSort;
  offset: number;
  limit: number;
  /** Threads whose breakpoint rows (no interrupt) are left out of the list, its total and the counts. */
  hiddenBreakpoints: readonly string[];
}

export type ItemCounts = ItemPage["counts"];

interface Row {
  id: string;
  source: string;
  seq: number | null;
  graph_id: string;
  thread_id: string;
  interrupt_id: string | null;
  checkpoint_id: string;
  task_id: string | null;
  created_at: string;
  kind: ItemKind;
  title: string;
  description: string | null;
  actions: string;
  value: string;
}

interface CountRow {
  source: string;
  kind: string;
  graph_id: string;
  n: number;
}

/**
 * The trigram tokenizer matches runs of 3 or more characters: a shorter search is answered with LIKE
 * (case-insensitive for ASCII letters only), which reads every row.
 */
export const MIN_INDEXED_SEARCH = 3;

const ORDER: Record<ItemSort, string> = {
  oldest: "i.created_at, i.id",
  newest: "i.created_at DESC, i.id DESC",
  title: "i.title COLLATE NOCASE, i.created_at, i.id",
  graph: "i.graph_id, i.created_at, i.id",
};

const COLUMNS = "i.id, i.source, i.seq, i.graph_id, i.thread_id, i.interrupt_id, i.checkpoint_id, i.task_id, i.created_at, i.kind, i.title, i.description, i.actions, i.value";
const KEY_COLUMNS = "id, seq, thread_id AS threadId, checkpoint_id AS checkpointId, interrupt_id AS interruptId";

/**
 * The inbox's items of every source in host.sqlite's `items` table, with a full-text index and
 * counts kept by triggers (see the migration). Lists, counts and searches run in SQL: nothing is
 * loaded beyond the rows asked for.
 */
export class InboxStore {
  private readonly upsertStatement: Database.Statement;
  private readonly sourceOf: Database.Statement;
  private readonly deleteStatement: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly byThread: Database.Statement;
  private readonly idsOfSource: Database.Statement;
  private readonly keysOfThread: Database.Statement;
  private readonly keysAtSeqs: Database.Statement;
  private readonly keysInRange: Database.Statement;
  private readonly countsStatement: Database.Statement;
  private readonly hiddenCounts: Database.Statement;
  private readonly latestStatement: Database.Statement;
  private readonly changesStatement: Database.Statement;
  private readonly bulkStatement: Database.Statement;
  private readonly trimStatement: Database.Statement;
  private readonly markStatement: Database.Statement;
  private readonly setMarkStatement: Database.Statement;
  /** One statement per shape of query (filters present, search mode, sort), prepared on first use. */
  private readonly pages = new Map<string, { page: Database.Statement; total: Database.Statement | undefined }>();
  private readonly upsertMany: (items: readonly InboxItem[], seqs: ReadonlyArray<number | null> | undefined, news: boolean) => void;
  private readonly removeMany: (ids: readonly string[]) => ItemRef[];

  constructor(private readonly db: Database.Database) {
    // A row that did not change is not written again (its full-text and count rows would be).
    this.upsertStatement = db.prepare(`INSERT INTO items
      (id, source, seq, graph_id, thread_id, interrupt_id, checkpoint_id, task_id, created_at, kind, title, description, actions, calls, value, news)
      VALUES (@id, @source, @seq, @graph_id, @thread_id, @interrupt_id, @checkpoint_id, @task_id, @created_at, @kind, @title, @description, @actions, @calls, @value, @news)
      ON CONFLICT (id) DO UPDATE SET news = excluded.news, seq = excluded.seq, graph_id = excluded.graph_id, thread_id = excluded.thread_id,
        interrupt_id = excluded.interrupt_id, checkpoint_id = excluded.checkpoint_id, task_id = excluded.task_id, created_at = excluded.created_at,
        kind = excluded.kind, title = excluded.title, description = excluded.description, actions = excluded.actions, calls = excluded.calls, value = excluded.value
      WHERE items.source = excluded.source
        AND (items.seq, items.graph_id, items.thread_id, items.interrupt_id, items.checkpoint_id, items.task_id, items.created_at, items.kind, items.title, items.description, items.actions, items.value)
        IS NOT (excluded.seq, excluded.graph_id, excluded.thread_id, excluded.interrupt_id, excluded.checkpoint_id, excluded.task_id, excluded.created_at, excluded.kind, excluded.title, excluded.description, excluded.actions, excluded.value)`);
    this.sourceOf = db.prepare("SELECT source FROM items WHERE id = ?").pluck();
    this.deleteStatement = db.prepare("DELETE FROM items WHERE id = ? RETURNING id, thread_id AS threadId, source");
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM items AS i WHERE i.id = ?`);
    // `+source`: the source's index would read every item of the source; these look up by thread or by seq.
    this.byThread = db.prepare(`SELECT ${COLUMNS} FROM items AS i WHERE i.thread_id = ? AND +i.source = ? ORDER BY ${ORDER.oldest}`);
    this.idsOfSource = db.prepare("SELECT id FROM items WHERE source = ?").pluck();
    this.keysOfThread = db.prepare(`SELECT ${KEY_COLUMNS} FROM items WHERE +source = ? AND thread_id = ?`);
    this.keysAtSeqs = db.prepare(`SELECT ${KEY_COLUMNS} FROM items WHERE seq IN (SELECT value FROM json_each(?)) AND +source = ?`);
    this.keysInRange = db.prepare(`SELECT ${KEY_COLUMNS} FROM items WHERE seq > ? AND seq <= ? AND +source = ? ORDER BY seq`);
    this.countsStatement = db.prepare("SELECT source, kind, graph_id, n FROM item_counts");
    this.hiddenCounts = db.prepare(`SELECT source, kind, graph_id, count(*) AS n FROM items
      WHERE thread_id IN (SELECT value FROM json_each(?)) AND interrupt_id IS NULL GROUP BY source, kind, graph_id`);
    this.latestStatement = db.prepare("SELECT coalesce(max(version), 0) FROM item_changes").pluck();
    this.changesStatement = db.prepare("SELECT version, id, thread_id AS threadId, source, stored FROM item_changes WHERE version > ? AND version <= ? AND news = 1 ORDER BY version");
    this.bulkStatement = db.prepare("SELECT count(*) AS bulk, min(version) AS oldest FROM item_changes WHERE version > ? AND version <= ? AND news = 0");
    // The newest entry always stays: versions go on from it.
    this.trimStatement = db.prepare("DELETE FROM item_changes WHERE version <= (SELECT max(version) FROM item_changes) - ?");
    const localItems = `(SELECT coalesce(sum(n), 0) FROM item_counts WHERE source = '${LOCAL_SOURCE}')`;
    this.markStatement = db.prepare(`SELECT epoch, items, ${localItems} AS itemsNow FROM local_index_mark`);
    this.setMarkStatement = db.prepare(`INSERT OR REPLACE INTO local_index_mark (only, epoch, items) VALUES (0, ?, ${localItems})`);
    this.upsertMany = db.transaction((items: readonly InboxItem[], seqs: ReadonlyArray<number | null> | undefined, news: boolean) => {
      items.forEach((item, i) => this.write(item, seqs?.[i] ?? null, news));
    });
    this.removeMany = db.transaction((ids: readonly string[]) => {
      const removed: ItemRef[] = [];
      for (const id of ids) {
        const ref = this.deleteStatement.get(id) as ItemRef | undefined;
        if (ref) removed.push(ref);
      }
      return removed;
    });
  }

  /**
   * Adds or updates items, in one transaction. `seqs[i]`: where item i was read from in its source
   * (the interrupt index row of a local item), null when the source has no such number.
   * An id already stored under another source is refused (the transaction writes nothing).
   * `news`: false for a bulk load (the inbox as found), logged as such instead of item by item.
   */
  upsert(items: readonly InboxItem[], seqs?: ReadonlyArray<number | null>, news = true): void {
    this.upsertMany(items, seqs, news);
  }

  /** Deletes these items, in one transaction; returns those that were stored. */
  remove(itemIds: readonly string[]): ItemRef[] {
    return this.removeMany(itemIds);
  }

  /**
   * A complete sync of one source, in one transaction: these items are its items now (upserted),
   * its other items are deleted. Other sources' items are untouched.
   */
  replaceSource(source: string, items: readonly InboxItem[]): { added: InboxItem[]; resolved: ItemRef[] } {
    return this.db.transaction(() => {
      const before = new Set(this.idsOfSource.all(source) as string[]);
      for (const item of items) {
        if (item.source !== source) throw new Error(`Item ${item.id} is of source "${item.source}", not "${source}"`);
      }
      this.upsertMany(items, undefined, true);
      const now = new Set(items.map((item) => item.id));
      const resolved = this.removeMany([...before].filter((id) => !now.has(id)));
      return { added: items.filter((item) => !before.has(item.id)), resolved };
    }).immediate();
  }

  /** The latest version of the change log (0 when empty). */
  latestChange(): number {
    return this.latestStatement.get() as number;
  }

  /** The change log after `version`, up to the latest entry when read. */
  changesSince(version: number): ChangesSince {
    const latest = this.latestChange();
    if (latest <= version) return { changes: [], bulk: 0, missed: false, latest };
    const changes = (this.changesStatement.all(version, latest) as Array<ItemRef & { version: number; stored: number }>).map((row) => ({ ...row, stored: row.stored === 1 }));
    const { bulk, oldest } = this.bulkStatement.get(version, latest) as { bulk: number; oldest: number | null };
    // Versions follow each other without gaps: a first entry after version + 1 means older ones were trimmed.
    const first = Math.min(changes[0]?.version ?? Infinity, oldest ?? Infinity);
    return { changes, bulk, missed: first > version + 1, latest };
  }

  /** Drops all but the latest `KEPT_CHANGES` log entries. */
  trimChanges(): void {
    this.trimStatement.run(KEPT_CHANGES);
  }

  /** When the local items last matched the interrupt index, if ever. */
  indexMark(): IndexMark | undefined {
    return this.markStatement.get() as IndexMark | undefined;
  }

  /** Records that the local items match the interrupt index as it was when its watch `epoch` started. */
  markIndex(epoch: number): void {
    this.setMarkStatement.run(epoch);
  }

  get(itemId: string): InboxItem | undefined {
    const row = this.byId.get(itemId) as Row | undefined;
    return row && toItem(row);
  }

  /** A thread's items in one source, oldest first. */
  forThread(source: string, threadId: string): InboxItem[] {
    return (this.byThread.all(threadId, source) as Row[]).map(toItem);
  }

  /** The keys of one thread's items in one source: identities only, no values. */
  keys(source: string, threadId: string): StoredKey[] {
    return this.keysOfThread.all(source, threadId) as StoredKey[];
  }

  /** The keys of one source's items read from these sequence numbers. */
  keysAt(source: string, seqs: readonly number[]): StoredKey[] {
    return seqs.length === 0 ? [] : (this.keysAtSeqs.all(JSON.stringify(seqs), source) as StoredKey[]);
  }

  /** The keys of one source's items read from sequence numbers in (after, upto]. */
  keysBetween(source: string, after: number, upto: number): StoredKey[] {
    return this.keysInRange.all(after, upto, source) as StoredKey[];
  }

  /** A page of items in `sort` order, and how many match over all pages. */
  list(query: StoreQuery): { items: InboxItem[]; total: number } {
    const search = query.search ?? "";
    const mode = search === "" ? "none" : [...search].length >= MIN_INDEXED_SEARCH ? "fts" : "like";
    const { page, total } = this.statementsFor(query, mode);
    const params: Record<string, unknown> = { hidden: JSON.stringify(query.hiddenBreakpoints) };
    if (query.source !== undefined) params.source = query.source;
    if (query.graphId !== undefined) params.graphId = query.graphId;
    if (query.kind !== undefined) params.kind = query.kind;
    if (mode === "fts") params.match = `"${search.replaceAll('"', '""')}"`;
    if (mode === "like") params.like = `%${search.replace(/[\\%_]/g, "\\$&")}%`;
    const items = (page.all({ ...params, limit: query.limit, offset: query.offset }) as Row[]).map(toItem);
    if (total) return { items, total: total.get(params) as number };
    // No search: the total is the kept counts of the matching groups.
    let sum = 0;
    for (const row of this.countRows(query.hiddenBreakpoints)) {
      if ((query.source === undefined || row.source === query.source) && (query.graphId === undefined || row.graph_id === query.graphId) && (query.kind === undefined || row.kind === query.kind)) sum += row.n;
    }
    return { items, total: sum };
  }

  /** Every item, by kind, by graph and by source, from the kept counts (less the hidden breakpoint rows). */
  counts(hiddenBreakpoints: readonly string[]): ItemCounts {
    const counts: ItemCounts = { all: 0, byKind: {}, byGraph: {}, bySource: {} };
    for (const { source, kind, graph_id: graphId, n } of this.countRows(hiddenBreakpoints)) {
      if (n === 0) continue;
      counts.all += n;
      counts.byKind[kind] = (counts.byKind[kind] ?? 0) + n;
      counts.byGraph[graphId] = (counts.byGraph[graphId] ?? 0) + n;
      counts.bySource[source] = (counts.bySource[source] ?? 0) + n;
    }
    return counts;
  }

  private countRows(hiddenBreakpoints: readonly string[]): CountRow[] {
    const rows = this.countsStatement.all() as CountRow[];
    if (hiddenBreakpoints.length === 0) return rows;
    const hidden = this.hiddenCounts.all(JSON.stringify(hiddenBreakpoints)) as CountRow[];
    const key = (row: CountRow) => `${row.source}\0${row.kind}\0${row.graph_id}`;
    const less = new Map(hidden.map((row) => [key(row), row.n]));
    return rows.map((row) => ({ ...row, n: row.n - (less.get(key(row)) ?? 0) }));
  }

  private statementsFor(query: StoreQuery, mode: "none" | "fts" | "like") {
    const shape = [query.sort, mode, query.source !== undefined, query.graphId !== undefined, query.kind !== undefined].join("|");
    let statements = this.pages.get(shape);
    if (statements) return statements;
    const where = ["NOT (i.interrupt_id IS NULL AND i.thread_id IN (SELECT value FROM json_each(@hidden)))"];
    if (query.source !== undefined) where.push("i.source = @source");
    if (query.graphId !== undefined) where.push("i.graph_id = @graphId");
    if (query.kind !== undefined) where.push("i.kind = @kind");
    if (mode === "like") where.push("(i.title LIKE @like ESCAPE '\\' OR i.description LIKE @like ESCAPE '\\' OR i.calls LIKE @like ESCAPE '\\')");
    // A search starts from the full-text index's matches (CROSS JOIN keeps that order of loops), so
    // it costs what it matches, not what the table holds.
    const from = mode === "fts" ? "(SELECT rowid FROM items_fts WHERE items_fts MATCH @match) AS hit CROSS JOIN items AS i ON i.pk = hit.rowid" : "items AS i";
    const condition = where.join(" AND ");
    statements = {
      page: this.db.prepare(`SELECT ${COLUMNS} FROM ${from} WHERE ${condition} ORDER BY ${ORDER[query.sort]} LIMIT @limit OFFSET @offset`),
      total: mode === "none" ? undefined : this.db.prepare(`SELECT count(*) FROM ${from} WHERE ${condition}`).pluck(),
    };
    this.pages.set(shape, statements);
    return statements;
  }

  private write(item: InboxItem, seq: number | null, news: boolean): void {
    const result = this.upsertStatement.run({
      news: news ? 1 : 0,
      id: item.id,
      source: item.source,
      seq,
      graph_id: item.graphId,
      thread_id: item.threadId,
      interrupt_id: item.interruptId,
      checkpoint_id: item.checkpointId,
      task_id: item.taskId,
      created_at: item.createdAt,
      kind: item.kind,
      title: item.title,
      description: item.description ?? null,
      actions: JSON.stringify(item.actions),
      calls: JSON.stringify(item.actions.map((action) => [action.name, action.args])),
      value: JSON.stringify(item.value ?? null),
    });
    if (result.changes === 0) {
      const owner = this.sourceOf.get(item.id) as string | undefined;
      if (owner !== undefined && owner !== item.source) throw new Error(`Item ${item.id} of source "${item.source}" is already stored for source "${owner}"`);
    }
  }
}

/** The one row mapper. */
function toItem(row: Row): InboxItem {
  const item: InboxItem = {
    id: row.id,
    source: row.source,
    graphId: row.graph_id,
    threadId: row.thread_id,
    interruptId: row.interrupt_id,
    checkpointId: row.checkpoint_id,
    taskId: row.task_id,
    createdAt: row.created_at,
    value: JSON.parse(row.value),
    kind: row.kind,
    title: row.title,
    actions: JSON.parse(row.actions),
  };
  if (row.description !== null) item.description = row.description;
  return item;
}
