// The inbox store on a real host.sqlite: sources kept apart (replaceSource, upsert, remove), the
// kept counts against the rows, full-text search with its short-needle fallback, filters and sorts.
import Database from "better-sqlite3";
import { openHostDatabase } from "../../main/host/store/host-database.js";
import { InboxStore, KEPT_CHANGES, MIN_INDEXED_SEARCH, type StoreQuery } from "../../main/host/store/inbox-store.js";
import type { InboxItem } from "../../shared/inbox.js";
import { tempDir } from "../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
let db: Database.Database;
let store: InboxStore;
beforeEach(() => {
  dir = tempDir();
  db = openHostDatabase(dir.file("host.sqlite"));
  store = new InboxStore(db);
});
afterEach(() => {
  db.close();
  dir.remove();
});

let clock = 0;
function item(source: string, id: string, fields: Partial<InboxItem> = {}): InboxItem {
  clock++;
  return {
    id,
    source,
    graphId: "mail",
    threadId: `thread-${id}`,
    interruptId: `int-${id}`,
    checkpointId: "c1",
    taskId: "task",
    createdAt: new Date(1_700_000_000_000 + clock * 1000).toISOString(),
    value: { question: id },
    kind: "generic",
    title: `Item ${id}`,
    actions: [],
    ...fields,
  };
}

const query = (fields: Partial<StoreQuery> = {}): StoreQuery => ({ sort: "oldest", offset: 0, limit: 100, hiddenBreakpoints: [], ...fields });
const ids = (fields: Partial<StoreQuery> = {}) => store.list(query(fields)).items.map((i) => i.id);

test("an item reads back exactly as written", () => {
  const written = item("local", "a", {
    description: "Please **check**",
    value: { nested: [1, "two", null] },
    kind: "hitl",
    actions: [{ name: "send_email", args: { to: "ana@example.com" }, allowedDecisions: ["approve", "reject"], argsSchema: { type: "object" } }],
  });
  store.upsert([written]);
  expect(store.get("a")).toEqual(written);
  expect(store.get("a")).not.toHaveProperty("description", undefined);
  const bare = item("local", "b");
  store.upsert([bare]);
  expect(Object.keys(store.get("b")!)).not.toContain("description");
  expect(store.get("missing")).toBeUndefined();
});

test("replaceSource syncs one source completely and leaves the others alone", () => {
  store.upsert([item("local", "l1"), item("local", "l2")], [1, 2]);
  const first = store.replaceSource("staging", [item("staging", "s1"), item("staging", "s2")]);
  expect(first.added.map((i) => i.id)).toEqual(["s1", "s2"]);
  expect(first.resolved).toEqual([]);

  const changed = item("staging", "s2", { title: "Item s2, edited" });
  const second = store.replaceSource("staging", [changed, item("staging", "s3")]);
  expect(second.added.map((i) => i.id)).toEqual(["s3"]);
  expect(second.resolved).toEqual([{ id: "s1", threadId: "thread-s1", source: "staging" }]);
  expect(store.get("s2")?.title).toBe("Item s2, edited");

  // Another remote source, and an empty sync of the first: the local items never move.
  store.replaceSource("prod", [item("prod", "p1")]);
  expect(store.replaceSource("staging", []).resolved.map((r) => r.id).sort()).toEqual(["s2", "s3"]);
  expect(ids()).toEqual(["l1", "l2", "p1"]);
  expect(store.keysBetween("local", 0, Number.MAX_SAFE_INTEGER).map((k) => [k.id, k.seq])).toEqual([["l1", 1], ["l2", 2]]);
  expect(store.keys("local", "thread-l2").map((k) => k.id)).toEqual(["l2"]);
  expect(store.counts([]).bySource).toEqual({ local: 2, prod: 1 });
});

test("an id stored for another source is refused, and the whole sync writes nothing", () => {
  store.upsert([item("local", "same")]);
  expect(() => store.replaceSource("staging", [item("staging", "s1"), item("staging", "same")])).toThrow(/already stored for source "local"/);
  expect(ids()).toEqual(["same"]);
  expect(store.get("same")?.source).toBe("local");
  expect(() => store.replaceSource("staging", [item("prod", "p1")])).toThrow(/not "staging"/);
  expect(() => store.upsert([item("staging", "x"), item("prod", "same")])).toThrow(/already stored/);
  expect(store.get("x")).toBeUndefined();
});

test("local rows are removed by id, reported once", () => {
  store.upsert([item("local", "a"), item("local", "b")]);
  expect(store.remove(["a", "nope"])).toEqual([{ id: "a", threadId: "thread-a", source: "local" }]);
  expect(store.remove(["a"])).toEqual([]);
  expect(ids()).toEqual(["b"]);
});

test("the kept counts equal the rows after inserts, updates that move an item between groups, and deletes", () => {
  const kinds = ["generic", "hitl", "breakpoint"] as const;
  const graphs = ["mail", "deploy"];
  const all = Array.from({ length: 60 }, (_, i) => item(i % 4 === 0 ? "prod" : "local", `i${i}`, { kind: kinds[i % 3]!, graphId: graphs[i % 2]! }));
  store.upsert(all.filter((i) => i.source === "local"));
  store.replaceSource("prod", all.filter((i) => i.source === "prod"));
  store.upsert([item("local", "i1", { kind: "hitl", graphId: "other" })]);
  store.remove(["i2", "i3", "i5"]);
  store.replaceSource("prod", all.filter((i) => i.source === "prod").slice(0, 5));
  const scanned = db.prepare("SELECT source, kind, graph_id, count(*) AS n FROM items GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").all();
  expect(db.prepare("SELECT source, kind, graph_id, n FROM item_counts ORDER BY 1, 2, 3").all()).toEqual(scanned);
  const counts = store.counts([]);
  expect(counts.all).toBe(db.prepare("SELECT count(*) FROM items").pluck().get());
  expect(counts.byGraph.other).toBe(1);
  expect(counts.bySource.prod).toBe(5);
  expect(store.list(query({ kind: "hitl", source: "local" })).total).toBe(db.prepare("SELECT count(*) FROM items WHERE kind = 'hitl' AND source = 'local'").pluck().get());
});

test("full-text search: substrings of 3 or more characters in any case, in titles, descriptions and tool calls; shorter ones by scan", () => {
  store.upsert([
    item("local", "mail", { title: "Review 2 tool calls", actions: [{ name: "send_email", args: { to: "ana.lopez@example.com" }, allowedDecisions: ["approve"] }] }),
    item("local", "deploy", { title: "Deploy ÉCOLE v3.1.0", description: "to the eu-west region" }),
    item("local", "plain", { title: "Ship it?" }),
  ]);
  const search = (text: string) => ids({ search: text }).sort();
  expect([..."pez"].length).toBe(MIN_INDEXED_SEARCH);
  expect(search("LOPEZ@EXAMPLE")).toEqual(["mail"]);
  expect(search("pez")).toEqual(["mail"]);
  expect(search("send_em")).toEqual(["mail"]);
  expect(search("école")).toEqual(["deploy"]); // non-ASCII case folding by the tokenizer
  expect(search("west reg")).toEqual(["deploy"]);
  expect(search("ship it?")).toEqual(["plain"]);
  expect(search('"quoted"')).toEqual([]);
  expect(search("approve")).toEqual([]); // allowed decisions are not searched, only names and args
  // Below three characters: LIKE over the same columns.
  expect(search("V3")).toEqual(["deploy"]);
  expect(search("t?")).toEqual(["plain"]);
  expect(search("L")).toEqual(["deploy", "mail"]);
  expect(search("%")).toEqual([]);
  expect(store.list(query({ search: "example", source: "elsewhere" })).total).toBe(0);
  // After an update and a delete the index follows the rows.
  store.upsert([item("local", "plain", { title: "Ship it now" })]);
  expect(search("ship it?")).toEqual([]);
  expect(search("IT NOW")).toEqual(["plain"]);
  store.remove(["mail"]);
  expect(search("lopez")).toEqual([]);
});

test("filters, sorts and offsets; hidden breakpoint rows leave the page, the total and the counts", () => {
  store.upsert([
    item("local", "b", { title: "beta", graphId: "zeta" }),
    item("local", "a", { title: "Alpha", graphId: "eta", kind: "hitl" }),
    item("local", "c", { title: "gamma", graphId: "eta", kind: "breakpoint", interruptId: null }),
  ]);
  expect(ids({ sort: "oldest" })).toEqual(["b", "a", "c"]);
  expect(ids({ sort: "newest" })).toEqual(["c", "a", "b"]);
  expect(ids({ sort: "title" })).toEqual(["a", "b", "c"]);
  expect(ids({ sort: "graph" })).toEqual(["a", "c", "b"]);
  expect(ids({ graphId: "eta" })).toEqual(["a", "c"]);
  expect(ids({ kind: "hitl" })).toEqual(["a"]);
  expect(ids({ offset: 1, limit: 1 })).toEqual(["a"]);
  const hidden = { hiddenBreakpoints: ["thread-c", "thread-a"] };
  expect(store.list(query(hidden))).toMatchObject({ total: 2 });
  expect(ids(hidden)).toEqual(["b", "a"]);
  expect(store.list(query({ ...hidden, graphId: "eta" })).total).toBe(1);
  expect(store.counts(hidden.hiddenBreakpoints)).toEqual({ all: 2, byKind: { generic: 1, hitl: 1 }, byGraph: { zeta: 1, eta: 1 }, bySource: { local: 2 } });
  expect(store.list(query({ ...hidden, search: "gamma" })).total).toBe(0);
});

test("the change log tells another connection what changed, bulk loads apart, and when it was trimmed past what it saw", () => {
  const otherDb = openHostDatabase(dir.file("host.sqlite"));
  onTestFinished(() => {
    otherDb.close();
  });
  const other = new InboxStore(otherDb);
  const seen = other.latestChange();
  store.upsert([item("local", "a"), item("local", "b")]);
  store.upsert([item("local", "old")], undefined, false);
  store.remove(["a"]);
  store.replaceSource("prod", [item("prod", "p")]);
  const log = other.changesSince(seen);
  expect(log.changes.map((c) => [c.id, c.stored])).toEqual([["a", true], ["b", true], ["a", false], ["p", true]]);
  expect(log).toMatchObject({ bulk: 1, missed: false });
  expect(other.changesSince(log.latest)).toEqual({ changes: [], bulk: 0, missed: false, latest: log.latest });

  store.upsert(Array.from({ length: KEPT_CHANGES + 5 }, (_, i) => item("local", `bulk-${i}`)), undefined, false);
  store.trimChanges();
  expect(db.prepare("SELECT count(*) FROM item_changes").pluck().get()).toBe(KEPT_CHANGES);
  expect(other.changesSince(log.latest)).toMatchObject({ missed: true, bulk: KEPT_CHANGES });
  // Versions go on from the newest entry kept.
  const before = store.latestChange();
  store.remove(["b"]);
  expect(other.changesSince(before).changes.map((c) => [c.id, c.stored, c.version])).toEqual([["b", false, before + 1]]);
});
