// host.sqlite's schema versions: a file of an older version is migrated with its data.
import Database from "better-sqlite3";
import { DecisionJournal } from "../../../main/host/store/decision-journal.js";
import { HOST_MIGRATIONS, openHostDatabase } from "../../../main/host/store/host-database.js";
import { openMigratedDatabase } from "../../../main/host/store/sqlite-file.js";
import { InboxStore } from "../../../main/host/store/inbox-store.js";
import { ThreadRegistry } from "../../../main/host/store/thread-registry.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** Schema version 1, as the first release wrote it. */
const VERSION_1 = `
  CREATE TABLE threads (thread_id TEXT PRIMARY KEY, graph_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, status TEXT NOT NULL, error TEXT);
  CREATE TABLE thread_locks (thread_id TEXT PRIMARY KEY, owner TEXT NOT NULL, pid INTEGER NOT NULL, acquired_at INTEGER NOT NULL);
  CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL, graph_id TEXT NOT NULL,
    checkpoint_id TEXT NOT NULL, task_id TEXT, interrupt_id TEXT, item TEXT NOT NULL, decision TEXT NOT NULL, resume TEXT NOT NULL,
    state TEXT NOT NULL, outcome TEXT, error TEXT, decided_at INTEGER NOT NULL, finished_at INTEGER, owner TEXT NOT NULL, pid INTEGER NOT NULL
  );
  CREATE INDEX decisions_unfinished ON decisions (state) WHERE state = 'recorded';
  PRAGMA user_version = 1;
`;

const decision = (itemId: string) => ({
  itemId,
  threadId: "t1",
  graphId: "ask",
  checkpointId: "c1",
  taskId: "task",
  interruptId: "i1",
  item: { id: itemId },
  decision: { type: "respond", message: "yes" },
  resume: "yes",
});

test("a version 1 file is migrated with its threads, leases and decisions; decisions are numbered on from the last", () => {
  const path = dir.file("host.sqlite");
  const old = new Database(path);
  old.exec(VERSION_1);
  old.exec(`
    INSERT INTO threads VALUES ('t1', 'ask', 1, 2, 'waiting', NULL);
    INSERT INTO thread_locks VALUES ('t1', 'someone', 42, 3);
    INSERT INTO decisions (seq, item_id, thread_id, graph_id, checkpoint_id, task_id, interrupt_id, item, decision, resume, state, outcome, decided_at, finished_at, owner, pid)
      VALUES (7, 'a', 't1', 'ask', 'c0', 'task', 'i0', '{"id":"a"}', '{"type":"approve"}', 'true', 'applied', 'waiting', 10, 11, 'someone', 42),
             (9, 'b', 't1', 'ask', 'c1', 'task', 'i1', '{"id":"b"}', '{"type":"approve"}', 'true', 'recorded', NULL, 12, NULL, 'someone', 42);
  `);
  old.close();

  const db = openHostDatabase(path);
  try {
    expect(db.pragma("user_version", { simple: true })).toBe(HOST_MIGRATIONS.length);
    const sql = (name: string) => (db.prepare("SELECT sql FROM sqlite_master WHERE name = ?").pluck().get(name) as string).replace(/\s+/g, " ");
    expect(sql("thread_locks")).toMatch(/WITHOUT ROWID$/);
    expect(sql("decisions")).not.toMatch(/AUTOINCREMENT/);
    expect(sql("decisions_unfinished")).toMatch(/WHERE state = 'recorded'/);
    expect(sql("threads_running")).toMatch(/WHERE status = 'running'/);
    // Reading the running threads uses the partial index, not a scan of every thread.
    expect(JSON.stringify(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM threads WHERE status = 'running'").all())).toMatch(/threads_running/);

    expect(new ThreadRegistry(db).get("t1")).toMatchObject({ graphId: "ask", status: "waiting" });
    expect(db.prepare("SELECT * FROM thread_locks").all()).toEqual([{ thread_id: "t1", owner: "someone", pid: 42, acquired_at: 3 }]);
    const journal = new DecisionJournal(db);
    expect(journal.history().map((entry) => [entry.seq, entry.itemId, entry.state])).toEqual([
      [9, "b", "recorded"],
      [7, "a", "applied"],
    ]);
    expect(journal.unfinished().map((entry) => entry.itemId)).toEqual(["b"]);
    expect(journal.record(decision("c"), "me")).toBe(true);
    expect(journal.record(decision("a"), "me")).toBe(false); // still one decision per item
    expect(journal.get("c")?.seq).toBe(10);
  } finally {
    db.close();
  }
});

test("a version 2 file gains the thread indexes, the sources and the inbox store (items, its search index and counts) and keeps its data", () => {
  const path = dir.file("host.sqlite");
  const old = new Database(path);
  old.exec(VERSION_1);
  old.close();
  // Version 2: the first two migrations, as a build that had no others wrote it.
  const v2 = openMigratedDatabase(path, "host database", HOST_MIGRATIONS.slice(0, 2));
  expect(v2.pragma("user_version", { simple: true })).toBe(2);
  v2.exec("INSERT INTO threads VALUES ('t1', 'ask', 1, 2, 'running', NULL)");
  v2.close();

  const db = openHostDatabase(path);
  try {
    expect(db.pragma("user_version", { simple: true })).toBe(HOST_MIGRATIONS.length);
    expect(new ThreadRegistry(db).running().map((record) => record.threadId)).toEqual(["t1"]);
    const store = new InboxStore(db);
    const item = {
      id: "x1", source: "local", graphId: "ask", threadId: "t1", interruptId: "i1", checkpointId: "c1", taskId: "task",
      createdAt: new Date(0).toISOString(), value: "Ship it?", kind: "generic" as const, title: "Ship it?", actions: [],
    };
    store.upsert([item], [7]);
    expect(store.get("x1")).toEqual(item);
    expect(store.list({ search: "SHIP", sort: "oldest", offset: 0, limit: 10, hiddenBreakpoints: [] }).total).toBe(1);
    expect(store.counts([])).toEqual({ all: 1, byKind: { generic: 1 }, byGraph: { ask: 1 }, bySource: { local: 1 } });
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM threads WHERE status = 'running'").all()).toEqual([expect.objectContaining({ detail: expect.stringMatching(/threads_running/) })]);
  } finally {
    db.close();
  }
});
