import type Database from "better-sqlite3";

/**
 * The checkpointer's commit policy, in one place: each call's rows are written in a transaction of
 * their own, committed before the call settles. A settled call is on disk and visible to every
 * other connection; a call that fails leaves nothing behind and fails nothing else.
 */
export class Committer {
  private readonly transaction: (work: () => void) => void;
  /** Transactions committed by this connection. */
  commits = 0;

  constructor(db: Database.Database) {
    this.transaction = db.transaction((work: () => void) => work());
  }

  /** Runs `work` (synchronous statements) in one transaction and commits it. */
  commit(work: () => void): void {
    this.transaction(work);
    this.commits++;
  }
}
