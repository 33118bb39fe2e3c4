import type Database from "better-sqlite3";

const RETRY_MS = 50;

/** What a run under a lease gives back: its result, and the writes that record how it ended. */
export interface LeasedWork<T> {
  value: T;
  /** Committed with the lease's release, so no one sees the thread free before its outcome. */
  outcome?: () => void;
}

interface Unreleased {
  threadId: string;
  outcome: (() => void) | undefined;
}

/** A lease asked for: granted (true), held by another live host (false), or refused with an error. */
interface Take {
  threadId: string;
  taking: (() => void) | undefined;
  settle: (granted: boolean | Error) => void;
}

interface Give extends Unreleased {
  settle: () => void;
}

/**
 * Runs on one thread are serialized, in this process by a promise chain and across processes
 * by a lease row; different threads run concurrently. A lease held by an owner that is no longer
 * alive is taken over.
 *
 * Leases taken and given back during one turn of the event loop commit together at the next turn,
 * each in a savepoint of its own: runs side by side (a bulk decision) share commits instead of
 * paying two each, and a run starts only after a turn, so calls made meanwhile are answered.
 */
export class ThreadLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly select: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly all: Database.Statement;
  private readonly take: Database.Transaction<(threadId: string, taking: (() => void) | undefined) => boolean>;
  private readonly give: Database.Transaction<(release: Unreleased) => void>;
  private readonly batch: Database.Transaction<(gives: Give[], takes: Take[]) => Array<() => void>>;
  private gives: Give[] = [];
  private takes: Take[] = [];
  private flushScheduled = false;
  /** Releases whose commit failed, kept (the lease stays ours) and tried again by `retryReleases`. */
  private unreleased: Unreleased[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly owner: string,
    private readonly alive: (owner: string) => boolean,
    /** Told when a release cannot commit; the lease stays held until `retryReleases()` commits it. */
    private readonly stuckRelease: (threadId: string, error: Error) => void = () => undefined,
  ) {
    this.select = db.prepare("SELECT owner FROM thread_locks WHERE thread_id = ?");
    this.upsert = db.prepare("INSERT OR REPLACE INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES (?, ?, ?, ?)");
    this.remove = db.prepare("DELETE FROM thread_locks WHERE thread_id = ? AND owner = ?");
    this.all = db.prepare("SELECT thread_id, owner FROM thread_locks");
    this.give = db.transaction(({ threadId, outcome }: Unreleased) => {
      outcome?.();
      this.remove.run(threadId, this.owner);
    });
    this.take = db.transaction((threadId: string, taking: (() => void) | undefined) => {
      // An earlier outcome of this thread that could not commit goes first: it is older than this run.
      const earlier = this.unreleased.find((release) => release.threadId === threadId);
      if (earlier) {
        earlier.outcome?.();
        this.unreleased = this.unreleased.filter((release) => release !== earlier);
      }
      const row = this.select.get(threadId) as { owner: string } | undefined;
      if (row && row.owner !== this.owner && this.alive(row.owner)) return false;
      taking?.();
      this.upsert.run(threadId, this.owner, process.pid, Date.now());
      return true;
    });
    // Nested transactions are savepoints: one lease's failing writes roll back alone.
    this.batch = db.transaction((gives: Give[], takes: Take[]) => {
      const settled: Array<() => void> = [];
      for (const give of gives) {
        const failure = this.attempt(() => this.give(give));
        settled.push(failure === undefined ? give.settle : () => (this.keep(give, failure), give.settle()));
      }
      for (const take of takes) {
        let granted: boolean | Error;
        try {
          granted = this.take(take.threadId, take.taking);
        } catch (error) {
          granted = toError(error);
        }
        settled.push(() => take.settle(granted));
      }
      return settled;
    });
  }

  /**
   * Runs `work` holding the thread's lease. `taking` runs in the transaction that takes the lease,
   * so what it writes commits with it; if it throws, nothing is written, the lease stays free and
   * the call rejects with its error. When `work` settles, its `outcome` and the release commit
   * together. A release that cannot commit (a locked or failing file) keeps the lease, is reported
   * to `stuckRelease`, and waits for `retryReleases()`; the run's result is delivered all the same.
   */
  async withLock<T>(threadId: string, work: () => Promise<LeasedWork<T>>, taking?: () => void): Promise<T> {
    const previous = this.tails.get(threadId);
    let done!: () => void;
    const tail = new Promise<void>((resolve) => (done = resolve));
    const queued = previous ? previous.then(() => tail) : tail;
    this.tails.set(threadId, queued);
    try {
      if (previous) await previous;
      while (!(await this.queueTake(threadId, taking))) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      let result: LeasedWork<T> | undefined;
      try {
        result = await work();
        return result.value;
      } finally {
        await this.queueGive({ threadId, outcome: result?.outcome });
      }
    } finally {
      done();
      // Nobody queued behind this run: forget the thread.
      if (this.tails.get(threadId) === queued) this.tails.delete(threadId);
    }
  }

  /** Commits the releases that failed before; the error of the first that still fails, if any. */
  retryReleases(): Error | undefined {
    const waiting = this.unreleased;
    this.unreleased = [];
    let failure: Error | undefined;
    for (const release of waiting) failure ??= this.release(release);
    return failure;
  }

  /** Releases that could not commit yet. */
  get stuck(): number {
    return this.unreleased.length;
  }

  /** Threads with runs of this instance going on or queued. */
  inFlight(): string[] {
    return [...this.tails.keys()];
  }

  /** Whether a live host holds the thread's lease. */
  isHeld(threadId: string): boolean {
    const row = this.select.get(threadId) as { owner: string } | undefined;
    return row !== undefined && this.alive(row.owner);
  }

  /** Threads some live host is running now. */
  running(): Set<string> {
    const rows = this.all.all() as Array<{ thread_id: string; owner: string }>;
    const verdicts = new Map<string, boolean>();
    const held = (owner: string) => verdicts.get(owner) ?? verdicts.set(owner, this.alive(owner)).get(owner)!;
    return new Set(rows.filter((row) => held(row.owner)).map((row) => row.thread_id));
  }

  private queueTake(threadId: string, taking: (() => void) | undefined): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.takes.push({ threadId, taking, settle: (granted) => (granted instanceof Error ? reject(granted) : resolve(granted)) });
      this.scheduleFlush();
    });
  }

  /** Settles once the release is committed, or kept for `retryReleases()` when it cannot be. */
  private queueGive(release: Unreleased): Promise<void> {
    return new Promise((resolve) => {
      this.gives.push({ ...release, settle: resolve });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits the releases and leases queued since the last flush: releases first, they are older. */
  private flush(): void {
    this.flushScheduled = false;
    const { gives, takes } = this;
    this.gives = [];
    this.takes = [];
    let settled: Array<() => void>;
    try {
      settled = this.batch.immediate(gives, takes);
    } catch (error) {
      // Nothing of the batch is written (the file's write lock could not be had, say).
      const failure = toError(error);
      for (const give of gives) this.keep(give, failure);
      settled = [...gives.map((give) => give.settle), ...takes.map((take) => () => take.settle(failure))];
    }
    for (const settle of settled) settle();
  }

  private release(release: Unreleased): Error | undefined {
    const failure = this.attempt(() => this.give.immediate(release));
    if (failure) this.keep(release, failure);
    return failure;
  }

  /** A release that could not commit: the lease stays ours until `retryReleases()` commits it. */
  private keep({ threadId, outcome }: Unreleased, failure: Error): void {
    this.unreleased.push({ threadId, outcome });
    this.stuckRelease(threadId, failure);
  }

  private attempt(write: () => void): Error | undefined {
    try {
      write();
      return undefined;
    } catch (error) {
      return toError(error);
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
