import type Database from "better-sqlite3";

/** `conflict`: a remote item's interrupt was answered elsewhere before the decision could be delivered; nothing was sent. */
export type DecisionState = "recorded" | "applied" | "failed" | "conflict";

export interface JournalEntry {
  seq: number;
  itemId: string;
  threadId: string;
  graphId: string;
  checkpointId: string;
  taskId: string | null;
  interruptId: string | null;
  item: unknown;
  decision: unknown;
  resume: unknown;
  state: DecisionState;
  outcome: string | null;
  error: string | null;
  decidedAt: string;
  finishedAt: string | null;
  owner: string;
  pid: number;
  /** Where the item came from: "local", or a remote deployment's name. */
  source: string;
  /** A remote item's assistant, which its resume runs on. */
  assistantId: string | null;
}

export type NewEntry = Pick<JournalEntry, "itemId" | "threadId" | "graphId" | "checkpointId" | "taskId" | "interruptId" | "item" | "decision" | "resume"> &
  Partial<Pick<JournalEntry, "source" | "assistantId">>;

interface Row {
  seq: number;
  item_id: string;
  thread_id: string;
  graph_id: string;
  checkpoint_id: string;
  task_id: string | null;
  interrupt_id: string | null;
  item: string;
  decision: string;
  resume: string;
  state: DecisionState;
  outcome: string | null;
  error: string | null;
  decided_at: number;
  finished_at: number | null;
  owner: string;
  pid: number;
  source: string;
  assistant_id: string | null;
}

/** Every decision, written before the graph runs on and finished after: the exactly-once record and the audit log. */
export class DecisionJournal {
  private readonly insert: Database.Statement;
  private readonly finishStatement: Database.Statement;
  private readonly byItem: Database.Statement;
  private readonly unfinishedStatement: Database.Statement;
  private readonly undeliveredStatement: Database.Statement;
  private readonly page: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO decisions
      (item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, decided_at, owner, pid, source, assistant_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?, ?, ?, ?, ?)`);
    this.finishStatement = db.prepare("UPDATE decisions SET state = ?, outcome = ?, error = ?, finished_at = ? WHERE item_id = ?");
    this.byItem = db.prepare("SELECT * FROM decisions WHERE item_id = ?");
    this.unfinishedStatement = db.prepare("SELECT * FROM decisions WHERE state = 'recorded' AND source = 'local' ORDER BY seq");
    this.undeliveredStatement = db.prepare("SELECT * FROM decisions WHERE state = 'recorded' AND source <> 'local' ORDER BY seq");
    this.page = db.prepare("SELECT * FROM decisions WHERE seq < ? ORDER BY seq DESC LIMIT ?");
  }

  /** Records a decision; false when the item was already decided (by anyone, in any process). */
  record(entry: NewEntry, owner: string): boolean {
    const result = this.insert.run(
      entry.itemId, entry.threadId, entry.graphId, entry.checkpointId, entry.taskId, entry.interruptId,
      JSON.stringify(entry.item), JSON.stringify(entry.decision), JSON.stringify(entry.resume ?? null), Date.now(), owner, process.pid,
      entry.source ?? "local", entry.assistantId ?? null,
    );
    return result.changes === 1;
  }

  finish(itemId: string, state: Exclude<DecisionState, "recorded">, outcome: string | null, error: string | null = null): void {
    this.finishStatement.run(state, outcome, error, Date.now(), itemId);
  }

  get(itemId: string): JournalEntry | undefined {
    const row = this.byItem.get(itemId) as Row | undefined;
    return row && toEntry(row);
  }

  /** Local decisions whose run has not recorded its end. */
  unfinished(): JournalEntry[] {
    return (this.unfinishedStatement.all() as Row[]).map(toEntry);
  }

  /** Decisions on remote items not delivered yet (the outbox), oldest first. */
  undelivered(): JournalEntry[] {
    return (this.undeliveredStatement.all() as Row[]).map(toEntry);
  }

  /** Newest first. */
  history(options: { limit?: number; before?: number } = {}): JournalEntry[] {
    return (this.page.all(options.before ?? Number.MAX_SAFE_INTEGER, options.limit ?? 100) as Row[]).map(toEntry);
  }
}

function toEntry(row: Row): JournalEntry {
  return {
    seq: row.seq,
    itemId: row.item_id,
    threadId: row.thread_id,
    graphId: row.graph_id,
    checkpointId: row.checkpoint_id,
    taskId: row.task_id,
    interruptId: row.interrupt_id,
    item: JSON.parse(row.item),
    decision: JSON.parse(row.decision),
    resume: JSON.parse(row.resume),
    state: row.state,
    outcome: row.outcome,
    error: row.error,
    decidedAt: new Date(row.decided_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    owner: row.owner,
    pid: row.pid,
    source: row.source,
    assistantId: row.assistant_id,
  };
}
