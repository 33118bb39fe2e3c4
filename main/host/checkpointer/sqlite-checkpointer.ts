import type Database from "better-sqlite3";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  TASKS,
  WRITES_IDX_MAP,
  maxChannelVersion,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { ChannelValueStore, encodeChannelValues, toBuffer } from "./channel-values.js";
import { CheckpointStore, type CheckpointerOptions } from "./checkpoint-store.js";
import {
  classifyWrites,
  expectedIndexRows,
  nextNodes,
  type IndexRow,
  type InterruptPage,
  type PendingInterrupt,
  type PendingInterruptKey,
} from "./interrupt-index.js";

export type { CheckpointerOptions } from "./checkpoint-store.js";

interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  type: string;
  checkpoint: Buffer;
  metadata_type: string;
  metadata: Buffer | string;
}

interface WriteRow {
  task_id: string;
  channel: string;
  type: string;
  value: Buffer;
}

const LIST_BATCH = 100;
const CHECKPOINT_COLUMNS =
  "thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata_type, metadata";

/**
 * A LangGraph checkpoint saver on one SQLite file (better-sqlite3, WAL) that also keeps an
 * index of every pending interrupt, so an inbox never has to scan threads. Every write settles
 * once it is committed (commit.ts); reads see what is committed. The index and the file's
 * connection belong to a CheckpointStore, which reads them without this class.
 */
export class SqliteCheckpointer extends BaseCheckpointSaver {
  private readonly db: Database.Database;
  private readonly values: ChannelValueStore;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly listStatements = new Map<string, Database.Statement>();
  /** One read transaction: in WAL mode each transaction takes and drops file locks (system calls). */
  private readonly readTransaction: (read: () => unknown) => unknown;

  private constructor(readonly store: CheckpointStore) {
    super(store.serde);
    this.db = store.db;
    this.values = new ChannelValueStore(this.db);
    this.statements = prepareStatements(this.db);
    this.readTransaction = this.db.transaction((read: () => unknown) => read());
  }

  static open(path: string, options: CheckpointerOptions = {}): SqliteCheckpointer {
    return new SqliteCheckpointer(CheckpointStore.open(path, options));
  }

  /** The saver on a store's connection (the store's `saver()` makes the one it shares). */
  static on(store: CheckpointStore): SqliteCheckpointer {
    return new SqliteCheckpointer(store);
  }

  close(): void {
    this.store.close();
  }

  /** Checkpoint tuples never cross into JSON (config objects may carry this saver). */
  override toJSON(): string {
    return "[SqliteCheckpointer]";
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (threadId === undefined) return undefined;
    const row = (
      checkpointId ? this.statements.byId.get(threadId, ns, checkpointId) : this.statements.latest.get(threadId, ns)
    ) as CheckpointRow | undefined;
    if (row === undefined) return undefined;
    const tuple = await this.toTuple(row);
    return checkpointId ? { ...tuple, config } : tuple;
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      args.push(...values);
    };
    const threadId = config.configurable?.thread_id as string | undefined;
    const ns = config.configurable?.checkpoint_ns as string | undefined | null;
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (threadId) add("thread_id = ?", threadId);
    if (ns !== undefined && ns !== null) add("checkpoint_ns = ?", ns);
    if (checkpointId) add("checkpoint_id = ?", checkpointId);
    if (before?.configurable?.checkpoint_id !== undefined) add("checkpoint_id < ?", before.configurable.checkpoint_id);
    const conditions = Object.entries(filter ?? {}).filter(([, value]) => value !== undefined);
    for (const [key, value] of conditions) {
      // JSON metadata is filtered in SQL; other serializations are checked after loading.
      add("(metadata_type != 'json' OR metadata -> ? = ?)", `$."${key.replace(/"/g, '\\"')}"`, JSON.stringify(value));
    }
    // Newest first within a thread and namespace, walking the primary key backwards: no sort, no extra index.
    let cursor: [string, string, string] | undefined;
    while (remaining > 0) {
      const clauses = cursor ? [...where, "(thread_id, checkpoint_ns, checkpoint_id) < (?, ?, ?)"] : where;
      const sql = `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
        ORDER BY thread_id DESC, checkpoint_ns DESC, checkpoint_id DESC LIMIT ${LIST_BATCH}`;
      const rows = this.prepareCached(sql).all(...args, ...(cursor ?? [])) as CheckpointRow[];
      for (const row of rows) {
        const tuple = await this.toTuple(row);
        if (row.metadata_type !== "json" && !matchesFilter(tuple.metadata, conditions)) continue;
        yield tuple;
        if (--remaining <= 0) return;
      }
      const last = rows[rows.length - 1];
      if (rows.length < LIST_BATCH || last === undefined) return;
      cursor = [last.thread_id, last.checkpoint_ns, last.checkpoint_id];
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (!config.configurable) throw new Error("Empty configuration supplied.");
    const threadId = config.configurable.thread_id as string | undefined;
    const ns = (config.configurable.checkpoint_ns as string | undefined) ?? "";
    const parentId = (config.configurable.checkpoint_id as string | undefined) ?? null;
    if (!threadId) throw new Error(`Missing "thread_id" field in passed "config.configurable".`);

    // No copy of the checkpoint: LangGraph hands each put one of its own, and what is stored of it
    // is read before the first await (the values are stored apart, per channel and version).
    const { channel_values: channelValues, ...stored } = checkpoint;
    const nodes = ns === "" ? nextNodes(Object.keys(channelValues).filter((channel) => channel in checkpoint.channel_versions)) : [];
    const [[type, bytes], [metadataType, metadataBytes], encoded] = await Promise.all([
      this.serde.dumpsTyped(stored),
      this.serde.dumpsTyped(metadata),
      encodeChannelValues(this.serde, threadId, ns, channelValues, newVersions, this.values.elements),
    ]);
    const storedMetadata = metadataType === "json" ? toBuffer(metadataBytes).toString("utf8") : toBuffer(metadataBytes);

    this.store.committer.commit(() => {
      this.statements.insertCheckpoint.run(threadId, ns, checkpoint.id, parentId, type, toBuffer(bytes), metadataType, storedMetadata);
      this.values.write(threadId, ns, encoded);
      if (ns === "") this.store.index.onCheckpoint(threadId, checkpoint.id, nodes);
    });
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath = ""): Promise<void> {
    const threadId = config.configurable?.thread_id as string | undefined;
    const ns = (config.configurable?.checkpoint_ns as string | undefined) ?? "";
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (!config.configurable) throw new Error("Empty configuration supplied.");
    if (!threadId) throw new Error("Missing thread_id field in config.configurable.");
    if (!checkpointId) throw new Error("Missing checkpoint_id field in config.configurable.");

    // Special writes (errors, interrupts, resumes) replace their previous value; others are written once.
    const insert = writes.every(([channel]) => channel in WRITES_IDX_MAP) ? this.statements.replaceWrite : this.statements.ignoreWrite;
    const effect = ns === "" ? classifyWrites(writes) : undefined;
    const serialized = await Promise.all(writes.map(([, value]) => this.serde.dumpsTyped(value)));
    const rows = writes.map(([channel], idx) => {
      const [type, bytes] = serialized[idx]!;
      return [threadId, ns, checkpointId, taskId, WRITES_IDX_MAP[channel] ?? idx, taskPath, channel, type, toBuffer(bytes)] as const;
    });

    this.store.committer.commit(() => {
      for (const row of rows) insert.run(...row);
      if (effect) this.store.index.onWrites(threadId, checkpointId, taskId, effect);
    });
  }

  async deleteThread(threadId: string): Promise<void> {
    this.store.committer.commit(() => {
      for (const statement of this.statements.deleteThread) statement.run(threadId);
      this.store.index.deleteThread(threadId);
      this.values.forget(threadId);
    });
  }

  // The store's reads (see CheckpointStore), for callers that hold the saver.
  changeStamp(): { others: number; own: number } {
    return this.store.changeStamp();
  }

  pendingInterrupts(options: { limit?: number; cursor?: string | null; threadId?: string } = {}): Promise<InterruptPage> {
    return this.store.pendingInterrupts(options);
  }

  countPendingInterrupts(threadId?: string): number {
    return this.store.countPendingInterrupts(threadId);
  }

  isPending(threadId: string, interruptId: string | null, checkpointId: string): boolean {
    return this.store.isPending(threadId, interruptId, checkpointId);
  }

  pendingInterruptKeys(threadId?: string): PendingInterruptKey[] {
    return this.store.pendingInterruptKeys(threadId);
  }

  pendingInterruptsAt(seqs: number[]): Promise<Array<PendingInterrupt & { seq: number }>> {
    return this.store.pendingInterruptsAt(seqs);
  }

  indexedInterrupts(): Promise<PendingInterrupt[]> {
    return this.store.indexedInterrupts();
  }

  /** The index recomputed from scratch from the stored checkpoints and writes. */
  async expectedInterruptIndex(): Promise<IndexRow[]> {
    const rows: IndexRow[] = [];
    for (const row of this.statements.latestRoots.all() as CheckpointRow[]) {
      const checkpoint = (await this.serde.loadsTyped(row.type, row.checkpoint)) as Checkpoint;
      const nodes = nextNodes(this.values.presentChannels(row.thread_id, "", checkpoint.channel_versions));
      const writes = await this.loadWrites(row.thread_id, "", row.checkpoint_id);
      rows.push(...expectedIndexRows(row.thread_id, row.checkpoint_id, nodes, writes.map(([taskId, channel, value]) => ({ taskId, channel, value }))));
    }
    return rows;
  }

  private prepareCached(sql: string): Database.Statement {
    let statement = this.listStatements.get(sql);
    if (!statement) this.listStatements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private async toTuple(row: CheckpointRow): Promise<CheckpointTuple> {
    const { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId, parent_checkpoint_id: parentId } = row;
    const stored = (await this.serde.loadsTyped(row.type, row.checkpoint)) as Checkpoint;
    // Both read their rows before their first await: one read transaction serves the two.
    const [channelValues, pendingWrites] = await Promise.all(
      this.readTransaction(() => [this.values.read(this.serde, threadId, ns, stored.channel_versions), this.loadWrites(threadId, ns, checkpointId)]) as [
        Promise<Record<string, unknown>>,
        Promise<CheckpointPendingWrite[]>,
      ],
    );
    const checkpoint: Checkpoint = { ...stored, channel_values: channelValues };
    if (checkpoint.v < 4 && parentId !== null) await this.migratePendingSends(checkpoint, threadId, ns, parentId);
    return {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } },
      checkpoint,
      metadata: (await this.serde.loadsTyped(row.metadata_type, row.metadata)) as CheckpointMetadata,
      parentConfig: parentId ? { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parentId } } : undefined,
      pendingWrites,
    };
  }

  /** Pending writes in (task_path, task_id, idx) order, the order LangGraph applies them in. */
  private loadWrites(threadId: string, ns: string, checkpointId: string): Promise<CheckpointPendingWrite[]> {
    const rows = this.statements.writes.all(threadId, ns, checkpointId) as WriteRow[];
    return Promise.all(rows.map((row) => this.serde.loadsTyped(row.type, row.value).then((value): CheckpointPendingWrite => [row.task_id, row.channel, value])));
  }

  /** Checkpoints older than format v4 kept pending sends as writes on their parent. */
  private async migratePendingSends(checkpoint: Checkpoint, threadId: string, ns: string, parentId: string): Promise<void> {
    const rows = this.statements.pendingSends.all(threadId, ns, parentId) as WriteRow[];
    checkpoint.channel_values[TASKS] = await Promise.all(rows.map((row) => this.serde.loadsTyped(row.type, row.value)));
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_versions[TASKS] = versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
  }
}

function prepareStatements(db: Database.Database) {
  const writeColumns = "(thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, channel, type, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return {
    byId: db.prepare(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?`),
    latest: db.prepare(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id DESC LIMIT 1`,
    ),
    latestRoots: db.prepare(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints c WHERE checkpoint_ns = '' AND checkpoint_id =
        (SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = c.thread_id AND checkpoint_ns = '') ORDER BY thread_id`,
    ),
    insertCheckpoint: db.prepare(`INSERT OR REPLACE INTO checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    replaceWrite: db.prepare(`INSERT OR REPLACE INTO writes ${writeColumns}`),
    ignoreWrite: db.prepare(`INSERT OR IGNORE INTO writes ${writeColumns}`),
    writes: db.prepare(
      "SELECT task_id, channel, type, value FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? ORDER BY task_path, task_id, idx",
    ),
    pendingSends: db.prepare(
      `SELECT task_id, channel, type, value FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND channel = '${TASKS}' ORDER BY task_path, task_id, idx`,
    ),
    deleteThread: ["checkpoints", "channel_values", "value_chunks", "writes"].map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE thread_id = ?`),
    ),
  };
}

function matchesFilter(metadata: CheckpointMetadata | undefined, conditions: Array<[string, unknown]>): boolean {
  const record = (metadata ?? {}) as Record<string, unknown>;
  return conditions.every(([key, value]) => JSON.stringify(record[key]) === JSON.stringify(value));
}

