import Database from "better-sqlite3";
import { databaseOptions } from "./sqlite-binding.js";
import { createPrivateFile, restrictToOwner, sqliteFiles } from "./private-files.js";
import { messageOf } from "../../../shared/values.js";

/**
 * Opens (creating if needed) and migrates one SQLite file. Its schema version lives in
 * `PRAGMA user_version`; each migration produces version index + 1 in its own transaction.
 * A file written by a newer schema, or one that is not a SQLite database, is refused with a
 * clear error before anything is written to it.
 */

export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

export function openMigratedDatabase(path: string, what: string, migrations: readonly string[]): Database.Database {
  let db: Database.Database;
  try {
    // Created private so that SQLite gives its WAL and shared-memory files the same mode.
    createPrivateFile(path);
    db = new Database(path, databaseOptions());
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open ${what} ${path}: ${messageOf(error)}`);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > migrations.length) {
      throw new DatabaseOpenError(
        `The ${what} ${path} has schema version ${version}, written by a newer Countersign; this build understands up to version ${migrations.length}. The file was not modified.`,
      );
    }
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // A WAL checkpoint costs two fsyncs and copies each page it finds once, however often it
    // changed: checkpointing every 10,000 pages instead of SQLite's 1,000 makes it ten times rarer
    // on the commit path, for a WAL of at most 40 MB. Per connection.
    db.pragma("wal_autocheckpoint = 10000");
    migrate(db, migrations, version);
    restrictToOwner(sqliteFiles(path));
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`Cannot open ${what} ${path}: ${messageOf(error)}`);
  }
}

function migrate(db: Database.Database, migrations: readonly string[], from: number): void {
  for (let version = from; version < migrations.length; version++) {
    db.transaction(() => {
      // Re-read inside the write transaction: another process may have migrated meanwhile.
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current > version) return;
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
