import type Database from "better-sqlite3";
import { openMigratedDatabase } from "../store/sqlite-file.js";

/**
 * Versioned schema. Each entry migrates from the previous version; the index + 1 is
 * the version it produces, recorded in `PRAGMA user_version` in the same transaction.
 * Append new migrations; never edit a released one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE checkpoints (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    parent_checkpoint_id TEXT,
    type TEXT NOT NULL,
    checkpoint BLOB NOT NULL,         -- the checkpoint without channel_values
    metadata_type TEXT NOT NULL,
    metadata BLOB NOT NULL,           -- stored as TEXT when metadata_type = 'json', so filters run in SQL
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
  ) WITHOUT ROWID;

  -- One row per (channel, version): a value is stored once, when its version changes.
  CREATE TABLE channel_values (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    channel TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,               -- serde type, '!empty' or '!chunks' (see channel-values.ts)
    value BLOB,
    PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
  ) WITHOUT ROWID;

  -- Elements of array values, stored once per thread by content hash ('!chunks' rows list the hashes).
  CREATE TABLE value_chunks (
    thread_id TEXT NOT NULL,
    hash BLOB NOT NULL,
    type TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (thread_id, hash)
  ) WITHOUT ROWID;

  CREATE TABLE writes (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    task_path TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    type TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
  ) WITHOUT ROWID;

  -- What waits for a human on the latest root checkpoint of each thread, kept in the
  -- same transaction as the checkpoint and write rows it derives from.
  CREATE TABLE pending_interrupts (
    seq INTEGER PRIMARY KEY,          -- rowid: a new row always gets max + 1, so it sorts newest
    thread_id TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT,                     -- NULL for a thread paused before its next nodes
    interrupt_id TEXT,                -- NULL likewise
    nodes TEXT NOT NULL,              -- JSON array of node names
    value_type TEXT,
    value BLOB,
    created_at INTEGER NOT NULL       -- ms since the epoch
  );
  CREATE UNIQUE INDEX pending_interrupts_by_id ON pending_interrupts (thread_id, interrupt_id);
  `,
  // v2: channel values keyed by version before channel. Every channel a step updates gets the same
  // version, so one put writes adjacent rows (one B-tree page) instead of one row per channel's range.
  // Lists may now also be stored as '!extends:<kept>:<version>' rows.
  `
  CREATE TABLE channel_values_v2 (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    channel TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    value BLOB,
    PRIMARY KEY (thread_id, checkpoint_ns, version, channel)
  ) WITHOUT ROWID;
  INSERT INTO channel_values_v2 SELECT thread_id, checkpoint_ns, channel, version, type, value FROM channel_values;
  DROP TABLE channel_values;
  ALTER TABLE channel_values_v2 RENAME TO channel_values;
  `,
  // v3: index rows no longer carry the interrupt's value; it is read from the task's __interrupt__
  // write, which holds the same value, so a new interrupt is serialized and stored once.
  `
  ALTER TABLE pending_interrupts DROP COLUMN value_type;
  ALTER TABLE pending_interrupts DROP COLUMN value;
  `,
  // v4: what a root write does to the interrupt index while its checkpoint has not been stored yet
  // (LangGraph does not wait for a step's checkpoint before storing the step's writes), kept in the
  // same transaction as the write and applied when the checkpoint arrives.
  `
  CREATE TABLE early_writes (
    thread_id TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    effect TEXT NOT NULL              -- JSON: {finished, interruptIds, hasResume}
  );
  CREATE INDEX early_writes_by_checkpoint ON early_writes (thread_id, checkpoint_id);
  `,
  // v5: whether the interrupt index changed since a reader last started watching it, set by
  // triggers whoever writes the file. Only the first change after a watch starts writes the row (an
  // UPDATE that matches no row writes no page), so commits pay for it once per watch, not each time.
  `
  CREATE TABLE index_watch (only INTEGER PRIMARY KEY CHECK (only = 0), epoch INTEGER NOT NULL, changed INTEGER NOT NULL);
  INSERT INTO index_watch VALUES (0, 0, 1);
  CREATE TRIGGER pending_interrupts_added AFTER INSERT ON pending_interrupts BEGIN UPDATE index_watch SET changed = 1 WHERE changed = 0; END;
  CREATE TRIGGER pending_interrupts_changed AFTER UPDATE ON pending_interrupts BEGIN UPDATE index_watch SET changed = 1 WHERE changed = 0; END;
  CREATE TRIGGER pending_interrupts_removed AFTER DELETE ON pending_interrupts BEGIN UPDATE index_watch SET changed = 1 WHERE changed = 0; END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openCheckpointDatabase(path: string): Database.Database {
  return openMigratedDatabase(path, "checkpoint database", MIGRATIONS);
}
