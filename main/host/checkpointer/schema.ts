import Database from "better-sqlite3";

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
  );
  CREATE INDEX checkpoints_by_id ON checkpoints (checkpoint_id, thread_id, checkpoint_ns);

  -- One row per (channel, version): a value is stored once, when its version changes.
  CREATE TABLE channel_values (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL,
    channel TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,               -- serde type, '!empty' or '!chunks'
    value BLOB,
    PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
  );

  -- Elements of array values, stored once per thread by content hash ('!chunks' rows list the hashes).
  CREATE TABLE value_chunks (
    thread_id TEXT NOT NULL,
    hash BLOB NOT NULL,
    type TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (thread_id, hash)
  );

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
  );

  -- What waits for a human on the latest root checkpoint of each thread, kept in the
  -- same transaction as the checkpoint and write rows it derives from.
  CREATE TABLE pending_interrupts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
  CREATE INDEX pending_interrupts_by_thread ON pending_interrupts (thread_id, seq);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class CheckpointerOpenError extends Error {
  override name = "CheckpointerOpenError";
}

/**
 * Opens (creating if needed) and migrates a database file. A file written by a newer
 * schema, or one that is not a SQLite database, is refused before anything is written.
 */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new CheckpointerOpenError(`Cannot open checkpoint database ${path}: ${(error as Error).message}`);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new CheckpointerOpenError(
        `Checkpoint database ${path} has schema version ${version}, written by a newer Countersign; this build understands up to version ${SCHEMA_VERSION}. The file was not modified.`,
      );
    }
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = OFF");
    migrate(db, version);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof CheckpointerOpenError) throw error;
    throw new CheckpointerOpenError(`Cannot open checkpoint database ${path}: ${(error as Error).message}`);
  }
}

function migrate(db: Database.Database, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      // Re-read inside the write transaction: another process may have migrated meanwhile.
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current > version) return;
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
