// The local source against a fake interrupt index and a real store (host.sqlite in a temp folder):
// what a pass logs as news (what a host announces), loading in batches, rows that change while a load is under way, and a store
// left by an earlier host that is reconciled with an index changed while no host was open.
import { createHash } from "node:crypto";
import type { PendingInterrupt, PendingInterruptKey } from "../../main/host/checkpointer/interrupt-index.js";
import type { CheckpointStore } from "../../main/host/checkpointer/checkpoint-store.js";
import { KEY_CHUNK, LOAD_BATCH, LocalSource } from "../../main/host/inbox/local-source.js";
import { netChanges } from "../../main/host/inbox/inbox-watch.js";
import { listItems } from "../../main/host/inbox/item-query.js";
import { openHostDatabase } from "../../main/host/store/host-database.js";
import { InboxStore } from "../../main/host/store/inbox-store.js";
import { tempDir } from "../support/tmp.js";

type Row = PendingInterrupt & { seq: number };

const digest = (rows: Row[]) => createHash("sha256").update(JSON.stringify(rows)).digest("hex");

/** The two reads the source makes, over rows that a test edits at will. */
function fakeIndex(rows: Row[]) {
  const reads: number[][] = [];
  let watch = { epoch: 0, rows: "" };
  const checkpointer = {
    // A watch ends whenever the rows change, as the index's does (the rows' identities and values, hashed).
    watchIndex: (): number => {
      watch = { epoch: watch.epoch + 1, rows: digest(rows) };
      return watch.epoch;
    },
    indexUnchangedSince: (epoch: number): boolean => epoch === watch.epoch && digest(rows) === watch.rows,
    pendingInterruptKeys: (threadId?: string): PendingInterruptKey[] =>
      rows.filter((row) => threadId === undefined || row.threadId === threadId).map(({ seq, threadId: thread, checkpointId, interruptId }) => ({ seq, threadId: thread, checkpointId, interruptId })),
    pendingInterruptKeysAfter: (after: number, limit: number): PendingInterruptKey[] =>
      rows
        .filter((row) => row.seq > after)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map(({ seq, threadId, checkpointId, interruptId }) => ({ seq, threadId, checkpointId, interruptId })),
    pendingInterruptsAt: async (seqs: number[]): Promise<Row[]> => {
      reads.push(seqs);
      return rows.filter((row) => seqs.includes(row.seq));
    },
  };
  return { checkpointer: checkpointer as unknown as CheckpointStore & typeof checkpointer, reads };
}

function question(seq: number, text = `Question ${seq}`): Row {
  return { seq, threadId: `thread-${seq}`, checkpointId: "c1", taskId: "t1", interruptId: `i${seq}`, value: text, createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(), nodes: [] };
}

const graphs = (threadIds: string[]) => new Map(threadIds.map((threadId) => [threadId, "ask"]));

let dir: ReturnType<typeof tempDir>;
let dbs: Array<{ close: () => void }>;
beforeEach(() => {
  dir = tempDir();
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) db.close();
  dir.remove();
});

/** A store on the temp folder's host.sqlite: a second call opens the same file, as a later host would. */
function openStore(): InboxStore {
  const db = openHostDatabase(dir.file("host.sqlite"));
  dbs.push(db);
  return new InboxStore(db);
}

const list = (store: InboxStore, query = {}) => listItems(store, query, new Set());

/** What the store's change log says since the last call, as a host announces it: added titles, resolved threads, bulk-loaded entries. */
function news(store: InboxStore) {
  let seen = store.latestChange();
  return () => {
    const log = store.changesSince(seen);
    seen = log.latest;
    const { added, resolved } = netChanges(log.changes);
    return { added: added.map((change) => store.get(change.id)?.title), resolved: resolved.map((change) => change.threadId), bulk: log.bulk };
  };
}

it("the first pass logs nothing as news (the inbox as found, a bulk load); later passes log what changed", async () => {
  const rows = [question(1), question(2)];
  const store = openStore();
  const changes = news(store);
  const source = new LocalSource(fakeIndex(rows).checkpointer, store, graphs);
  await source.sync();
  expect(changes()).toEqual({ added: [], resolved: [], bulk: 2 });
  expect(list(store).total).toBe(2);

  rows.push(question(3));
  rows.splice(0, 1);
  await source.sync();
  expect(changes()).toEqual({ added: ["Question 3"], resolved: ["thread-1"], bulk: 0 });
  expect(list(store).items.map((item) => item.title)).toEqual(["Question 2", "Question 3"]);
});

it("loads a big index in batches, telling when it fills, and pages through it in sort order with counts over all of it", async () => {
  const rows = Array.from({ length: LOAD_BATCH * 2 + 10 }, (_, i) => question(i + 1));
  const { checkpointer, reads } = fakeIndex(rows);
  const store = openStore();
  const filling: boolean[] = [];
  // While it fills, what is stored so far can be read between two batches.
  const seen: number[] = [];
  const load = checkpointer.pendingInterruptsAt;
  checkpointer.pendingInterruptsAt = async (seqs) => {
    seen.push(list(store).total);
    return load(seqs);
  };
  const source = new LocalSource(checkpointer, store, graphs, (on) => filling.push(on));
  await source.sync();
  expect(reads.map((read) => read.length)).toEqual([LOAD_BATCH, LOAD_BATCH, 10]);
  expect(seen).toEqual([0, LOAD_BATCH, LOAD_BATCH * 2]);
  expect(filling).toEqual([true, false]);

  const total = rows.length;
  const pages = [0, 100, 200].map((offset) => list(store, { cursor: String(offset), limit: 100, sort: "newest" }));
  expect(pages.map((page) => page.nextCursor)).toEqual(["100", "200", "300"]);
  expect(pages.every((page) => page.total === total && page.counts.all === total && page.counts.byKind.generic === total && page.counts.bySource.local === total)).toBe(true);
  expect(pages.flatMap((page) => page.items.map((item) => item.title))).toEqual(rows.map((row) => row.value).reverse().slice(0, 300));

  // The sorted order follows the index: an item that left is gone from every page.
  rows.splice(rows.length - 1, 1);
  await source.sync();
  const first = list(store, { limit: 1, sort: "newest" });
  expect(first.items[0]!.title).toBe(`Question ${total - 1}`);
  expect(first.total).toBe(total - 1);
});

it("the first pass logs as news the items created since the host started (runs that began while it loaded)", async () => {
  const rows = [question(1)];
  const store = openStore();
  const changes = news(store);
  const source = new LocalSource(fakeIndex(rows).checkpointer, store, graphs);
  rows.push({ ...question(2), createdAt: new Date(Date.now() + 1).toISOString() });
  await source.sync();
  expect(changes()).toEqual({ added: ["Question 2"], resolved: [], bulk: 1 });
  expect(list(store).total).toBe(2);
});

it("a row replaced between listing its key and loading it is left out, then loaded by the next pass", async () => {
  const rows = [question(1), question(2)];
  const { checkpointer } = fakeIndex(rows);
  const store = openStore();
  const source = new LocalSource(checkpointer, store, graphs);
  await source.sync();
  const changes = news(store);
  rows.push(question(3));
  const load = checkpointer.pendingInterruptsAt;
  // Between the key listing and the load, the thread moves on: same seq, another checkpoint.
  checkpointer.pendingInterruptsAt = async (seqs) => {
    rows[2] = { ...question(3, "Question 3, asked again"), checkpointId: "c2" };
    return load(seqs);
  };
  await source.sync();
  expect(changes().added).toEqual([]);
  checkpointer.pendingInterruptsAt = load;
  await source.sync();
  expect(changes().added).toEqual(["Question 3, asked again"]);
});

it("a later host reconciles the store with an index another process changed meanwhile: loads only the new rows, drops the gone and the replaced", async () => {
  const rows = Array.from({ length: 20 }, (_, i) => question(i + 1));
  const first = new LocalSource(fakeIndex(rows).checkpointer, openStore(), graphs);
  await first.sync();

  // While no host is open: two items answered, one asked again on a new checkpoint under the same
  // row, one new question, and a freed row number given to another thread.
  rows.splice(rows.findIndex((row) => row.seq === 4), 1);
  rows.splice(rows.findIndex((row) => row.seq === 20), 1);
  rows[rows.findIndex((row) => row.seq === 7)] = { ...question(7, "Question 7, asked again"), checkpointId: "c2" };
  rows.push(question(21), { ...question(20, "Another thread's question"), threadId: "thread-x", interruptId: "ix" });

  const { checkpointer, reads } = fakeIndex(rows);
  const store = openStore();
  const changes = news(store);
  const later = new LocalSource(checkpointer, store, graphs);
  await later.sync();
  expect(reads.flat().sort((a, b) => a - b)).toEqual([7, 20, 21]);
  const { resolved, added, bulk } = changes();
  expect(resolved.sort()).toEqual(["thread-20", "thread-4", "thread-7"]);
  expect(added).toEqual([]);
  expect(bulk).toBe(3);
  const titles = list(store, { limit: 100 }).items.map((item) => item.title);
  expect(titles).toHaveLength(20);
  expect(titles).toEqual(expect.arrayContaining(["Question 7, asked again", "Question 21", "Another thread's question"]));
  expect(titles).not.toContain("Question 4");
  expect(titles).not.toContain("Question 7");

  // Nothing changed since: the next start loads nothing.
  const { checkpointer: again, reads: none } = fakeIndex(rows);
  await new LocalSource(again, openStore(), graphs).sync();
  expect(none).toEqual([]);
  expect(changes()).toEqual({ added: [], resolved: [], bulk: 0 });
});

it("a thread's pass also drops a stored row whose number the index gave to this thread", async () => {
  const rows = [question(1), question(2)];
  const { checkpointer } = fakeIndex(rows);
  const store = openStore();
  const source = new LocalSource(checkpointer, store, graphs);
  await source.sync();
  const changes = news(store);
  rows[0] = { ...question(1, "Thread 2's second question"), threadId: "thread-2", interruptId: "i2b" };
  await source.syncThread("thread-2", new Set());
  expect(changes()).toEqual({ added: ["Thread 2's second question"], resolved: ["thread-1"], bulk: 0 });
  expect(store.forThread("local", "thread-2").map((item) => item.title)).toEqual(["Thread 2's second question", "Question 2"]);
});

it("a breakpoint row of a running thread is deferred, not stored, until the thread stops", async () => {
  const rows: Row[] = [{ ...question(1), taskId: null, interruptId: null, value: undefined, nodes: ["review"] }];
  const store = openStore();
  const source = new LocalSource(fakeIndex(rows).checkpointer, store, graphs);
  await source.sync(new Set(["thread-1"]));
  expect(source.deferred).toBe(true);
  expect(list(store).total).toBe(0);
  await source.sync(new Set());
  expect(source.deferred).toBe(false);
  expect(list(store).items.map((item) => item.kind)).toEqual(["breakpoint"]);
  // Hidden again while its thread runs: from the page, the total and the counts.
  expect(listItems(store, {}, new Set(["thread-1"]))).toMatchObject({ items: [], total: 0, counts: { all: 0 } });
});

it("a complete pass compares the index a range at a time: changes in every range are found, rows past the index's end are dropped", async () => {
  const rows = Array.from({ length: KEY_CHUNK * 2 + 5 }, (_, i) => question(i + 1));
  const { checkpointer } = fakeIndex(rows);
  const store = openStore();
  const source = new LocalSource(checkpointer, store, graphs);
  await source.sync();
  const changes = news(store);
  rows[10] = { ...question(11, "Question 11, asked again"), checkpointId: "c2" }; // first range
  rows.splice(KEY_CHUNK + 100, 1); // second range: seq KEY_CHUNK + 101 answered
  rows.splice(rows.length - 2, 2); // the last two rows, past what the index holds now
  rows.push(question(KEY_CHUNK * 3, "A new question"));
  await source.sync();
  const { added, resolved } = changes();
  expect(added.sort()).toEqual(["A new question", "Question 11, asked again"]);
  expect(resolved.sort()).toEqual(["thread-11", `thread-${KEY_CHUNK * 2 + 4}`, `thread-${KEY_CHUNK * 2 + 5}`, `thread-${KEY_CHUNK + 101}`].sort());
  expect(list(store).total).toBe(rows.length);
});
