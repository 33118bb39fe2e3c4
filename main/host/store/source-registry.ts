import type Database from "better-sqlite3";
import type { SourceState } from "../../../shared/sources.js";

export interface SourceRecord {
  name: string;
  url: string;
  graphId: string | null;
  /** Sealed JSON of the API key and headers (sources/secrets.ts), or null. */
  secrets: string | null;
  hasApiKey: boolean;
  headerNames: string[];
  addedAt: number;
  state: SourceState;
  stateSince: number | null;
  lastError: string | null;
  syncedAt: number | null;
}

export type NewSource = Pick<SourceRecord, "name" | "url" | "graphId" | "secrets" | "hasApiKey" | "headerNames">;

interface Row {
  name: string;
  url: string;
  graph_filter: string | null;
  secrets: string | null;
  has_api_key: number;
  header_names: string;
  added_at: number;
  state: SourceState;
  state_since: number | null;
  last_error: string | null;
  synced_at: number | null;
}

/** The remote deployments configured on this data folder, and how each is doing. */
export class SourceRegistry {
  private readonly insert: Database.Statement;
  private readonly replace: Database.Statement;
  private readonly deleteStatement: Database.Statement;
  private readonly byName: Database.Statement;
  private readonly allStatement: Database.Statement;
  private readonly stateStatement: Database.Statement;
  private readonly syncedStatement: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO sources (name, url, graph_filter, secrets, has_api_key, header_names, added_at, state)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'new')`);
    // A changed address or key starts over as new: what was known of the old one no longer says anything.
    this.replace = db.prepare(`UPDATE sources SET url = ?, graph_filter = ?, secrets = ?, has_api_key = ?, header_names = ?,
      state = 'new', state_since = NULL, last_error = NULL WHERE name = ?`);
    this.deleteStatement = db.prepare("DELETE FROM sources WHERE name = ?");
    this.byName = db.prepare("SELECT * FROM sources WHERE name = ?");
    this.allStatement = db.prepare("SELECT * FROM sources ORDER BY name");
    // The state's start is kept while the state stays the same ("offline since").
    this.stateStatement = db.prepare(`UPDATE sources SET state_since = CASE WHEN state = ? THEN state_since ELSE ? END,
      state = ?, last_error = ? WHERE name = ?`);
    this.syncedStatement = db.prepare("UPDATE sources SET synced_at = ? WHERE name = ?");
  }

  /** False when a source of that name exists. */
  add(source: NewSource): boolean {
    return this.insert.run(source.name, source.url, source.graphId, source.secrets, Number(source.hasApiKey), JSON.stringify(source.headerNames), Date.now()).changes === 1;
  }

  /** False when there is no source of that name. */
  update(source: NewSource): boolean {
    return this.replace.run(source.url, source.graphId, source.secrets, Number(source.hasApiKey), JSON.stringify(source.headerNames), source.name).changes === 1;
  }

  remove(name: string): boolean {
    return this.deleteStatement.run(name).changes === 1;
  }

  get(name: string): SourceRecord | undefined {
    const row = this.byName.get(name) as Row | undefined;
    return row && toRecord(row);
  }

  all(): SourceRecord[] {
    return (this.allStatement.all() as Row[]).map(toRecord);
  }

  setState(name: string, state: SourceState, error: string | null, at = Date.now()): void {
    this.stateStatement.run(state, at, state, error, name);
  }

  synced(name: string, at = Date.now()): void {
    this.syncedStatement.run(at, name);
  }
}

function toRecord(row: Row): SourceRecord {
  return {
    name: row.name,
    url: row.url,
    graphId: row.graph_filter,
    secrets: row.secrets,
    hasApiKey: row.has_api_key === 1,
    headerNames: JSON.parse(row.header_names) as string[],
    addedAt: row.added_at,
    state: row.state,
    stateSince: row.state_since,
    lastError: row.last_error,
    syncedAt: row.synced_at,
  };
}
