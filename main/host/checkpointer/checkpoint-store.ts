import Database from "better-sqlite3";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { Committer } from "./commit.js";
import { InterruptIndex, type InterruptPage, type PendingInterrupt, type PendingInterruptKey } from "./interrupt-index.js";
import { openCheckpointDatabase } from "./schema.js";
import type { SqliteCheckpointer } from "./sqlite-checkpointer.js";
import { ValueReader } from "./value-reader.js";

export interface CheckpointerOptions {
  serde?: SerializerProtocol;
}

/**
 * One checkpoint file, open, with what the inbox reads of it: the interrupt index, pending values
 * and the change stamp. Reading these loads no LangGraph library; the LangGraph saver on the same
 * connection (`saver()`), which graphs and a thread's checkpoints need, is imported on first use.
 */
export class CheckpointStore {
  readonly index: InterruptIndex;
  readonly committer: Committer;
  private readonly values: ValueReader;
  private saverLoading: Promise<SqliteCheckpointer> | undefined;

  private constructor(
    readonly db: Database.Database,
    /** The serializer given for this file; LangGraph's default when absent. */
    readonly serde: SerializerProtocol | undefined,
  ) {
    this.index = new InterruptIndex(db);
    this.committer = new Committer(db);
    this.values = new ValueReader(serde);
  }

  static open(path: string, options: CheckpointerOptions = {}): CheckpointStore {
    return new CheckpointStore(openCheckpointDatabase(path), options.serde);
  }

  /** The LangGraph checkpoint saver on this connection, imported and made on the first call. */
  saver(): Promise<SqliteCheckpointer> {
    this.saverLoading ??= import("./sqlite-checkpointer.js").then(({ SqliteCheckpointer }) => SqliteCheckpointer.on(this));
    return this.saverLoading;
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
  }

  /** Counters that change whenever this file changes: `others` by other connections (any process), `own` by this one. */
  changeStamp(): { others: number; own: number } {
    return { others: this.db.pragma("data_version", { simple: true }) as number, own: this.committer.commits };
  }

  /**
   * Starts a new watch of the interrupt index and returns its epoch, or null when this file cannot
   * be written now (locked by another process, read-only): a watch is an optimization, never a
   * reason to fail. `ifOthers`: only when no other connection has written the file since this
   * connection read that `data_version` (checked under the write lock, so no write slips between).
   */
  watchIndex(ifOthers?: number): number | null {
    // Not worth waiting for another process's write: without a watch the next pass compares, as it would anyway.
    const timeout = this.db.pragma("busy_timeout", { simple: true }) as number;
    this.db.pragma("busy_timeout = 0");
    try {
      return this.db
        .transaction(() => (ifOthers === undefined || this.db.pragma("data_version", { simple: true }) === ifOthers ? this.index.watch() : null))
        .immediate();
    } catch (error) {
      // SQLite refused the write (busy, read-only, full): the pass goes on unwatched. Anything else is a bug, and the pass fails with it.
      if (error instanceof Database.SqliteError) return null;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Whether nothing in the interrupt index changed, whoever writes the file, since the watch `epoch` started (and no later watch did). */
  indexUnchangedSince(epoch: number): boolean {
    return this.index.unchangedSince(epoch);
  }

  /** Pending interrupts across threads (or of one thread), newest first; cost grows with `limit` only. */
  pendingInterrupts(options: { limit?: number; cursor?: string | null; threadId?: string } = {}): Promise<InterruptPage> {
    return this.index.page(this.values, options);
  }

  countPendingInterrupts(threadId?: string): number {
    return this.index.count(threadId);
  }

  /** Whether this interrupt (or, with `interruptId` null, this pause before nodes) is still waiting, read from the file now. */
  isPending(threadId: string, interruptId: string | null, checkpointId: string): boolean {
    return this.index.exists(threadId, interruptId, checkpointId);
  }

  /** Identities of every pending interrupt (or one thread's), oldest first, without loading values. */
  pendingInterruptKeys(threadId?: string): PendingInterruptKey[] {
    return this.index.keys(threadId);
  }

  /** Identities of at most `limit` pending interrupts with a sequence number above `after`, in its order. */
  pendingInterruptKeysAfter(after: number, limit: number): PendingInterruptKey[] {
    return this.index.keysAfter(after, limit);
  }

  /** The pending interrupts with these sequence numbers (from `pendingInterruptKeys`) that still exist. */
  pendingInterruptsAt(seqs: number[]): Promise<Array<PendingInterrupt & { seq: number }>> {
    return this.index.at(this.values, seqs);
  }

  /** Every index row, for comparison with the saver's `expectedInterruptIndex()`. */
  indexedInterrupts(): Promise<PendingInterrupt[]> {
    return this.index.all(this.values);
  }
}
