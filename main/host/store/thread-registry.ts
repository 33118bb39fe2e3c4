import type Database from "better-sqlite3";

export type ThreadStatus = "running" | "waiting" | "done" | "error";

export interface ThreadRecord {
  threadId: string;
  graphId: string;
  status: ThreadStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  thread_id: string;
  graph_id: string;
  status: ThreadStatus;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** Which graph each thread runs, and how its last run ended. */
export class ThreadRegistry {
  private readonly upsert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly allStatement: Database.Statement;
  private readonly since: Database.Statement;
  private readonly graphs: Database.Statement;
  private readonly runningStatement: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO threads (thread_id, graph_id, created_at, updated_at, status) VALUES (?, ?, ?, ?, 'running')
      ON CONFLICT (thread_id) DO UPDATE SET updated_at = excluded.updated_at, status = 'running', error = NULL`);
    this.update = db.prepare("UPDATE threads SET status = ?, error = ?, updated_at = ? WHERE thread_id = ?");
    this.byId = db.prepare("SELECT * FROM threads WHERE thread_id = ?");
    this.allStatement = db.prepare("SELECT * FROM threads");
    this.since = db.prepare("SELECT * FROM threads WHERE updated_at >= ?");
    this.runningStatement = db.prepare("SELECT * FROM threads WHERE status = 'running'");
    this.graphs = db.prepare("SELECT thread_id, graph_id FROM threads WHERE thread_id IN (SELECT value FROM json_each(?))");
  }

  started(threadId: string, graphId: string): void {
    const now = Date.now();
    this.upsert.run(threadId, graphId, now, now);
  }

  ended(threadId: string, status: Exclude<ThreadStatus, "running">, error: string | null = null): void {
    this.update.run(status, error, Date.now(), threadId);
  }

  get(threadId: string): ThreadRecord | undefined {
    const row = this.byId.get(threadId) as Row | undefined;
    return row && toRecord(row);
  }

  /** The graph of each of these threads that is known, in one query. */
  graphsOf(threadIds: string[]): Map<string, string> {
    const rows = this.graphs.all(JSON.stringify([...new Set(threadIds)])) as Array<{ thread_id: string; graph_id: string }>;
    return new Map(rows.map((row) => [row.thread_id, row.graph_id]));
  }

  /** Threads whose status changed at or after `ms` (by any process). */
  updatedSince(ms: number): ThreadRecord[] {
    return (this.since.all(ms) as Row[]).map(toRecord);
  }

  /** Threads whose run has started and not recorded its end: running now, or cut short by a crash. */
  running(): ThreadRecord[] {
    return (this.runningStatement.all() as Row[]).map(toRecord);
  }

  all(): ThreadRecord[] {
    return (this.allStatement.all() as Row[]).map(toRecord);
  }
}

function toRecord(row: Row): ThreadRecord {
  return {
    threadId: row.thread_id,
    graphId: row.graph_id,
    status: row.status,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
