import type Database from "better-sqlite3";
import { ownerAlive } from "./host-database.js";

const RETRY_MS = 50;

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

  constructor(
    private readonly db: Database.Database,
    private readonly owner: string,
  ) {
    this.select = db.prepare("SELECT owner, pid FROM thread_locks WHERE thread_id = ?");
    this.upsert = db.prepare("INSERT OR REPLACE INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, ?, ?, ?)");
    this.remove = db.prepare("DELETE FROM thread_locks WHERE thread_id = ? AND owner = ?");
    this.all = db.prepare("SELECT thread_id, owner, pid FROM thread_locks");
  }

  /** Runs `work` holding the thread's lock. */
  async withLock<T>(threadId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(threadId) ?? Promise.resolve();
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    this.tails.set(threadId, previous.then(() => tail));
    await previous;
    try {
      await this.acquire(threadId);
      try {
        return await work();
      } finally {
        this.remove.run(threadId, this.owner);
      }
    } finally {
      done();
      if (this.tails.get(threadId) === tail) this.tails.delete(threadId);
    }
  }

  /** Threads some live process is running now. */
  running(): Set<string> {
    const rows = this.all.all() as Array<{ thread_id: string; owner: string; pid: number }>;
    return new Set(rows.filter((row) => this.held(row)).map((row) => row.thread_id));
  }

  private held(row: { owner: string; pid: number }): boolean {
    return row.owner === this.owner || ownerAlive(row.owner, row.pid);
  }

  private async acquire(threadId: string): Promise<void> {
    for (;;) {
      const taken = this.db
        .transaction(() => {
          const row = this.select.get(threadId) as { owner: string; pid: number } | undefined;
          if (row && row.owner !== this.owner && this.held(row)) return false;
          this.upsert.run(threadId, this.owner, process.pid, Date.now());
          return true;
        })
        .immediate();
      if (taken) return;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
