// RemoteDeployment against real LangGraph Servers (`langgraphjs dev` on loopback), two at once:
// discovery of every payload kind through pages, decisions resuming the graphs on the server, a
// conflict when the item was answered elsewhere, and the errors a reviewer is shown.
import { createServer, type Server, type Socket } from "node:net";
import { Client } from "@langchain/langgraph-sdk";
import { RemoteDeployment, RemoteError, remoteItemView, type RemotePending } from "../../../main/host/sources/remote-deployment.js";
import { remoteResumeValue } from "../../../main/host/sources/remote-resume-value.js";
import { freePort, startDevServer, type DevServer } from "../../support/langgraph-dev.js";

const API_KEY = "cs-test-key-7f3a9c1e5d";
const HEADER_SECRET = "hdr-secret-91b2c7d4";
const HEX_ID = /^[0-9a-f]{32}$/;

let open: DevServer; // no auth
let keyed: DevServer; // custom auth: x-api-key must be API_KEY
let openSdk: Client;
let keyedSdk: Client;
const seeded: Record<string, string> = {};
const keyedThreads: string[] = [];

beforeAll(async () => {
  [open, keyed] = await Promise.all([startDevServer(), startDevServer({ apiKey: API_KEY })]);
  openSdk = new Client({ apiUrl: open.url, apiKey: null, callerOptions: { maxRetries: 0 } });
  keyedSdk = new Client({ apiUrl: keyed.url, apiKey: API_KEY, callerOptions: { maxRetries: 0 } });
  const pause = async (sdk: Client, graphId: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const thread = await sdk.threads.create({ graphId });
    await sdk.runs.wait(thread.thread_id, graphId, { input: {}, ...extra });
    return thread.thread_id;
  };
  for (const graphId of ["support-agent", "release-pipeline", "expense-approval", "ship-it"]) seeded[graphId] = await pause(openSdk, graphId);
  // A static breakpoint: the thread is interrupted but carries no interrupt value.
  seeded.breakpoint = await pause(openSdk, "ship-it", { interruptBefore: ["ask"] });
  for (let i = 0; i < 5; i++) keyedThreads.push(await pause(keyedSdk, "ship-it"));
  keyedThreads.push(await pause(keyedSdk, "expense-approval"));
}, 180_000);

afterAll(async () => {
  await Promise.all([open?.stop(), keyed?.stop()]);
});

const openSource = (extra: Partial<ConstructorParameters<typeof RemoteDeployment>[0]> = {}, options: ConstructorParameters<typeof RemoteDeployment>[1] = {}) =>
  new RemoteDeployment({ name: "staging", url: open.url, ...extra }, options);
const keyedSource = (apiKey: string | undefined, options: ConstructorParameters<typeof RemoteDeployment>[1] = {}) =>
  new RemoteDeployment({ name: "prod", url: keyed.url, apiKey, headers: { "x-tenant": HEADER_SECRET } }, options);

const ofThread = (items: RemotePending[], threadId: string) => items.filter((item) => item.threadId === threadId);

async function rejection(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

function expectNoSecrets(error: RemoteError): void {
  for (const text of [error.message, String(error), error.stack ?? "", JSON.stringify(error)]) {
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(HEADER_SECRET);
  }
}

/** A fresh thread of a demo graph on the open server, paused at its interrupt, and its pending items. */
async function freshItems(graphId: string, input: Record<string, unknown> = {}): Promise<{ source: RemoteDeployment; threadId: string; items: RemotePending[] }> {
  const source = openSource();
  const threadId = await source.startRun(graphId, input);
  const items = ofThread(await source.discover(), threadId);
  return { source, threadId, items };
}

async function decide(source: RemoteDeployment, item: RemotePending, decision: unknown) {
  const resume = remoteResumeValue(item, decision);
  if (!resume.ok) throw new Error(resume.error);
  return source.resume({ ...item, value: resume.value });
}

type WireMessage = { type: string; content: unknown; name?: string; status?: string };
async function messagesOf(threadId: string): Promise<WireMessage[]> {
  const state = await openSdk.threads.getState<{ messages: WireMessage[] }>(threadId);
  return state.values.messages;
}

describe("discovery", () => {
  it("finds every interrupt on two deployments at once, each payload normalized as a local item", async () => {
    const [staging, prod] = await Promise.all([openSource().discover(), keyedSource(API_KEY).discover()]);

    // The support agent's batched HITL interrupt: one item, two actions with their own decisions.
    const [hitl, ...moreHitl] = ofThread(staging, seeded["support-agent"]!);
    expect(moreHitl).toEqual([]);
    expect(hitl).toMatchObject({ graphId: "support-agent", interruptId: expect.stringMatching(HEX_ID), assistantId: expect.any(String), checkpointId: null });
    const hitlView = remoteItemView(hitl!);
    expect(hitlView.kind).toBe("hitl");
    expect(hitlView.actions.map((a) => [a.name, a.allowedDecisions])).toEqual([
      ["send_email", ["approve", "edit", "reject"]],
      ["run_sql", ["approve", "reject"]],
    ]);
    expect(hitlView.actions[0]!.args).toEqual({ to: "ana@example.com", subject: "Q3", body: "Numbers attached." });

    // Both parallel interrupts of the release pipeline, the deploy gate's from inside a subgraph.
    const release = ofThread(staging, seeded["release-pipeline"]!);
    expect(release).toHaveLength(2);
    expect(new Set(release.map((r) => r.interruptId)).size).toBe(2);
    expect(new Set(release.map((r) => r.taskId)).size).toBe(2);
    const state = await openSdk.threads.getState(seeded["release-pipeline"]!, undefined, { subgraphs: true });
    const taskNames = new Map(state.tasks.map((task) => [task.id, task.name]));
    const byTask = Object.fromEntries(release.map((r) => [taskNames.get(r.taskId), r]));
    expect(Object.keys(byTask).sort()).toEqual(["deploy_gate", "security_review"]);
    expect(byTask.deploy_gate!.value).toEqual({ question: "Which region gets v2.4.0 first?", options: ["eu-west-1", "us-east-1"] });
    // The interrupt came from the subgraph: its task ran in a namespace of its own.
    expect(state.tasks.find((t) => t.name === "deploy_gate")!.state?.checkpoint.checkpoint_ns).toMatch(/^deploy_gate:/);
    for (const item of release) {
      expect(item.interruptId).toMatch(HEX_ID);
      // This server (langgraphjs dev 2.0) sends interrupts as { id, value }: no namespace to keep.
      expect(item.namespace).toBeNull();
      expect(remoteItemView(item)).toMatchObject({ kind: "generic", actions: [{ name: "reply", allowedDecisions: ["respond"] }] });
    }
    expect(remoteItemView(byTask.security_review!).title).toBe("Security review: release v2.4.0 with 2 medium findings open?");

    const [expense] = ofThread(staging, seeded["expense-approval"]!);
    expect(remoteItemView(expense!)).toMatchObject({ kind: "human-interrupt", title: "approve_expense", actions: [{ name: "approve_expense", allowedDecisions: ["approve", "edit", "respond", "ignore"] }] });

    const [ship] = ofThread(staging, seeded["ship-it"]!);
    expect(ship!.value).toBe("Ship it?");
    expect(remoteItemView(ship!)).toMatchObject({ kind: "generic", title: "Ship it?" });
    expect(Date.parse(ship!.createdAt)).not.toBeNaN();

    // A static breakpoint has no interrupt to resume by id: the thread is counted, not listed.
    expect(ofThread(staging, seeded.breakpoint!)).toEqual([]);
    const interrupted = await openSdk.threads.search({ status: "interrupted", limit: 1000 });
    expect(await openSource().count()).toBe(interrupted.length);
    expect(interrupted.map((t) => t.thread_id)).toContain(seeded.breakpoint);

    // The other deployment's items, none mixed with the first's.
    expect(prod.map((p) => p.threadId).sort()).toEqual([...keyedThreads].sort());
    expect(prod.filter((p) => p.graphId === "ship-it")).toHaveLength(5);
    expect(prod.some((p) => staging.some((s) => s.threadId === p.threadId))).toBe(false);
  });

  it("pages through every interrupted thread, none twice, and filters by graph or assistant", async () => {
    const all = await keyedSource(API_KEY, { pageSize: 2 }).discover();
    expect(all.map((p) => p.threadId).sort()).toEqual([...keyedThreads].sort());

    const ships = await new RemoteDeployment({ name: "prod", url: keyed.url, apiKey: API_KEY, graphId: "ship-it" }, { pageSize: 2 }).discover();
    expect(ships).toHaveLength(5);
    expect(new Set(ships.map((p) => p.graphId))).toEqual(new Set(["ship-it"]));
    const assistantId = all.find((p) => p.graphId === "expense-approval")!.assistantId!;
    const byAssistant = await new RemoteDeployment({ name: "prod", url: keyed.url, apiKey: API_KEY, graphId: assistantId }).discover();
    expect(byAssistant.map((p) => p.graphId)).toEqual(["expense-approval"]);
  });

  it("reads the interrupts from each thread's state when the server does not return them in search results", async () => {
    let searches = 0;
    let rejectedSelect = 0;
    // An older server: refuses `select`, and its threads carry no `interrupts`.
    const olderServer: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith("/threads/search")) {
        searches++;
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        if ("select" in body) {
          rejectedSelect++;
          return new Response(JSON.stringify({ detail: "select: unknown field" }), { status: 422 });
        }
        const threads = (await (await fetch(input, init)).json()) as Array<Record<string, unknown>>;
        return Response.json(threads.map(({ interrupts: _dropped, ...thread }) => thread));
      }
      return fetch(input, init);
    };
    const source = openSource({}, { fetch: olderServer, pageSize: 3 });
    const [viaState, viaSearch] = await Promise.all([source.discover(), openSource().discover()]);
    const key = (p: RemotePending) => `${p.threadId}/${p.interruptId}/${p.taskId}`;
    expect(viaState.map(key).sort()).toEqual(viaSearch.map(key).sort());
    expect(viaState.every((p) => typeof p.checkpointId === "string")).toBe(true);
    expect(rejectedSelect).toBe(1); // asked once; the source remembers
    expect(searches).toBeGreaterThan(2);
  });

  it("shows a thread's context: status, state, conversation and history", async () => {
    const context = await openSource().context(seeded["support-agent"]!);
    expect(context).toMatchObject({ threadId: seeded["support-agent"], graphId: "support-agent", status: "waiting", error: null });
    expect(context.messages?.map((m) => m.type)).toEqual(["human", "ai"]);
    expect(context.messages?.[1]?.toolCalls?.map((c) => c.name)).toEqual(["send_email", "run_sql"]);
    expect(context.history.length).toBeGreaterThan(1);
    expect(context.history[0]).toMatchObject({ checkpointId: expect.any(String), step: expect.any(Number), source: "loop", next: expect.any(Array) });
    expect((context.values as { messages: unknown[] }).messages).toHaveLength(2);
  });
});

describe("decisions", () => {
  it("approve and edit resume the agent on the server; its tools run with the edited args", async () => {
    const { source, threadId, items } = await freshItems("support-agent");
    expect(items).toHaveLength(1);
    const outcome = await decide(source, items[0]!, { decisions: [{ type: "edit", args: { to: "bob@example.com", subject: "Q3", body: "See attached." } }, { type: "approve" }] });
    expect(outcome).toEqual({ outcome: "applied", status: "done", error: null });
    const tools = (await messagesOf(threadId)).filter((m) => m.type === "tool");
    expect(tools.map((m) => [m.name, m.content])).toEqual([
      ["send_email", "Email sent to bob@example.com (subject: Q3): See attached."],
      ["run_sql", "SQL executed: DELETE FROM sessions WHERE last_seen < now() - interval '30 days'"],
    ]);
    expect(await source.pending(threadId)).toEqual(new Set());
    expect(ofThread(await source.discover(), threadId)).toEqual([]);
  });

  it("a reject sends the rejection back and the agent asks again: a new item, waiting", async () => {
    const { source, threadId, items } = await freshItems("support-agent");
    const outcome = await decide(source, items[0]!, { decisions: [{ type: "approve" }, { type: "reject", message: "not on a Friday" }] });
    expect(outcome).toEqual({ outcome: "applied", status: "waiting", error: null });
    const rejected = (await messagesOf(threadId)).find((m) => m.type === "tool" && m.name === "run_sql");
    expect(String(rejected?.content)).toContain("not on a Friday");
    const again = ofThread(await source.discover(), threadId);
    expect(again).toHaveLength(1);
    expect(again[0]!.interruptId).not.toBe(items[0]!.interruptId);
    expect(remoteItemView(again[0]!).actions.map((a) => a.name)).toEqual(["send_email"]);
  });

  it("refuses what the payload does not allow, as for a local item, and sends nothing", async () => {
    const [item] = ofThread(await openSource().discover(), seeded["support-agent"]!);
    const refused = remoteResumeValue(item!, { decisions: [{ type: "approve" }, { type: "edit", args: { sql: "DROP TABLE users" } }] });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("run_sql") });
    expect(remoteResumeValue(item!, { type: "approve" })).toMatchObject({ ok: false, error: expect.stringContaining("Expected 2 decision(s)") });
  });

  it("answers parallel interrupts one at a time by id, the subgraph's included", async () => {
    const { source, threadId, items } = await freshItems("release-pipeline");
    expect(items).toHaveLength(2);
    const [security, gate] = [items.find((i) => String((i.value as { question: string }).question).startsWith("Security"))!, items.find((i) => String((i.value as { question: string }).question).startsWith("Which region"))!];
    expect(await decide(source, gate, { type: "respond", message: "eu-west-1" })).toEqual({ outcome: "applied", status: "waiting", error: null });
    expect(await source.pending(threadId)).toEqual(new Set([security.interruptId]));
    expect(ofThread(await source.discover(), threadId).map((i) => i.interruptId)).toEqual([security.interruptId]);
    // The answered one is gone: sending it again is a conflict, not a second answer.
    expect(await decide(source, gate, { type: "respond", message: "us-east-1" })).toMatchObject({ outcome: "conflict" });
    expect(await decide(source, security, { type: "resume", value: "approve" })).toEqual({ outcome: "applied", status: "done", error: null });
    const state = await openSdk.threads.getState<{ published: string }>(threadId);
    expect(state.values.published).toBe('v2.4.0 published (security: "approve", first region: "eu-west-1")');
  });

  it("a HumanInterrupt edit reaches the graph as a one-element HumanResponse list", async () => {
    const { source, threadId, items } = await freshItems("expense-approval");
    const edited = { employee: "R. Okafor", amount: 400, category: "travel", receipt: "https://example.com/r/8812" };
    expect(await decide(source, items[0]!, { type: "edit", args: edited })).toEqual({ outcome: "applied", status: "done", error: null });
    const state = await openSdk.threads.getState<{ status: string; approved: unknown }>(threadId);
    expect(state.values).toMatchObject({ status: "approved", approved: edited });
  });

  it("a run that fails on the server is reported as failed, with the graph's error", async () => {
    const { source, threadId, items } = await freshItems("expense-approval");
    const outcome = await decide(source, items[0]!, { type: "resume", value: "not a list" });
    expect(outcome).toMatchObject({ outcome: "failed", status: "error" });
    expect(outcome.outcome === "failed" && outcome.error).toBe('Error: Expected a one-element list of HumanResponse, got "n"');
    // The failed task still lists its interrupt in the state; it waits on nothing now.
    expect(await source.pending(threadId)).toEqual(new Set());
    expect(await source.context(threadId)).toMatchObject({ status: "error", error: 'Error: Expected a one-element list of HumanResponse, got "n"' });
  });

  it("an interrupt answered elsewhere meanwhile is a conflict, and nothing is sent", async () => {
    const { source, threadId, items } = await freshItems("ship-it");
    const [item] = items;
    // Someone answers it directly on the server (another inbox, Studio, a script).
    await openSdk.runs.wait(threadId, "ship-it", { command: { resume: { [item!.interruptId]: "shipped elsewhere" } } });
    const runsBefore = await openSdk.runs.list(threadId, { limit: 100 });

    const outcome = await decide(source, item!, { type: "resume", value: "ship from the inbox" });
    expect(outcome).toMatchObject({ outcome: "conflict", reason: expect.stringContaining("no longer pending") });
    expect(await openSdk.runs.list(threadId, { limit: 100 })).toHaveLength(runsBefore.length);
    const state = await openSdk.threads.getState<{ answer: unknown }>(threadId);
    expect(state.values.answer).toBe("shipped elsewhere");
  });

  it("startRun gives a thread that discovery then finds", async () => {
    const { threadId, items } = await freshItems("ship-it");
    expect(items.map((i) => i.threadId)).toEqual([threadId]);
  });
});

describe("errors", () => {
  it("an unreachable server is offline, named with its URL", async () => {
    const port = await freePort();
    const source = new RemoteDeployment({ name: "laptop", url: `http://127.0.0.1:${port}`, apiKey: API_KEY, headers: { "x-tenant": HEADER_SECRET } });
    const calls = [() => source.discover(), () => source.count(), () => source.pending("t1"), () => source.context("t1"), () => source.resume({ threadId: "t1", graphId: "ship-it", assistantId: null, interruptId: "a".repeat(32), value: 1 })];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.kind).toBe("offline");
      expect(error.message).toContain(`Remote source "laptop" (http://127.0.0.1:${port})`);
      expect(error.message).toContain("connection refused");
      expectNoSecrets(error);
    }
  });

  it("a server that never answers is a timeout", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await rejection(new RemoteDeployment({ name: "slow", url: `http://127.0.0.1:${port}`, apiKey: API_KEY }, { timeoutMs: 300 }).discover());
      expect(error.kind).toBe("timeout");
      expect(error.message).toContain("did not answer within 0.3 s");
      expectNoSecrets(error);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("a wrong API key is an auth error that never shows the key", async () => {
    const wrong = await rejection(keyedSource("wrong-key-5e6f7a8b").discover());
    expect(wrong).toMatchObject({ kind: "auth", status: 401 });
    expect(wrong.message).toBe(`Remote source "prod" (${keyed.url}) rejected the API key (HTTP 401) when asked to list the interrupted threads: check the key in the source's settings`);
    expect(wrong.message).not.toContain("wrong-key-5e6f7a8b");
    expectNoSecrets(wrong);
    const missing = await rejection(keyedSource(undefined).count());
    expect(missing.kind).toBe("auth");
    expect(missing.message).toContain("needs an API key");
    expectNoSecrets(missing);
  });

  it("an unknown thread is not-found", async () => {
    const error = await rejection(keyedSource(API_KEY).context("00000000-0000-4000-8000-000000000000"));
    expect(error.kind).toBe("not-found");
    expect(error.message).toContain("read thread 00000000-0000-4000-8000-000000000000");
    expectNoSecrets(error);
  });

  it("a server error that echoes the request keeps the key and header values out of the message", async () => {
    const echo: typeof fetch = async (_input, init) => new Response(`upstream failed for ${JSON.stringify([...new Headers(init?.headers).entries()])}`, { status: 502 });
    const error = await rejection(keyedSource(API_KEY, { fetch: echo }).discover());
    expect(error).toMatchObject({ kind: "server", status: 502 });
    expect(error.message).toContain("[redacted]");
    expectNoSecrets(error);
  });
});

describe("restart", () => {
  it("after the server restarts on its folder, the same items are found", async () => {
    const source = keyedSource(API_KEY);
    const before = await source.discover();
    await keyed.restart();
    const after = await source.discover();
    const key = (p: RemotePending) => `${p.threadId}/${p.interruptId}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  }, 120_000);
});
