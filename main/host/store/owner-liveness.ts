import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { databaseOptions } from "./sqlite-binding.js";
import { createPrivateFile, privateFolder } from "./private-files.js";

/**
 * Whether the host instance that wrote a row (a lease, a journal entry) still runs. Each host holds
 * an exclusive SQLite lock on a file of its own, `owners/<owner>.lock` in the data folder, for as
 * long as it is open; the operating system drops that lock when the process ends, however it ends.
 * A process id alone cannot tell: the system gives a dead process's id to a new one.
 */
export class OwnerLiveness {
  /** Host instances open in this process: their locks cannot be probed from the process holding them. */
  private static readonly local = new Set<string>();
  private readonly folder: string;
  private held: Database.Database | undefined;

  private constructor(
    dataDir: string,
    readonly owner: string,
  ) {
    this.folder = join(dataDir, "owners");
  }

  /** Takes this owner's lock; the caller is alive to every other process until `release()`. */
  static claim(dataDir: string, owner: string): OwnerLiveness {
    const liveness = new OwnerLiveness(dataDir, owner);
    privateFolder(liveness.folder);
    createPrivateFile(liveness.path(owner));
    const db = new Database(liveness.path(owner), databaseOptions());
    try {
      // In exclusive locking mode the first write keeps the file locked until the connection closes.
      db.pragma("locking_mode = EXCLUSIVE");
      db.exec(`CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL); INSERT INTO owner VALUES (${process.pid})`);
    } catch (error) {
      db.close();
      throw error;
    }
    liveness.held = db;
    OwnerLiveness.local.add(owner);
    return liveness;
  }

  isAlive(owner: string): boolean {
    if (owner === this.owner || OwnerLiveness.local.has(owner)) return true;
    let probe: Database.Database;
    try {
      probe = new Database(this.path(owner), { readonly: true, fileMustExist: true, timeout: 0 });
    } catch {
      return false; // no lock file: its owner closed, or never got as far as taking it
    }
    try {
      probe.prepare("SELECT count(*) FROM sqlite_master").get();
      return false;
    } catch (error) {
      return (error as { code?: string }).code === "SQLITE_BUSY";
    } finally {
      probe.close();
    }
  }

  /** Gives the lock up and removes its file: this owner's rows are stale from now on. */
  release(): void {
    OwnerLiveness.local.delete(this.owner);
    if (!this.held) return;
    this.held.close();
    this.held = undefined;
    rmSync(this.path(this.owner), { force: true });
  }

  private path(owner: string): string {
    // Owners are UUIDs written by hosts; anything else must not name a path outside the folder.
    return join(this.folder, `${owner.replace(/[^\w-]/g, "_")}.lock`);
  }
}
