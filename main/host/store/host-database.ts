import type Database from "better-sqlite3";
import { openMigratedDatabase } from "./sqlite-file.js";

/** The host's own tables, in a file beside the checkpoints (`host.sqlite`). Append migrations only. */
const MIGRATIONS: readonly string[] = [
  `
  -- Which graph each thread belongs to, and how its last run ended.
  CREATE TABLE threads (
    thread_id TEXT PRIMARY KEY,
    graph_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    status TEXT NOT NULL,             -- running | waiting | done | error
    error TEXT
  );

  -- Who is running a thread right now, across processes; a row whose process died is stale.
  CREATE TABLE thread_locks (
    thread_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
  );

  -- The decision journal and audit log: recorded before the graph runs on, finished after.
  CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL UNIQUE,
    thread_id TEXT NOT NULL,
    graph_id TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT,
    interrupt_id TEXT,
    item TEXT NOT NULL,               -- JSON snapshot of the item as decided
    decision TEXT NOT NULL,           -- JSON of what the reviewer chose
    resume TEXT NOT NULL,             -- JSON of the resume value sent
    state TEXT NOT NULL,              -- recorded | applied | failed
    outcome TEXT,                     -- thread status after the run
    error TEXT,
    decided_at INTEGER NOT NULL,
    finished_at INTEGER,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL
  );
  CREATE INDEX decisions_unfinished ON decisions (state) WHERE state = 'recorded';
  `,
  `
  -- Fewer pages written per decision, each one a WAL frame in a commit on the decision's path: the
  -- lease table as one b-tree keyed by thread (WITHOUT ROWID, instead of a table plus its key's
  -- index), and decisions numbered without AUTOINCREMENT (no sqlite_sequence row to update: rows
  -- are never deleted, so seq still only grows).
  CREATE TABLE thread_locks_v2 (
    thread_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO thread_locks_v2 (thread_id, owner, pid, acquired_at) SELECT thread_id, owner, pid, acquired_at FROM thread_locks;
  DROP TABLE thread_locks;
  ALTER TABLE thread_locks_v2 RENAME TO thread_locks;

  CREATE TABLE decisions_v2 (
    seq INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE,
    thread_id TEXT NOT NULL,
    graph_id TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT,
    interrupt_id TEXT,
    item TEXT NOT NULL,
    decision TEXT NOT NULL,
    resume TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT,
    error TEXT,
    decided_at INTEGER NOT NULL,
    finished_at INTEGER,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL
  );
  INSERT INTO decisions_v2 (seq, item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, outcome, error, decided_at, finished_at, owner, pid)
    SELECT seq, item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, outcome, error, decided_at, finished_at, owner, pid FROM decisions;
  DROP TABLE decisions;
  ALTER TABLE decisions_v2 RENAME TO decisions;
  CREATE INDEX decisions_unfinished ON decisions (state) WHERE state = 'recorded';
  `,
  `
  -- The threads running now are read on every pass over the inbox, and the threads changed since
  -- a moment on every poll that saw a change: both without scanning every thread ever run.
  CREATE INDEX threads_running ON threads (thread_id) WHERE status = 'running';
  CREATE INDEX threads_updated ON threads (updated_at);
  `,
  `
  -- Remote LangGraph Server deployments feeding the inbox, and how each is doing. The API key and
  -- custom headers are stored sealed (see sources/secrets.ts), never in the clear.
  CREATE TABLE sources (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    graph_filter TEXT,
    secrets TEXT,                     -- sealed JSON { apiKey?, headers? }, or NULL
    has_api_key INTEGER NOT NULL,     -- shown to users in place of the key
    header_names TEXT NOT NULL,       -- JSON list, shown to users in place of the values
    added_at INTEGER NOT NULL,
    state TEXT NOT NULL,              -- new | online | offline | auth-error | error
    state_since INTEGER,
    last_error TEXT,
    synced_at INTEGER
  ) WITHOUT ROWID;

  -- A decision on a remote item is journaled like a local one; until delivered it waits here
  -- (state 'recorded'), whichever process delivers it.
  ALTER TABLE decisions ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
  ALTER TABLE decisions ADD COLUMN assistant_id TEXT;
  `,
];

export function openHostDatabase(path: string): Database.Database {
  return openMigratedDatabase(path, "host database", MIGRATIONS);
}
