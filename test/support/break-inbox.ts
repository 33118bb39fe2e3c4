// A real cause for the inbox to stop updating, without a hook in the host: another connection
// renames a table of the checkpoint file, as another program writing the file could.
import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * Moves the table `from` of `<dataDir>/checkpoints.sqlite` to `to` (and back, called the other way),
 * moving the interrupt index's change counter on as a program changing the index would: a host
 * that finds the counter where it left it has no reason to read the index again.
 */
export function moveTable(dataDir: string, from: string, to: string): void {
  const db = new Database(join(dataDir, "checkpoints.sqlite"));
  try {
    db.exec(`ALTER TABLE ${from} RENAME TO ${to}; UPDATE index_generation SET value = value + 1`);
  } finally {
    db.close();
  }
}
