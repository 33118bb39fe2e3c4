// Remote deployments in the host's inbox, against real LangGraph Servers (`langgraphjs dev` on
// loopback): two deployments beside the local graphs in one inbox, searched, filtered and counted
// together; decisions delivered at once, or queued while a deployment is down and delivered exactly
// once when it is back (after a restart of Countersign too); a conflict when the interrupt was
// answered elsewhere; a wrong key shown as the source's state; secrets never readable.
import { readFileSync } from "node:fs";
import { Client } from "@langchain/langgraph-sdk";
import Database from "better-sqlite3";
import type { Host } from "../../../main/host/index.js";
import type { InboxItem } from "../../../shared/inbox.js";
import { hostHarness, waitFor } from "../../support/host.js";
import { startDevServer, type DevServer } from "../../support/langgraph-dev.js";

const API_KEY = "cs-host-key-3c9e71";

let east: DevServer;
let west: DevServer; // requires API_KEY
let eastSdk: Client;
let westSdk: Client;
let h: ReturnType<typeof hostHarness>;

beforeAll(async () => {
  [east, west] = await Promise.all([startDevServer(), startDevServer({ apiKey: API_KEY })]);
  eastSdk = new Client({ apiUrl: east.url, apiKey: null, callerOptions: { maxRetries: 0 } });
  westSdk = new Client({ apiUrl: west.url, apiKey: API_KEY, callerOptions: { maxRetries: 0 } });
}, 180_000);
afterAll(async () => {
  await Promise.all([east?.stop(), west?.stop()]);
});
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

async function pause(sdk: Client, graphId: string): Promise<string> {
  const thread = await sdk.threads.create({ graphId });
  await sdk.runs.wait(thread.thread_id, graphId, { input: {} });
  return thread.thread_id;
}

async function answersOf(threadId: string): Promise<unknown> {
  const state = await eastSdk.threads.getState<{ answer: unknown }>(threadId);
  return state.values.answer;
}

const itemsOfThread = async (host: Host, threadId: string): Promise<InboxItem[]> => (await host.listItems({ limit: 1000 })).items.filter((item) => item.threadId === threadId);

test("two deployments and the local graphs in one inbox: listed, searched, filtered and counted together; decisions resume the remote graphs", async () => {
  const host = await h.open({ remotePollMs: 0 });
  const local = await host.startRun({ graphId: "ship-it" });
  const shipIt = await pause(eastSdk, "ship-it");
  const pipeline = await pause(eastSdk, "release-pipeline");
  const expense = await pause(westSdk, "expense-approval");

  await host.addSource({ name: "east", url: east.url });
  await host.addSource({ name: "west", url: west.url, apiKey: API_KEY });
  const { reports } = await host.syncSources({});
  expect(reports.map((r) => [r.source, r.state])).toEqual([
    ["east", "online"],
    ["west", "online"],
  ]);

  const all = await host.listItems({ limit: 1000 });
  expect(all.counts.bySource).toMatchObject({ local: 1, west: 1 });
  expect(all.counts.bySource.east).toBeGreaterThanOrEqual(3);
  // Both parallel interrupts of the release pipeline, one of them inside a subgraph.
  expect((await itemsOfThread(host, pipeline)).length).toBe(2);
  const remoteShip = (await itemsOfThread(host, shipIt))[0]!;
  expect(remoteShip).toMatchObject({ source: "east", graphId: "ship-it", kind: "generic", title: "Ship it?" });
  expect((await host.listItems({ source: "west" })).items.map((item) => item.threadId)).toEqual([expense]);
  expect((await host.listItems({ source: "local" })).items.map((item) => item.threadId)).toEqual([local.threadId]);
  // A search finds items of every source; a count by kind covers them all.
  const found = await host.listItems({ search: "ship it", limit: 1000 });
  expect(new Set(found.items.map((item) => item.source))).toEqual(new Set(["local", "east"]));
  expect(all.counts.byKind.generic).toBeGreaterThanOrEqual(2);

  const outcome = await host.decide({ itemId: remoteShip.id, decision: { type: "resume", value: "yes, ship" } });
  expect(outcome.status).toBe("applied");
  expect(await answersOf(shipIt)).toBe("yes, ship");
  expect(await itemsOfThread(host, shipIt)).toEqual([]);
  expect((await host.history({})).decisions[0]).toMatchObject({ itemId: remoteShip.id, source: "east", state: "applied" });
  // A second decision on the same item is refused, as for local items.
  await expect(host.decide({ itemId: remoteShip.id, decision: { type: "resume", value: "again" } })).rejects.toMatchObject({ code: "already-decided" });
}, 240_000);

test("decided while the deployment is down: queued, then delivered exactly once after it is back and Countersign restarted", async () => {
  const threadId = await pause(eastSdk, "ship-it");
  let host = await h.open({ remotePollMs: 0 });
  await host.addSource({ name: "east", url: east.url });
  await host.syncSources({ name: "east" });
  const item = (await itemsOfThread(host, threadId))[0]!;

  await east.down();
  try {
    const outcome = await host.decide({ itemId: item.id, decision: { type: "resume", value: "offline answer" } });
    expect(outcome.status).toBe("queued");
    const [source] = (await host.listSources({})).sources;
    expect(source).toMatchObject({ name: "east", state: "offline", queued: 1 });
    expect(source!.stateSince).not.toBeNull();
    // The cached item still shows, with when it was last synced.
    expect(source!.syncedAt).not.toBeNull();
    await expect(host.decide({ itemId: item.id, decision: { type: "resume", value: "twice" } })).rejects.toMatchObject({ code: "already-decided" });
    await host.close();
  } finally {
    await east.up();
  }

  host = await h.open({ remotePollMs: 0 });
  const [report] = (await host.syncSources({ name: "east" })).reports;
  // The whole report in the message: its lastError says why, should the delivery fail.
  expect(report, JSON.stringify(report)).toMatchObject({ state: "online", delivered: 1, conflicts: 0, queued: 0 });
  // Delivered is sent: the server runs the resume on its own time.
  await waitFor(async () => (await answersOf(threadId)) === "offline answer", 30_000, "the answer in the thread's state on the server");
  // Once: a second sync sends nothing, and the server ran one run for the decision.
  expect((await host.syncSources({ name: "east" })).reports[0]).toMatchObject({ delivered: 0, queued: 0 });
  const runs = await eastSdk.runs.list(threadId, { limit: 100 });
  expect(runs.filter((run) => (run.metadata as Record<string, unknown>).countersign_decision === item.id)).toHaveLength(1);
  expect((await host.history({})).decisions[0]).toMatchObject({ itemId: item.id, state: "applied" });
}, 240_000);

test("an interrupt answered elsewhere before delivery is a conflict: nothing is sent, the reviewer is told", async () => {
  const threadId = await pause(eastSdk, "ship-it");
  const host = await h.open({ remotePollMs: 0 });
  await host.addSource({ name: "east", url: east.url });
  await host.syncSources({});
  const item = (await itemsOfThread(host, threadId))[0]!;
  await eastSdk.runs.wait(threadId, "ship-it", { command: { resume: { [item.interruptId!]: "answered elsewhere" } } });

  const outcome = await host.decide({ itemId: item.id, decision: { type: "resume", value: "too late" } });
  expect(outcome.status).toBe("conflict");
  expect(await answersOf(threadId)).toBe("answered elsewhere");
  expect((await host.history({})).decisions[0]).toMatchObject({ itemId: item.id, state: "conflict" });
  expect((await host.history({})).decisions[0]!.error).toMatch(/no longer pending/);
}, 240_000);

test("a wrong API key is the source's state, named; the key is stored sealed and never shown or logged", async () => {
  const host = await h.open({ remotePollMs: 0 });
  await host.addSource({ name: "west", url: west.url, apiKey: "wrong-key-5e1d" });
  const [report] = (await host.syncSources({})).reports;
  expect(report).toMatchObject({ source: "west", state: "auth-error", items: null });
  const [source] = (await host.listSources({})).sources;
  expect(source).toMatchObject({ state: "auth-error", hasApiKey: true });
  expect(JSON.stringify(source)).not.toContain("wrong-key-5e1d");
  await host.close();
  const db = new Database(`${h.dataDir}/host.sqlite`, { readonly: true });
  try {
    expect(JSON.stringify(db.prepare("SELECT * FROM sources").all())).not.toContain("wrong-key-5e1d");
  } finally {
    db.close();
  }
  expect(readFileSync(`${h.dataDir}/logs/countersign.log`, "utf8")).not.toContain("wrong-key-5e1d");
}, 120_000);
