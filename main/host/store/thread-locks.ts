import type Database from "better-sqlite3";
import { ownerAlive } from "./host-database.js";

const RETRY_MS = 50;

/**
 * Gives the lease back with `writes` (how the run ended). They commit together, so no one sees the
 * thread free before its outcome: with the next lease this host takes (one commit where there would
 * be two, back-to-back decisions), or else once the event loop turns.
 */
export type ReleaseLease = (writes: () => void) => void;

interface Release {
  threadId: string;
  writes: () => void;
}

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
  private readonly take: Database.Transaction<(threadId: string, taking: (() => void) | undefined, releases: Release[]) => boolean>;
  private readonly release: Database.Transaction<(releases: Release[]) => void>;
  /** Leases given back whose release has not committed yet, oldest first. */
  private releases: Release[] = [];
  private soon: NodeJS.Immediate | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly owner: string,
  ) {
    this.select = db.prepare("SELECT owner, pid FROM thread_locks WHERE thread_id = ?");
    this.upsert = db.prepare("INSERT OR REPLACE INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, ?, ?, ?)");
    this.remove = db.prepare("DELETE FROM thread_locks WHERE thread_id = ? AND owner = ?");
    this.all = db.prepare("SELECT thread_id, owner, pid FROM thread_locks");
    const applyReleases = (releases: Release[]) => {
      for (const { threadId, writes } of releases) {
        writes();
        this.remove.run(threadId, this.owner);
      }
    };
    this.take = db.transaction((threadId: string, taking: (() => void) | undefined, releases: Release[]) => {
      applyReleases(releases);
      const row = this.select.get(threadId) as { owner: string; pid: number } | undefined;
      if (row && row.owner !== this.owner && this.held(row)) return false;
      taking?.();
      this.upsert.run(threadId, this.owner, process.pid, Date.now());
      return true;
    });
    this.release = db.transaction(applyReleases);
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
      while (!this.takeLease(threadId, taking)) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      let released = false;
      const release: ReleaseLease = (writes) => {
        this.releases.push({ threadId, writes });
        this.soon ??= setImmediate(() => {
          this.soon = undefined;
          this.commitReleases();
        });
        released = true;
      };
      try {
        return await work(release);
      } finally {
        if (!released) this.remove.run(threadId, this.owner);
      }
    } finally {
      done();
      // Nobody queued behind this run: forget the thread.
      if (this.tails.get(threadId) === queued) this.tails.delete(threadId);
    }
  }

  /**
   * Commits the releases still waiting (reads of the host's tables call this first, so this host
   * always reads its own outcomes). One whose writes fail is rolled back, and its lease freed
   * alone: a lease must not outlive its run. While the file is locked they wait, and are tried again.
   */
  commitReleases(): void {
    if (this.releases.length === 0 || this.db.inTransaction) return;
    const pending = this.releases;
    this.releases = [];
    try {
      this.release.immediate(pending);
    } catch (error) {
      if (isBusy(error)) {
        this.releases = [...pending, ...this.releases];
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          this.commitReleases();
        }, RETRY_MS);
        return;
      }
      for (const one of pending) {
        try {
          this.release.immediate([one]);
        } catch {
          this.remove.run(one.threadId, this.owner);
        }
      }
    }
  }

  /** Commits what waits and stops retrying: what a locked file keeps out is left to recovery at the next start. */
  close(): void {
    this.commitReleases();
    clearImmediate(this.soon);
    clearTimeout(this.retry);
  }

  /** Threads with runs of this instance going on or queued. */
  inFlight(): string[] {
    return [...this.tails.keys()];
  }

  /** Threads some live process is running now. */
  running(): Set<string> {
    this.commitReleases();
    const rows = this.all.all() as Array<{ thread_id: string; owner: string; pid: number }>;
    return new Set(rows.filter((row) => this.held(row)).map((row) => row.thread_id));
  }

  /** Takes the lease, committing the releases still waiting in the same transaction. */
  private takeLease(threadId: string, taking: (() => void) | undefined): boolean {
    const pending = this.releases;
    this.releases = [];
    try {
      return this.take.immediate(threadId, taking, pending);
    } catch (error) {
      if (pending.length === 0) throw error;
      // A release's writes may be what failed, not this lease: commit those on their own first.
      this.releases = [...pending, ...this.releases];
      this.commitReleases();
      return this.take.immediate(threadId, taking, []);
    }
  }

  private held(row: { owner: string; pid: number }): boolean {
    return row.owner === this.owner || ownerAlive(row.owner, row.pid);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}
