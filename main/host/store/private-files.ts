import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";

// The data folder holds every decision and the agents' state: readable by its owner only, whatever
// the umask, for folders and files created now and for those found from before.

/** Creates the folder (and its parents) if missing and makes it the owner's only. */
export function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Creates an empty file readable by its owner only, unless it exists (never truncated). */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** Makes existing files the owner's only; missing ones are skipped. */
export function restrictToOwner(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** A SQLite file and the journal files SQLite keeps beside it. */
export function sqliteFiles(path: string): string[] {
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];
}
