// The item cache against a fake interrupt index: what a pass reports, loading in batches, paging
// through the sorted list, and rows that change while a load is under way.
import type { PendingInterrupt, PendingInterruptKey } from "../../main/host/checkpointer/interrupt-index.js";
import type { CheckpointStore } from "../../main/host/checkpointer/checkpoint-store.js";
import { ItemCache } from "../../main/host/inbox/item-cache.js";

type Row = PendingInterrupt & { seq: number };

/** The two reads the cache makes, over rows that a test edits at will. */
function fakeIndex(rows: Row[]) {
  const reads: number[][] = [];
  const checkpointer = {
    pendingInterruptKeys: (threadId?: string): PendingInterruptKey[] =>
      rows.filter((row) => threadId === undefined || row.threadId === threadId).map(({ seq, threadId: thread, checkpointId, interruptId }) => ({ seq, threadId: thread, checkpointId, interruptId })),
    pendingInterruptsAt: async (seqs: number[]): Promise<Row[]> => {
      reads.push(seqs);
      return rows.filter((row) => seqs.includes(row.seq));
    },
  };
  return { checkpointer: checkpointer as unknown as CheckpointStore, reads };
}

function question(seq: number, text = `Question ${seq}`): Row {
  return { seq, threadId: `thread-${seq}`, checkpointId: "c1", taskId: "t1", interruptId: `i${seq}`, value: text, createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(), nodes: [] };
}

const graphs = (threadIds: string[]) => new Map(threadIds.map((threadId) => [threadId, "ask"]));

it("the first pass reports nothing added (the inbox as found); later passes report what changed", async () => {
  const rows = [question(1), question(2)];
  const cache = new ItemCache(fakeIndex(rows).checkpointer, graphs);
  expect(await cache.sync()).toEqual({ added: [], resolved: [] });
  expect(cache.list({}, new Set()).total).toBe(2);

  rows.push(question(3));
  rows.splice(0, 1);
  const { added, resolved } = await cache.sync();
  expect(added.map((item) => item.title)).toEqual(["Question 3"]);
  expect(resolved.map((item) => item.title)).toEqual(["Question 1"]);
});

it("loads a big index in batches and pages through it in sort order, counts over all of it", async () => {
  const rows = Array.from({ length: 250 }, (_, i) => question(i + 1));
  const { checkpointer, reads } = fakeIndex(rows);
  const cache = new ItemCache(checkpointer, graphs);
  await cache.sync();
  expect(reads.length).toBeGreaterThan(1);
  expect(reads.flat()).toHaveLength(250);

  const pages = [0, 100, 200].map((offset) => cache.list({ cursor: String(offset), limit: 100, sort: "newest" }, new Set()));
  expect(pages.map((page) => page.nextCursor)).toEqual(["100", "200", null]);
  expect(pages.every((page) => page.total === 250 && page.counts.all === 250 && page.counts.byKind.generic === 250)).toBe(true);
  expect(pages.flatMap((page) => page.items.map((item) => item.title))).toEqual(rows.map((row) => row.value).reverse());

  // The sorted order follows the index: an item that left is gone from every page.
  rows.splice(rows.length - 1, 1);
  await cache.sync();
  const first = cache.list({ limit: 1, sort: "newest" }, new Set());
  expect(first.items[0]!.title).toBe("Question 249");
  expect(first.total).toBe(249);
});

it("the first pass reports as added the items created since the cache was (runs that began while it loaded)", async () => {
  const rows = [question(1)];
  const cache = new ItemCache(fakeIndex(rows).checkpointer, graphs);
  rows.push({ ...question(2), createdAt: new Date(Date.now() + 1).toISOString() });
  const { added } = await cache.sync();
  expect(added.map((item) => item.title)).toEqual(["Question 2"]);
  expect(cache.list({}, new Set()).total).toBe(2);
});

it("a row replaced between listing its key and loading it is left out, then loaded by the next pass", async () => {
  const rows = [question(1), question(2)];
  const { checkpointer } = fakeIndex(rows);
  const cache = new ItemCache(checkpointer, graphs);
  await cache.sync();
  rows.push(question(3));
  const load = checkpointer.pendingInterruptsAt.bind(checkpointer);
  // Between the key listing and the load, the thread moves on: same seq, another checkpoint.
  checkpointer.pendingInterruptsAt = async (seqs) => {
    rows[2] = { ...question(3, "Question 3, asked again"), checkpointId: "c2" };
    return load(seqs);
  };
  expect((await cache.sync()).added).toEqual([]);
  checkpointer.pendingInterruptsAt = load;
  expect((await cache.sync()).added.map((item) => item.title)).toEqual(["Question 3, asked again"]);
});
