// Browser mode over the WebSocket: who may connect (token, Origin, Host), the contract carried
// call by call with the host's own results, typed errors for anything malformed, pushed events.
import type { Host } from "../../../main/host/index.js";
import { MAX_MESSAGE_BYTES, type RunningServer } from "../../../main/server/index.js";
import type { AppEvent } from "../../../shared/contract.js";
import { waitFor } from "../../support/host.js";
import { Client, openSocket, originOf, refusedStatus, serverHarness, wsUrl, type ServerHarness } from "./harness.js";

let h: ServerHarness;
let host: Host;
let server: RunningServer;
beforeEach(async () => {
  h = serverHarness();
  ({ host, server } = await h.start());
});
afterEach(() => h.cleanup());

const APPROVE = { type: "approve" } as const;

describe("the upgrade", () => {
  test("no token or a wrong token: 401", async () => {
    expect(await refusedStatus(wsUrl(server, null), { Origin: originOf(server) })).toBe(401);
    expect(await refusedStatus(wsUrl(server, "wrong"), { Origin: originOf(server) })).toBe(401);
    expect(await refusedStatus(wsUrl(server, server.token.slice(1)), { Origin: originOf(server) })).toBe(401);
    expect(await refusedStatus(wsUrl(server, null), { Origin: originOf(server), Cookie: `countersign_token_${server.port}=nope` })).toBe(401);
  });

  test("cookies open no WebSocket: neither the raw token nor the page cookie (every server on this host receives cookies)", async () => {
    const pageCookie = (await fetch(server.url)).headers.get("set-cookie")!.split(";")[0]!;
    expect(pageCookie).not.toContain(server.token);
    expect(await refusedStatus(wsUrl(server, null), { Origin: originOf(server), Cookie: pageCookie })).toBe(401);
    expect(await refusedStatus(wsUrl(server, null), { Origin: originOf(server), Cookie: `countersign_token_${server.port}=${server.token}` })).toBe(401);
  });

  test("a wrong or missing Origin: 403, even with the token", async () => {
    for (const origin of ["http://evil.example", `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, "null", `http://127.0.0.1:${server.port}.evil.example`]) {
      expect(await refusedStatus(wsUrl(server), { Origin: origin }), origin).toBe(403);
    }
    expect(await refusedStatus(wsUrl(server))).toBe(403);
  });

  test("a Host other than this server's: 403", async () => {
    expect(await refusedStatus(wsUrl(server), { Origin: "http://evil.example", Host: "evil.example" })).toBe(403);
  });

  test("another path: 404", async () => {
    expect(await refusedStatus(`ws://127.0.0.1:${server.port}/socket?token=${server.token}`, { Origin: originOf(server) })).toBe(404);
  });

  test("token in the query, Origin of this server (127.0.0.1 or localhost)", async () => {
    const viaQuery = h.track(await openSocket(wsUrl(server), { Origin: originOf(server) }));
    const viaLocalhostOrigin = h.track(await openSocket(wsUrl(server), { Origin: `http://localhost:${server.port}` }));
    for (const ws of [viaQuery, viaLocalhostOrigin]) {
      const client = new Client(ws);
      expect(await client.ok("listGraphs", {})).toEqual(await host.listGraphs());
    }
  });
});

describe("calls", () => {
  test("startRun, listItems, getItem, decide, history: the host's own results", async () => {
    const client = await Client.open(h, server);
    const run = await client.ok("startRun", { graphId: "expense-approval", input: {} });
    expect(run).toMatchObject({ status: "waiting", error: null });
    expect(run.items).toHaveLength(1);
    const item = run.items[0]!;

    const page = await client.ok("listItems", {});
    expect(page).toEqual(await host.listItems({}));
    expect(page.items.map((i) => i.id)).toEqual([item.id]);
    expect(await client.ok("listItems", { kind: "human-interrupt", sort: "newest", limit: 5 })).toEqual(await host.listItems({ kind: "human-interrupt", sort: "newest", limit: 5 }));

    expect(JSON.parse(JSON.stringify(await client.ok("getItem", { itemId: item.id })))).toEqual(JSON.parse(JSON.stringify(await host.getItem({ itemId: item.id }))));

    const decided = await client.ok("decide", { itemId: item.id, decision: APPROVE });
    expect(decided).toMatchObject({ itemId: item.id, status: "applied", thread: { threadId: item.threadId, status: "done", items: [] } });
    expect((await host.getItem({ itemId: item.id })).decision).toMatchObject({ state: "applied", decision: APPROVE });
    expect((await host.getItem({ itemId: item.id })).thread.values).toMatchObject({ status: "approved" });
    expect(await client.ok("listItems", {})).toMatchObject({ items: [], total: 0 });
    expect(await client.ok("history", {})).toEqual({ decisions: JSON.parse(JSON.stringify((await host.history()).decisions)) });

    // Decided once: the second decision is a typed refusal, and the connection carries on.
    expect(await client.call("decide", { itemId: item.id, decision: APPROVE })).toEqual({
      ok: false,
      error: { code: "already-decided", message: `Item ${item.id} was already decided` },
    });
    expect(await client.call("getItem", { itemId: "no-such-item" })).toMatchObject({ ok: false, error: { code: "not-found" } });
    expect(await client.call("startRun", { graphId: "no-such-graph" })).toMatchObject({ ok: false, error: { code: "not-found" } });
  });

  test("decideMany and concurrent calls answered by id", async () => {
    const client = await Client.open(h, server);
    const runs = await Promise.all([1, 2, 3].map(() => client.ok("startRun", { graphId: "expense-approval" })));
    const ids = runs.map((run) => run.items[0]!.id);
    const { results } = await client.ok("decideMany", { itemIds: [...ids, ids[0]!], decision: APPROVE });
    expect(results.map((r) => [r.itemId, r.ok])).toEqual([...ids.map((id) => [id, true]), [ids[0], false]]);
    expect((await host.history()).decisions).toHaveLength(3);
  });

  test("an invalid call, malformed input, non-JSON and other bad frames: typed errors, the connection stays usable", async () => {
    const client = await Client.open(h, server);
    const invalid = { ok: false, error: { code: "invalid-request", message: expect.any(String) } };
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ["unknown call", () => client.call("dropTables", {}), /Unknown call "dropTables"/],
      ["prototype key as call", () => client.call("constructor", {}), /Unknown call/],
      ["input of the wrong type", () => client.call("listItems", { limit: "ten" }), /Invalid listItems request: limit/],
      ["unknown input key", () => client.call("listGraphs", { extra: 1 }), /Invalid listGraphs request/],
      ["input not an object", () => client.call("getItem", "abc"), /Invalid getItem request/],
      ["missing required input", () => client.call("decide", { itemId: "x" }), /decision/],
      ["non-JSON", () => client.raw("{ not json", -1), /not valid JSON/],
      ["JSON but not an object", () => client.raw("[1,2,3]", -1), /JSON object/],
      ["missing id", () => client.raw(JSON.stringify({ call: "listGraphs", input: {} }), -1), /integer id/],
      ["string id", () => client.raw(JSON.stringify({ id: "7", call: "listGraphs", input: {} }), -1), /integer id/],
      ["fractional id", () => client.raw(JSON.stringify({ id: 1.5, call: "listGraphs", input: {} }), -1), /integer id/],
      ["binary frame", () => client.raw(Buffer.from(JSON.stringify({ id: 99, call: "listGraphs", input: {} })), -1, { binary: true }), /Binary frames/],
      ["null", () => client.raw("null", -1), /JSON object/],
    ];
    // One at a time: the -1 responses cannot be told apart.
    for (const [what, run, message] of cases) {
      const response = (await run()) as { ok: false; error: { message: string } };
      expect(response, what).toEqual(invalid);
      expect(response.error.message, what).toMatch(message);
    }
    const missingCall = await client.raw(JSON.stringify({ id: 41, input: {} }), 41);
    expect(missingCall).toMatchObject({ ok: false, error: { code: "invalid-request", message: "Unknown call undefined" } });
    expect(await client.ok("listGraphs", {})).toEqual(await host.listGraphs());
  });

  test("a message over 1 MB gets a typed error; the connection stays usable", async () => {
    const client = await Client.open(h, server);
    const huge = JSON.stringify({ id: 5, call: "listItems", input: { search: "x".repeat(MAX_MESSAGE_BYTES) } });
    expect(await client.raw(huge, -1)).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/too large/) } });
    expect(await client.ok("listGraphs", {})).toEqual(await host.listGraphs());
  });

  test("a frame beyond the hard limit closes only that connection (1009)", async () => {
    const client = await Client.open(h, server);
    const other = await Client.open(h, server);
    const closed = new Promise<number>((resolve) => client.ws.once("close", (code) => resolve(code)));
    client.ws.send("x".repeat(17 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect(await other.ok("listGraphs", {})).toEqual(await host.listGraphs());
  });
});

describe("events", () => {
  test("item-added and thread-status pushed to every client, for runs by another client or the host itself", async () => {
    const watcher = await Client.open(h, server);
    const actor = await Client.open(h, server);
    const byClient = await actor.ok("startRun", { graphId: "expense-approval" });
    const added = (events: AppEvent[], threadId: string) => events.find((e) => e.type === "item-added" && e.item.threadId === threadId);
    const fromClient = await waitFor(() => added(watcher.events, byClient.threadId), 5000, "item-added from the other client");
    expect(fromClient).toEqual({ type: "item-added", item: byClient.items[0] });
    expect(added(actor.events, byClient.threadId)).toBeDefined();

    const direct = await host.startRun({ graphId: "support-agent" });
    await waitFor(() => added(watcher.events, direct.threadId), 5000, "item-added from the host");
    // The thread's status follows its items, in a frame of its own.
    const status = await waitFor(() => watcher.events.find((e) => e.type === "thread-status" && e.thread.threadId === direct.threadId && e.thread.status === "waiting"), 5000, "thread-status waiting");
    expect(status).toEqual({ type: "thread-status", thread: expect.objectContaining({ threadId: direct.threadId, status: "waiting" }) });

    await actor.ok("decide", { itemId: byClient.items[0]!.id, decision: APPROVE });
    await waitFor(() => watcher.events.find((e) => e.type === "item-resolved" && e.itemId === byClient.items[0]!.id), 5000, "item-resolved");
    // Events are bare { event } messages, never mistaken for responses.
    expect(watcher.messages.filter((m) => "event" in m).every((m) => !("id" in m))).toBe(true);
  });

  test("one subscription per connection, dropped when the connection closes", async () => {
    let active = 0;
    const subscribe = host.subscribe.bind(host);
    host.subscribe = (listener) => {
      active++;
      const unsubscribe = subscribe(listener);
      return () => {
        active--;
        return unsubscribe();
      };
    };
    const a = await Client.open(h, server);
    const b = await Client.open(h, server);
    await waitFor(() => active === 2, 2000, "two subscriptions");
    a.ws.close();
    await waitFor(() => active === 1, 2000, "one subscription");
    b.ws.terminate();
    await waitFor(() => active === 0, 2000, "no subscription");
    await host.startRun({ graphId: "expense-approval" });
  });

  test("closing the server closes its clients (1001)", async () => {
    const client = await Client.open(h, server);
    const closed = new Promise<number>((resolve) => client.ws.once("close", (code) => resolve(code)));
    await server.close();
    expect(await closed).toBe(1001);
  });
});
