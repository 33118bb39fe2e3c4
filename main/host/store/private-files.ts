import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";

// The data folder holds every decision and the agents' state: readable by its owner only, whatever
// the umask, for folders and files created now and for those found from before.

/** The data folder cannot be created or written: the message says which folder and what to do. */
export class DataFolderError extends Error {
  override name = "DataFolderError";
}

const UNWRITABLE: Record<string, string> = {
  EROFS: "it is on a read-only file system",
  EACCES: "permission denied",
  EPERM: "not permitted",
  ENOSPC: "the disk is full",
  ENOTDIR: "a file is in the way of the folder",
  EEXIST: "a file is in the way of the folder",
};

/** Creates the folder (and its parents) if missing and makes it the owner's only. */
export function privateFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    chmodSync(path, 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = UNWRITABLE[code];
    if (!reason) throw error;
    throw new DataFolderError(`Cannot use the data folder ${path}: ${reason} (${code}). Countersign keeps its decisions there: make it writable, or choose another folder with --data or COUNTERSIGN_DATA.`);
  }
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
