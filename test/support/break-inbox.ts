// A real cause for the inbox to stop updating, without a hook in the host: another connection
// renames a table of the checkpoint file, as another program writing the file could.
import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * Moves the table `from` of `<dataDir>/checkpoints.sqlite` to `to` (and back, called the other way),
 * ending the watch of the interrupt index as a program changing the index would: a host that finds
 * the index unchanged since its watch has no reason to read it again.
 */
export function moveTable(dataDir: string, from: string, to: string): void {
  const db = new Database(join(dataDir, "checkpoints.sqlite"));
  try {
    db.exec(`ALTER TABLE ${from} RENAME TO ${to}; UPDATE index_watch SET changed = 1`);
  } finally {
    db.close();
  }
}
