// What "the data is unchanged" is checked against: a digest of every row of every table of both
// database files, read through read-only connections of their own.
import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

export class DataDigest {
  private readonly dbs: Database.Database[];
  private last: { versions: string; hash: string } | undefined;

  constructor(dataDir: string) {
    this.dbs = ["host.sqlite", "checkpoints.sqlite"].map((file) => new Database(join(dataDir, file), { readonly: true, fileMustExist: true }));
  }

  /**
   * One hash of all rows (tables by name, rows in a stable order, blobs by their bytes). Computed
   * again only after another connection committed to a file (its `data_version` moved): a commit
   * that wrote the same rows gives the same hash.
   */
  current(): string {
    const versions = this.dbs.map((db) => String(db.pragma("data_version", { simple: true }))).join("/");
    if (this.last?.versions === versions) return this.last.hash;
    const hash = createHash("sha256");
    for (const db of this.dbs) {
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      for (const table of tables) {
        hash.update(`\u0000${table}\u0000`);
        const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).raw().all() as unknown[][];
        const encoded = rows.map((row) => JSON.stringify(row, (_, value: unknown) => (Buffer.isBuffer(value) ? value.toString("base64") : typeof value === "bigint" ? String(value) : value)));
        for (const row of encoded.sort()) hash.update(row);
      }
    }
    this.last = { versions, hash: hash.digest("hex") };
    return this.last.hash;
  }

  close(): void {
    for (const db of this.dbs) db.close();
  }
}
