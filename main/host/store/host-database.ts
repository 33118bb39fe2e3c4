import type Database from "better-sqlite3";
import { openMigratedDatabase } from "./sqlite-file.js";

/** The host's own tables, in a file beside the checkpoints (`host.sqlite`). Append migrations only. */
export const HOST_MIGRATIONS: readonly string[] = [
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
  `
  -- The inbox: every pending item of every source (this machine's graphs: 'local'), with its
  -- normalized fields, so lists, counts and searches are answered in SQL without loading items.
  -- pk is explicit: the full-text index refers to rows by it, and an implicit rowid may change on VACUUM.
  CREATE TABLE items (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    seq INTEGER,                      -- local items: the interrupt index row (checkpoints.sqlite) it was read from
    graph_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    interrupt_id TEXT,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT,
    created_at TEXT NOT NULL,         -- ISO 8601: sorts by code unit
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    actions TEXT NOT NULL,            -- JSON
    calls TEXT NOT NULL,              -- the actions' names and args as JSON: what search looks in besides title and description
    value TEXT NOT NULL,              -- JSON of the raw interrupt value
    news INTEGER NOT NULL DEFAULT 1   -- 0 when written by a bulk load (the inbox as found), which is not announced item by item
  );
  CREATE INDEX items_age ON items (created_at, id);
  CREATE INDEX items_title ON items (title COLLATE NOCASE, created_at, id);
  CREATE INDEX items_graph ON items (graph_id, created_at, id);
  CREATE INDEX items_kind ON items (kind, created_at, id);
  CREATE INDEX items_source ON items (source, created_at, id);
  CREATE INDEX items_thread ON items (thread_id);
  CREATE INDEX items_seq ON items (seq) WHERE seq IS NOT NULL;

  -- Substring search: trigrams match any run of 3 or more characters, in any case.
  CREATE VIRTUAL TABLE items_fts USING fts5 (title, description, calls, content = 'items', content_rowid = 'pk', tokenize = 'trigram');

  -- Items by source, kind and graph, kept by the triggers below: the inbox's counts read a few rows, not the table.
  CREATE TABLE item_counts (
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    graph_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (source, kind, graph_id)
  ) WITHOUT ROWID;

  -- Every change of the items, whoever makes it: each host announces what it reads here since its last
  -- look, so a change made by another process is announced too. Trimmed to the latest entries.
  CREATE TABLE item_changes (
    version INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    source TEXT NOT NULL,
    stored INTEGER NOT NULL,          -- 1: stored (new or changed), 0: removed
    news INTEGER NOT NULL
  );

  CREATE TRIGGER items_inserted AFTER INSERT ON items BEGIN
    INSERT INTO item_changes (id, thread_id, source, stored, news) VALUES (new.id, new.thread_id, new.source, 1, new.news);
    INSERT INTO items_fts (rowid, title, description, calls) VALUES (new.pk, new.title, new.description, new.calls);
    INSERT INTO item_counts (source, kind, graph_id, n) VALUES (new.source, new.kind, new.graph_id, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER items_deleted AFTER DELETE ON items BEGIN
    INSERT INTO item_changes (id, thread_id, source, stored, news) VALUES (old.id, old.thread_id, old.source, 0, 1);
    INSERT INTO items_fts (items_fts, rowid, title, description, calls) VALUES ('delete', old.pk, old.title, old.description, old.calls);
    UPDATE item_counts SET n = n - 1 WHERE source = old.source AND kind = old.kind AND graph_id = old.graph_id;
    DELETE FROM item_counts WHERE source = old.source AND kind = old.kind AND graph_id = old.graph_id AND n = 0;
  END;
  CREATE TRIGGER items_updated AFTER UPDATE ON items BEGIN
    INSERT INTO item_changes (id, thread_id, source, stored, news) VALUES (old.id, old.thread_id, old.source, 0, new.news), (new.id, new.thread_id, new.source, 1, new.news);
    INSERT INTO items_fts (items_fts, rowid, title, description, calls) VALUES ('delete', old.pk, old.title, old.description, old.calls);
    INSERT INTO items_fts (rowid, title, description, calls) VALUES (new.pk, new.title, new.description, new.calls);
    UPDATE item_counts SET n = n - 1 WHERE source = old.source AND kind = old.kind AND graph_id = old.graph_id;
    DELETE FROM item_counts WHERE source = old.source AND kind = old.kind AND graph_id = old.graph_id AND n = 0;
    INSERT INTO item_counts (source, kind, graph_id, n) VALUES (new.source, new.kind, new.graph_id, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  `,
  `
  -- When the local items last matched the interrupt index (checkpoints.sqlite) as a whole: the watch of
  -- the index started then (its epoch), and how many local items there were. While that watch saw no
  -- change and the count reads the same, a host starting up need not compare the two again.
  CREATE TABLE local_index_mark (
    only INTEGER PRIMARY KEY CHECK (only = 0),
    epoch INTEGER NOT NULL,
    items INTEGER NOT NULL
  );
  `,
];

export function openHostDatabase(path: string): Database.Database {
  return openMigratedDatabase(path, "host database", HOST_MIGRATIONS);
}
