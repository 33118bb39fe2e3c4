import type Database from "better-sqlite3";

interface Queued {
  work: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The checkpointer's commit policy, in one place: `run(work)` settles once `work` is committed, so a
 * settled call is on disk and visible to every other connection.
 *
 * LangGraph issues a step's checkpoint and its tasks' writes without waiting for each, so the work
 * queued by the time the graph's promise chains all wait on this saver shares one transaction: a
 * tick queued from a microtask runs once the microtask queue is empty, with no turn of the event
 * loop in between. If that transaction fails, each queued work is committed alone, so a failure
 * fails only the call it belongs to.
 */
export class Committer {
  private queued: Queued[] = [];
  private readonly transaction: (work: () => void) => void;
  /** Transactions committed by this connection. */
  commits = 0;

  constructor(db: Database.Database) {
    this.transaction = db.transaction((work: () => void) => work());
  }

  run(work: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.queued.push({ work, resolve, reject }) === 1) queueMicrotask(() => process.nextTick(() => this.commitQueued()));
    });
  }

  /** Commits whatever is queued now (before the connection closes). */
  commitQueued(): void {
    const batch = this.queued;
    if (batch.length === 0) return;
    this.queued = [];
    try {
      this.commit(() => batch.forEach((queued) => queued.work()));
      batch.forEach((queued) => queued.resolve());
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const queued of batch) {
        try {
          this.commit(queued.work);
          queued.resolve();
        } catch (alone) {
          queued.reject(alone);
        }
      }
    }
  }

  private commit(work: () => void): void {
    this.transaction(work);
    this.commits++;
  }
}
