import type Database from "better-sqlite3";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { INTERRUPT, INTERRUPT_WRITE_IDX, RESUME } from "./langgraph-names.js";

/**
 * The interrupt index: every interrupt waiting on the latest root checkpoint of each thread,
 * and every thread paused before nodes it has not run (a static breakpoint). It is derived
 * from checkpoint and write rows by the rules below, applied in the same transaction as
 * those rows (incrementally) or to the stored rows (`expectedIndexRows`, for a rebuild).
 *
 * - A new root checkpoint replaces the thread's rows; if it has next nodes, the thread is
 *   listed as paused before them until any write lands on that checkpoint.
 * - A task's `__interrupt__` write lists its interrupts while the task has no other write.
 * - A `__resume__` write stored under an interrupt's id answers that interrupt at once
 *   (LangGraph keeps the interrupt write until every parallel task of the step is done).
 * - A task that writes anything but `__interrupt__`/`__resume__` has finished or failed.
 *
 * LangGraph may store a task's writes before the checkpoint they belong to (it does not wait
 * for one put before the next step's writes): what such writes do to the index is kept in
 * `early_writes` and applied when that checkpoint arrives.
 *
 * A row holds an interrupt's identity, not its value: the value is read from the task's
 * `__interrupt__` write when a page is read, so a new interrupt is serialized and stored once.
 */

export interface PendingInterrupt {
  threadId: string;
  checkpointId: string;
  /** null when the thread is paused before `nodes` without an interrupt value. */
  taskId: string | null;
  interruptId: string | null;
  value: unknown;
  createdAt: string;
  nodes: string[];
}

/** Identity of an index row, cheap to list in full (no values). */
export interface PendingInterruptKey {
  seq: number;
  threadId: string;
  checkpointId: string;
  interruptId: string | null;
}

export interface InterruptPage {
  items: PendingInterrupt[];
  nextCursor: string | null;
}

interface RawInterrupt {
  id: string;
  value: unknown;
}

/** What one task's batch of writes does to the index (stored as JSON while its checkpoint has not arrived). */
export interface WriteEffect {
  finished: boolean;
  interruptIds: string[];
  hasResume: boolean;
}

const TRIGGER_PREFIX = "branch:to:";

/**
 * Nodes a checkpoint will run next, read off its trigger channels (names of non-empty channels).
 * The input step (`__start__`) is left out: a run always goes straight on from it, so listing it
 * would only cost an index write and delete per run.
 */
export function nextNodes(presentChannels: Iterable<string>): string[] {
  const nodes: string[] = [];
  for (const channel of presentChannels) if (channel.startsWith(TRIGGER_PREFIX)) nodes.push(channel.slice(TRIGGER_PREFIX.length));
  return nodes.sort();
}

/** The interrupts a task's writes leave waiting: none once it wrote anything but `__interrupt__`/`__resume__`. */
function openInterrupts(writes: ReadonlyArray<readonly [string, unknown]>): RawInterrupt[] {
  const interrupts: RawInterrupt[] = [];
  for (const [channel, value] of writes) {
    if (channel === INTERRUPT) interrupts.push(...toInterrupts(value));
    else if (channel !== RESUME) return [];
  }
  return interrupts;
}

export function classifyWrites(writes: ReadonlyArray<readonly [string, unknown]>): WriteEffect {
  return {
    finished: writes.some(([channel]) => channel !== INTERRUPT && channel !== RESUME),
    interruptIds: openInterrupts(writes).map((interrupt) => interrupt.id),
    hasResume: writes.some(([channel]) => channel === RESUME),
  };
}

function toInterrupts(value: unknown): RawInterrupt[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((item): item is { id: unknown; value?: unknown } => typeof item === "object" && item !== null && "id" in item)
    .filter((item) => typeof item.id === "string")
    .map((item) => ({ id: item.id as string, value: item.value }));
}

export interface IndexRow {
  threadId: string;
  checkpointId: string;
  taskId: string | null;
  interruptId: string | null;
  nodes: string[];
  value: unknown;
}

/** The index rows a thread's latest root checkpoint implies, computed from its stored writes. */
export function expectedIndexRows(
  threadId: string,
  checkpointId: string,
  nodes: string[],
  writes: ReadonlyArray<{ taskId: string; channel: string; value: unknown }>,
): IndexRow[] {
  if (writes.length === 0) {
    return nodes.length > 0 ? [{ threadId, checkpointId, taskId: null, interruptId: null, nodes, value: undefined }] : [];
  }
  const byTask = new Map<string, Array<readonly [string, unknown]>>();
  for (const write of writes) {
    const list = byTask.get(write.taskId) ?? [];
    list.push([write.channel, write.value]);
    byTask.set(write.taskId, list);
  }
  const answered = new Set([...byTask].filter(([, list]) => list.some(([channel]) => channel === RESUME)).map(([taskId]) => taskId));
  const rows: IndexRow[] = [];
  for (const [taskId, list] of byTask) {
    for (const interrupt of openInterrupts(list)) {
      if (answered.has(interrupt.id)) continue;
      rows.push({ threadId, checkpointId, taskId, interruptId: interrupt.id, nodes: [], value: interrupt.value });
    }
  }
  return rows;
}

/** How the index reads a stored value (a serializer, or a ValueReader). */
export type ValueLoader = Pick<SerializerProtocol, "loadsTyped">;

interface StoredRow {
  seq: number;
  thread_id: string;
  checkpoint_id: string;
  task_id: string | null;
  interrupt_id: string | null;
  nodes: string;
  created_at: number;
  /** The task's `__interrupt__` write, which holds the value (null for a thread paused before nodes). */
  write_type: string | null;
  write_value: Buffer | null;
}

export class InterruptIndex {
  private readonly latestRoot: Database.Statement;
  private readonly checkpointExists: Database.Statement;
  private readonly clearThread: Database.Statement;
  private readonly clearForWrites: Database.Statement;
  private readonly insertPaused: Database.Statement;
  private readonly upsertInterrupt: Database.Statement;
  private readonly resumeExists: Database.Statement;
  private readonly insertEarly: Database.Statement;
  private readonly selectEarly: Database.Statement;
  private readonly deleteEarly: Database.Statement;
  private readonly deleteThreadEarly: Database.Statement;
  private readonly pageAll: Database.Statement;
  private readonly pageThread: Database.Statement;
  private readonly countAll: Database.Statement;
  private readonly countThread: Database.Statement;
  private readonly allRows: Database.Statement;
  private readonly allKeys: Database.Statement;
  private readonly threadKeys: Database.Statement;
  private readonly keysAfterStatement: Database.Statement;
  private readonly existsStatement: Database.Statement;
  private readonly watchStatement: Database.Statement;
  private readonly unchangedStatement: Database.Statement;
  private readonly bySeq: Database.Statement;

  constructor(db: Database.Database) {
    this.latestRoot = db.prepare(
      "SELECT checkpoint_id FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1",
    ).pluck();
    this.checkpointExists = db.prepare(
      "SELECT 1 FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = '' AND checkpoint_id = ?",
    ).pluck();
    this.clearThread = db.prepare("DELETE FROM pending_interrupts WHERE thread_id = ?");
    // Rows always belong to the thread's latest root checkpoint. One statement covers the common case.
    this.clearForWrites = db.prepare(`DELETE FROM pending_interrupts WHERE thread_id = @threadId AND checkpoint_id = @checkpointId AND (
      interrupt_id IS NULL
      OR interrupt_id = @answered
      OR (@taskDone AND task_id = @taskId AND interrupt_id NOT IN (SELECT value FROM json_each(@keep))))`);
    this.insertPaused = db.prepare(
      "INSERT INTO pending_interrupts (thread_id, checkpoint_id, task_id, interrupt_id, nodes, created_at) VALUES (?, ?, NULL, NULL, ?, ?)",
    );
    this.upsertInterrupt = db.prepare(`
      INSERT INTO pending_interrupts (thread_id, checkpoint_id, task_id, interrupt_id, nodes, created_at)
      VALUES (?, ?, ?, ?, '[]', ?)
      ON CONFLICT (thread_id, interrupt_id) DO UPDATE SET checkpoint_id = excluded.checkpoint_id, task_id = excluded.task_id`);
    this.resumeExists = db.prepare(
      `SELECT 1 FROM writes WHERE thread_id = ? AND checkpoint_ns = '' AND checkpoint_id = ? AND task_id = ? AND channel = '${RESUME}' LIMIT 1`,
    ).pluck();
    this.insertEarly = db.prepare("INSERT INTO early_writes (thread_id, checkpoint_id, task_id, effect) VALUES (?, ?, ?, ?)");
    this.selectEarly = db.prepare("SELECT checkpoint_id, task_id, effect FROM early_writes WHERE thread_id = ? ORDER BY rowid");
    // Checkpoint ids sort by time: writes waiting for this checkpoint or an older one are done waiting.
    this.deleteEarly = db.prepare("DELETE FROM early_writes WHERE thread_id = ? AND checkpoint_id <= ?");
    this.deleteThreadEarly = db.prepare("DELETE FROM early_writes WHERE thread_id = ?");
    const columns = `p.seq, p.thread_id, p.checkpoint_id, p.task_id, p.interrupt_id, p.nodes, p.created_at,
      w.type AS write_type, w.value AS write_value FROM pending_interrupts AS p LEFT JOIN writes AS w
      ON w.thread_id = p.thread_id AND w.checkpoint_ns = '' AND w.checkpoint_id = p.checkpoint_id AND w.task_id = p.task_id AND w.idx = ${INTERRUPT_WRITE_IDX}`;
    this.pageAll = db.prepare(`SELECT ${columns} WHERE p.seq < ? ORDER BY p.seq DESC LIMIT ?`);
    this.pageThread = db.prepare(`SELECT ${columns} WHERE p.thread_id = ? AND p.seq < ? ORDER BY p.seq DESC LIMIT ?`);
    this.countAll = db.prepare("SELECT count(*) FROM pending_interrupts").pluck();
    this.countThread = db.prepare("SELECT count(*) FROM pending_interrupts WHERE thread_id = ?").pluck();
    this.allRows = db.prepare(`SELECT ${columns} ORDER BY p.thread_id, p.seq`);
    this.allKeys = db.prepare(
      "SELECT seq, thread_id AS threadId, checkpoint_id AS checkpointId, interrupt_id AS interruptId FROM pending_interrupts ORDER BY seq",
    );
    this.threadKeys = db.prepare(
      "SELECT seq, thread_id AS threadId, checkpoint_id AS checkpointId, interrupt_id AS interruptId FROM pending_interrupts WHERE thread_id = ? ORDER BY seq",
    );
    this.keysAfterStatement = db.prepare(
      "SELECT seq, thread_id AS threadId, checkpoint_id AS checkpointId, interrupt_id AS interruptId FROM pending_interrupts WHERE seq > ? ORDER BY seq LIMIT ?",
    );
    this.bySeq = db.prepare(`SELECT ${columns} WHERE p.seq IN (SELECT value FROM json_each(?)) ORDER BY p.seq`);
    this.existsStatement = db.prepare(
      "SELECT 1 FROM pending_interrupts WHERE thread_id = ? AND interrupt_id IS ? AND checkpoint_id = ? LIMIT 1",
    ).pluck();
    this.watchStatement = db.prepare("UPDATE index_watch SET changed = 0, epoch = epoch + 1 RETURNING epoch").pluck();
    this.unchangedStatement = db.prepare("SELECT 1 FROM index_watch WHERE epoch = ? AND changed = 0").pluck();
  }

  /** Starts a new watch of the index (schema v5); returns its epoch. Any row added, changed or removed after this, by any process, ends it. */
  watch(): number {
    return this.watchStatement.get() as number;
  }

  /** Whether the watch started at `epoch` is the latest and nothing in the index changed since it started. */
  unchangedSince(epoch: number): boolean {
    return this.unchangedStatement.get(epoch) !== undefined;
  }

  /** A new root checkpoint: it replaces whatever the thread was waiting on. */
  onCheckpoint(threadId: string, checkpointId: string, nodes: string[]): void {
    this.clearThread.run(threadId);
    const waiting = this.selectEarly.all(threadId) as Array<{ checkpoint_id: string; task_id: string; effect: string }>;
    if (waiting.some((row) => row.checkpoint_id <= checkpointId)) this.deleteEarly.run(threadId, checkpointId);
    const early = waiting.filter((row) => row.checkpoint_id === checkpointId);
    // Writes already landed on it (they came first): then it is not paused before its nodes.
    if (nodes.length > 0 && early.length === 0) this.insertPaused.run(threadId, checkpointId, JSON.stringify(nodes), Date.now());
    for (const row of early) this.applyWrites(threadId, checkpointId, row.task_id, JSON.parse(row.effect) as WriteEffect);
  }

  /** Writes of one task on a root checkpoint: writes to an older checkpoint change nothing, writes to one not stored yet wait for it. */
  onWrites(threadId: string, checkpointId: string, taskId: string, effect: WriteEffect): void {
    if (this.latestRoot.get(threadId) === checkpointId) this.applyWrites(threadId, checkpointId, taskId, effect);
    else if (this.checkpointExists.get(threadId, checkpointId) === undefined) this.insertEarly.run(threadId, checkpointId, taskId, JSON.stringify(effect));
  }

  private applyWrites(threadId: string, checkpointId: string, taskId: string, effect: WriteEffect): void {
    const { interruptIds } = effect;
    this.clearForWrites.run({
      threadId,
      checkpointId,
      taskId,
      // A resume stored under an interrupt's id answers it.
      answered: effect.hasResume ? taskId : null,
      // A task that finished, or raised new interrupts, no longer waits on its old ones (the same ids keep their place and age).
      taskDone: effect.finished || interruptIds.length > 0 ? 1 : 0,
      keep: JSON.stringify(interruptIds),
    });
    const now = Date.now();
    for (const interruptId of interruptIds) {
      if (this.resumeExists.get(threadId, checkpointId, interruptId) !== undefined) continue;
      this.upsertInterrupt.run(threadId, checkpointId, taskId, interruptId, now);
    }
  }

  deleteThread(threadId: string): void {
    this.clearThread.run(threadId);
    this.deleteThreadEarly.run(threadId);
  }

  async page(
    serde: ValueLoader,
    options: { limit?: number; cursor?: string | null; threadId?: string },
  ): Promise<InterruptPage> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const before = options.cursor ? decodeCursor(options.cursor) : Number.MAX_SAFE_INTEGER;
    const rows = (
      options.threadId === undefined ? this.pageAll.all(before, limit + 1) : this.pageThread.all(options.threadId, before, limit + 1)
    ) as StoredRow[];
    const pageRows = rows.slice(0, limit);
    const items = await toPendingInterrupts(serde, pageRows);
    const last = pageRows[pageRows.length - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  count(threadId?: string): number {
    return (threadId === undefined ? this.countAll.get() : this.countThread.get(threadId)) as number;
  }

  exists(threadId: string, interruptId: string | null, checkpointId: string): boolean {
    return this.existsStatement.get(threadId, interruptId, checkpointId) !== undefined;
  }

  keys(threadId?: string): PendingInterruptKey[] {
    return (threadId === undefined ? this.allKeys.all() : this.threadKeys.all(threadId)) as PendingInterruptKey[];
  }

  /** At most `limit` keys with a sequence number above `after`, in its order: the index read a part at a time. */
  keysAfter(after: number, limit: number): PendingInterruptKey[] {
    return this.keysAfterStatement.all(after, limit) as PendingInterruptKey[];
  }

  /** The rows with these sequence numbers that still exist, oldest first. */
  async at(serde: ValueLoader, seqs: number[]): Promise<Array<PendingInterrupt & { seq: number }>> {
    const rows = seqs.length === 0 ? [] : (this.bySeq.all(JSON.stringify(seqs)) as StoredRow[]);
    const items = await toPendingInterrupts(serde, rows);
    return items.map((item, i) => ({ ...item, seq: rows[i]!.seq }));
  }

  all(serde: ValueLoader): Promise<PendingInterrupt[]> {
    return toPendingInterrupts(serde, this.allRows.all() as StoredRow[]);
  }
}

function decodeCursor(cursor: string): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`Invalid interrupt cursor: ${JSON.stringify(cursor)}`);
  return seq;
}

/** Rows as items, with each value taken from its task's `__interrupt__` write (read once per write). */
async function toPendingInterrupts(serde: ValueLoader, rows: StoredRow[]): Promise<PendingInterrupt[]> {
  const writes = new Map<string, Promise<RawInterrupt[]>>();
  const interruptsOf = (row: StoredRow): Promise<RawInterrupt[]> => {
    const { write_type: type, write_value: bytes } = row;
    if (type === null || bytes === null) return Promise.resolve([]);
    const key = `${row.thread_id}\0${row.checkpoint_id}\0${row.task_id}`;
    let read = writes.get(key);
    if (read === undefined) writes.set(key, (read = serde.loadsTyped(type, bytes).then(toInterrupts)));
    return read;
  };
  return Promise.all(
    rows.map(async (row) => ({
      threadId: row.thread_id,
      checkpointId: row.checkpoint_id,
      taskId: row.task_id,
      interruptId: row.interrupt_id,
      value: (await interruptsOf(row)).find((interrupt) => interrupt.id === row.interrupt_id)?.value,
      createdAt: new Date(row.created_at).toISOString(),
      nodes: JSON.parse(row.nodes) as string[],
    })),
  );
}
