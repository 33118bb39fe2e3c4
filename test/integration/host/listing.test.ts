// listItems: filters (graph, kind, text over title/description/args), sorting, cursor pagination, totals and counts.
import type { Host } from "../../../main/host/index.js";
import type { InboxItem, ItemQuery } from "../../../shared/inbox.js";
import { hostHarness, sleep, type HostHarness } from "../../support/host.js";

let h: HostHarness;
let host: Host;
/** The six items, in the order they were created. */
let created: InboxItem[];

beforeAll(async () => {
  h = hostHarness();
  host = await h.open();
  created = [];
  const runs: Array<[string, Record<string, unknown>]> = [
    ["ship-it", {}],
    ["expense-approval", { expense: { employee: "J. Doe", amount: 12, category: "meals", receipt: "https://example.com/r/1" } }],
    ["support-agent", {}],
    ["release-pipeline", { version: "v3.1.0" }],
    ["expense-approval", {}],
  ];
  for (const [graphId, input] of runs) {
    created.push(...(await host.startRun({ graphId: graphId, input })).items);
    await sleep(5); // distinct createdAt between runs
  }
});
afterAll(() => h.cleanup());

const ids = (items: InboxItem[]) => items.map((i) => i.id);
const list = (query: ItemQuery) => host.listItems(query);

test("with no query: every pending item, oldest first, and counts by kind and graph", async () => {
  const page = await list({});
  expect(page.items).toHaveLength(6);
  expect(page.total).toBe(6);
  expect(page.nextCursor).toBeNull();
  const byAge = [...created].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  expect(ids(page.items)).toEqual(ids(byAge));
  expect(page.items[0]!.graphId).toBe("ship-it");
  expect(page.counts).toEqual({
    all: 6,
    byKind: { generic: 3, "human-interrupt": 2, hitl: 1 },
    byGraph: { "ship-it": 1, "expense-approval": 2, "support-agent": 1, "release-pipeline": 2 },
    bySource: { local: 6 },
  });
  expect(page.items.every((item) => item.source === "local")).toBe(true);
});

test("filter by graph and by kind; total counts the matches, counts ignore the filters", async () => {
  const expense = await list({ graphId: "expense-approval" });
  expect(expense.items.map((i) => i.graphId)).toEqual(["expense-approval", "expense-approval"]);
  expect(expense.total).toBe(2);
  expect(expense.counts.all).toBe(6);

  const generic = await list({ kind: "generic" });
  expect(generic.items.map((i) => i.graphId).sort()).toEqual(["release-pipeline", "release-pipeline", "ship-it"]);
  expect(generic.total).toBe(3);

  const both = await list({ graphId: "release-pipeline", kind: "human-interrupt" });
  expect(both).toMatchObject({ items: [], total: 0, nextCursor: null, counts: { all: 6 } });
  expect((await list({ graphId: "no-such-graph" })).total).toBe(0);
});

test("text search over titles, descriptions and action args, case-insensitive", async () => {
  const titles = async (search: string) => (await list({ search })).items.map((i) => i.title).sort();
  // Title.
  expect(await titles("WHICH REGION")).toEqual(["Which region gets v3.1.0 first?"]);
  // Description (the expense's markdown) only.
  expect((await list({ search: "claims **12**" })).items.map((i) => i.actions[0]!.args.employee)).toEqual(["J. Doe"]);
  // Args: an email address inside the HITL send_email call, and a receipt URL.
  expect(await titles("ana@example.com")).toEqual(["Review 2 tool calls: send_email, run_sql"]);
  expect(await titles("example.com/r/8812")).toEqual(["approve_expense"]);
  // Action names.
  expect(await titles("run_sql")).toEqual(["Review 2 tool calls: send_email, run_sql"]);
  // Combined with a filter, blank, and no match.
  expect((await list({ search: "v3.1.0", kind: "generic" })).total).toBe(2);
  expect((await list({ search: "   " })).total).toBe(6);
  expect((await list({ search: "zebra-unicorn" })).total).toBe(0);
});

test("search finds any substring of 3 or more characters through the full-text index, and shorter ones too", async () => {
  const titles = async (search: string) => (await list({ search })).items.map((i) => i.title).sort();
  // Inside an email address, and a word's prefix, in another case.
  expect(await titles("A@EXAMPLE")).toEqual(["Review 2 tool calls: send_email, run_sql"]);
  expect(await titles("regi")).toEqual(["Which region gets v3.1.0 first?"]);
  // One and two characters: no trigram to look up, still matched anywhere, in any case.
  expect(await titles("V3")).toEqual((await titles("v3.")).sort());
  expect((await list({ search: "v3" })).total).toBeGreaterThan(0);
  expect((await list({ search: "é" })).total).toBe(0);
  // LIKE's wildcards are plain characters in a search.
  expect((await list({ search: "%" })).total).toBe(0);
  expect((await list({ search: "_" })).items.map((i) => i.title)).toContain("approve_expense");
});

test("filter by source: every item here is local, and counts say so", async () => {
  const local = await list({ source: "local" });
  expect(local.total).toBe(6);
  expect(local.counts.bySource).toEqual({ local: 6 });
  const remote = await list({ source: "staging" });
  expect(remote).toMatchObject({ items: [], total: 0, nextCursor: null, counts: { all: 6 } });
});

test("sorts: oldest, newest, title, graph", async () => {
  const oldest = ids((await list({ sort: "oldest" })).items);
  expect(ids((await list({ sort: "newest" })).items)).toEqual([...oldest].reverse());
  const byTitle = (await list({ sort: "title" })).items.map((i) => i.title);
  expect(byTitle).toEqual([...byTitle].sort((a, b) => a.localeCompare(b)));
  expect(byTitle[0]).toBe("approve_expense");
  const byGraph = (await list({ sort: "graph" })).items;
  expect(byGraph.map((i) => i.graphId)).toEqual(["expense-approval", "expense-approval", "release-pipeline", "release-pipeline", "ship-it", "support-agent"]);
  // Within a graph, oldest first.
  expect(byGraph[0]!.actions[0]!.args.employee).toBe("J. Doe");
});

test("cursor pagination walks every match once, in order, with the full total on each page", async () => {
  for (const query of [{ sort: "newest" as const }, { sort: "title" as const, kind: "generic" as const }]) {
    const all = ids((await list(query)).items);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ ...query, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(all.length);
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
  }
  const last = await list({ limit: 5, cursor: "5" });
  expect(last.items).toHaveLength(1);
  expect(last.nextCursor).toBeNull();
  expect((await list({ cursor: "6" })).items).toEqual([]);
});

test("a bad query is refused as invalid-request", async () => {
  await expect(list({ cursor: "abc" })).rejects.toMatchObject({ name: "HostError", code: "invalid-request", message: expect.stringMatching(/cursor/) });
  await expect(list({ cursor: "-2" })).rejects.toMatchObject({ code: "invalid-request" });
  await expect(list({ limit: 0 })).rejects.toMatchObject({ code: "invalid-request" });
  await expect(list({ sort: "random" as never })).rejects.toMatchObject({ code: "invalid-request" });
  await expect(list({ kind: "email" as never })).rejects.toMatchObject({ code: "invalid-request" });
});

test("a decided item leaves the listing and the counts", async () => {
  const ship = created.find((i) => i.graphId === "ship-it")!;
  await host.decide({ itemId: ship.id, decision: { type: "respond", message: "yes" } });
  const page = await list({});
  expect(ids(page.items)).not.toContain(ship.id);
  expect(page.total).toBe(5);
  expect(page.counts.byGraph["ship-it"]).toBeUndefined();
  expect(page.counts.byKind.generic).toBe(2);
});
