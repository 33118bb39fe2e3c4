import type Database from "better-sqlite3";
import { ownerAlive } from "./host-database.js";

const RETRY_MS = 50;

/** Gives the lease back early, committing `writes` in the same transaction (one commit where there would be two). */
export type ReleaseLease = (writes: () => void) => void;

/**
 * Runs on one thread are serialized, in this process by a promise chain and across processes
 * by a lease row; different threads run concurrently. A lease held by a dead process is taken over.
 */
export class ThreadLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly all: Database.Statement;
  private readonly take: Database.Transaction<(threadId: string, taking: (() => void) | undefined) => boolean>;
  private readonly release: Database.Transaction<(threadId: string, writes: () => void) => void>;

  constructor(
    db: Database.Database,
    private readonly owner: string,
  ) {
    this.select = db.prepare("SELECT owner, pid FROM thread_locks WHERE thread_id = ?");
    this.upsert = db.prepare("INSERT OR REPLACE INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, ?, ?, ?)");
    this.remove = db.prepare("DELETE FROM thread_locks WHERE thread_id = ? AND owner = ?");
    this.all = db.prepare("SELECT thread_id, owner, pid FROM thread_locks");
    this.take = db.transaction((threadId: string, taking: (() => void) | undefined) => {
      const row = this.select.get(threadId) as { owner: string; pid: number } | undefined;
      if (row && row.owner !== this.owner && this.held(row)) return false;
      taking?.();
      this.upsert.run(threadId, this.owner, process.pid, Date.now());
      return true;
    });
    this.release = db.transaction((threadId: string, writes: () => void) => {
      writes();
      this.remove.run(threadId, this.owner);
    });
  }

  /**
   * Runs `work` holding the thread's lease. `taking` runs in the transaction that takes the lease,
   * so what it writes commits with it; if it throws, nothing is written, the lease stays free and
   * the call rejects with its error. `work` may give the lease back itself once its last writes
   * are known (see ReleaseLease); otherwise it is given back when `work` settles.
   */
  async withLock<T>(threadId: string, work: (release: ReleaseLease) => Promise<T>, taking?: () => void): Promise<T> {
    const previous = this.tails.get(threadId);
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    const queued = previous ? previous.then(() => tail) : tail;
    this.tails.set(threadId, queued);
    try {
      // A free thread is taken at once, in the caller's turn: no await on the common path.
      if (previous) await previous;
      while (!this.take.immediate(threadId, taking)) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      let released = false;
      const release: ReleaseLease = (writes) => {
        this.release.immediate(threadId, writes);
        released = true;
      };
      try {
        return await work(release);
      } finally {
        // Also when the release with its writes failed: the lease must not outlive the run.
        if (!released) this.remove.run(threadId, this.owner);
      }
    } finally {
      done();
      // Nobody queued behind this run: forget the thread.
      if (this.tails.get(threadId) === queued) this.tails.delete(threadId);
    }
  }

  /** Threads with runs of this instance going on or queued. */
  inFlight(): string[] {
    return [...this.tails.keys()];
  }

  /** Threads some live process is running now. */
  running(): Set<string> {
    const rows = this.all.all() as Array<{ thread_id: string; owner: string; pid: number }>;
    return new Set(rows.filter((row) => this.held(row)).map((row) => row.thread_id));
  }

  private held(row: { owner: string; pid: number }): boolean {
    return row.owner === this.owner || ownerAlive(row.owner, row.pid);
  }
}
