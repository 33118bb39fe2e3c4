// Fuzzing the contract: random and malformed messages (fast-check) through the WebSocket transport
// and through the Electron IPC handler layer, against a real host with pending items of every demo
// graph. Each message is answered with a typed error or a result; the server stays up; a message
// that is refused leaves every row of both database files as it was.
const electron = vi.hoisted(() => ({ ipcMain: { handle: vi.fn(), removeHandler: vi.fn() } }));
vi.mock("electron", () => ({ ipcMain: electron.ipcMain }));

import fc from "fast-check";
import { bindIpc, REFUSED } from "../../main/electron/ipc.js";
import type { Host } from "../../main/host/index.js";
import type { RunningServer } from "../../main/server/index.js";
import { linkTo } from "../../main/transport/host-link.js";
import { callNames, ipcChannel, type CallName, type CallResult, type ServerMessage } from "../../shared/contract.js";
import { nextTurn } from "../support/host.js";
import { Client, rawRequest, serverHarness, type ServerHarness } from "../integration/server/harness.js";
import { DataDigest } from "./data-digest.js";
import { reportFigures, scaled, SEED } from "./scale.js";

const MESSAGES = scaled(10_000);
const CODES = ["invalid-request", "invalid-decision", "not-found", "already-decided", "graph-unavailable", "host-unavailable", "internal"];
/** Internal details no caller should see in an error message. */
const LEAKS = /SQLITE_|\n\s+at |node:internal/;
const GRAPHS = ["support-agent", "expense-approval", "release-pipeline", "ship-it"];

let h: ServerHarness;
let host: Host;
let server: RunningServer;
let digest: DataDigest;
/** Item ids that were pending when the fuzzing began: some get decided along the way, which is allowed. */
let itemIds: string[] = [];
let threadIds: string[] = [];

beforeAll(async () => {
  h = serverHarness();
  ({ host, server } = await h.start());
  const runs = await Promise.all(GRAPHS.flatMap((graphId) => [1, 2, 3].map(() => host.startRun({ graphId }))));
  itemIds = runs.flatMap((run) => run.items.map((item) => item.id));
  threadIds = runs.map((run) => run.threadId);
  digest = new DataDigest(h.dataDir);
});
afterAll(async () => {
  digest.close();
  await h.cleanup();
});

// ---- what is sent ----

const anyText = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("", " ", "\u0000", "\uFEFF", "💥".repeat(300), "a".repeat(600)));
const id = () => fc.oneof(fc.constantFrom(...itemIds, ...threadIds, ...GRAPHS), anyText);
const decision = fc.oneof(
  fc.record({ type: fc.constantFrom("approve", "ignore", "edit", "reject", "respond", "resume", "nonsense") }, { requiredKeys: [] }),
  fc.record({ type: fc.constantFrom("edit", "respond", "reject", "resume"), args: fc.anything(), message: fc.anything(), value: fc.jsonValue() }, { requiredKeys: ["type"] }),
  fc.record({ decisions: fc.array(fc.record({ type: fc.constantFrom("approve", "edit", "reject", "respond"), args: fc.object(), message: fc.string() }, { requiredKeys: ["type"] }), { maxLength: 4 }) }),
  fc.anything(),
);
/** Inputs shaped like the contract's, with any part wrong (or right): deeper than the schema's first check. */
const input = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true }),
  fc.jsonValue(),
  fc.record(
    {
      itemId: id(),
      itemIds: fc.array(id(), { maxLength: 5 }),
      threadId: id(),
      graphId: id(),
      decision,
      input: fc.oneof(fc.object(), fc.anything()),
      limit: fc.oneof(fc.integer(), fc.double(), fc.string()),
      before: fc.oneof(fc.integer(), fc.double()),
      kind: fc.oneof(fc.constantFrom("hitl", "generic", "breakpoint"), fc.string()),
      search: anyText,
      sort: fc.oneof(fc.constantFrom("oldest", "newest", "title", "graph"), fc.string()),
      cursor: anyText,
      __proto__: fc.anything(),
      constructor: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);
const callName = fc.oneof(fc.constantFrom(...callNames), fc.constantFrom("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", ""), fc.anything());

/** A WebSocket frame: garbage text, JSON of any shape, or a message with any id, call and input. */
const frame = fc.oneof(
  { weight: 1, arbitrary: anyText.map((text) => ({ text, binary: false })) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => ({ text: JSON.stringify(value), binary: false })) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => ({ text: JSON.stringify(value), binary: true })) },
  {
    weight: 8,
    arbitrary: fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)), call: callName, input }).map((message) => ({ text: safeJson(message), binary: false })),
  },
);

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? "null";
  } catch {
    return "{}";
  }
}

/** The next response (not an event) the client receives; its own listener has stored it by then. */
function nextResponse(client: Client): Promise<Extract<ServerMessage, { id: number }>> {
  return new Promise((resolve) => {
    const seen = client.messages.length;
    const listener = () => {
      const reply = client.messages.slice(seen).find((m): m is Extract<ServerMessage, { id: number }> => "id" in m);
      if (!reply) return;
      client.ws.off("message", listener);
      resolve(reply);
    };
    client.ws.on("message", listener);
  });
}

// ---- what must come back ----

/** A typed error with a known code and a message free of internals, or a result. */
function checkResponse(response: CallResult<CallName>, what: string): void {
  if (response.ok) {
    expect(typeof response.result, what).toBe("object");
    return;
  }
  expect(CODES, what).toContain(response.error.code);
  expect(typeof response.error.message, what).toBe("string");
  expect(response.error.message, what).not.toMatch(LEAKS);
}

/** Runs one message and checks the data: unchanged when it was refused. */
async function guarded(send: () => Promise<CallResult<CallName>>, what: () => string): Promise<boolean> {
  const before = digest.current();
  const response = await send();
  checkResponse(response, what());
  if (!response.ok) expect(digest.current(), `a refused message changed the data: ${what()}`).toBe(before);
  // A run's outcome commits with the next lease taken or on the next turn: wait for it before the next message.
  else await nextTurn();
  return response.ok;
}

test(`${MESSAGES} random and malformed WebSocket messages: typed errors or results, refused ones change nothing, the server stays up`, async () => {
  const client = await Client.open(h, server);
  let sent = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(frame, async ({ text, binary }) => {
      sent++;
      const ok = await guarded(async () => {
        // One message at a time: the next response on this connection is this one's, whatever its id.
        const reply = nextResponse(client);
        client.ws.send(text, { binary });
        return (await reply).response;
      }, () => text.slice(0, 300));
      if (!ok) refused++;
    }),
    { numRuns: MESSAGES, seed: SEED, endOnFailure: true },
  );
  // Up: the same connection, a new one, and the page.
  expect(await client.ok("listGraphs", {})).toMatchObject({ graphs: expect.any(Array) });
  expect(await (await Client.open(h, server)).ok("health", {})).toMatchObject({ problem: null });
  expect((await rawRequest(server.port, `/?token=${server.token}`)).status).toBe(200);
  reportFigures("fuzz-websocket", { "messages fuzzed": sent, "refused with a typed error": refused, "answered with a result": sent - refused });
});

test(`${MESSAGES} random and malformed IPC messages: refused from any other frame; from the window, typed errors or results, refused ones change nothing`, async () => {
  const APP_PAGE = "app://countersign/index.html";
  const mainFrame = { url: APP_PAGE, parent: null, processId: 7, routingId: 1 };
  const window = { isDestroyed: () => false, webContents: { id: 1, mainFrame, send: () => undefined, isDestroyed: () => false, getURL: () => APP_PAGE } };
  const unbind = bindIpc(linkTo(host), () => window as never);
  const handler = (name: string) => {
    const entry = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === ipcChannel(name as CallName));
    return entry![1] as (event: unknown, input: unknown) => Promise<CallResult<CallName>>;
  };
  // Senders: our window's top-level frame, or anything else (another frame, another page, no frame).
  const sender = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ trusted: true, event: { sender: { id: 1 }, senderFrame: mainFrame } }) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          id: fc.oneof(fc.constant(1), fc.integer()),
          url: fc.oneof(fc.constantFrom(APP_PAGE, "https://evil.example/", "file:///etc/passwd", "app://countersign.evil/", "about:blank"), fc.webUrl(), fc.string()),
          parent: fc.oneof(fc.constant(null), fc.object()),
          processId: fc.oneof(fc.constant(7), fc.integer()),
          routingId: fc.oneof(fc.constant(1), fc.integer()),
        })
        .filter((f) => !(f.id === 1 && f.url === APP_PAGE && f.parent === null && f.processId === 7 && f.routingId === 1))
        .map((f) => ({ trusted: false, event: { sender: { id: f.id }, senderFrame: { url: f.url, parent: f.parent, processId: f.processId, routingId: f.routingId } } })),
    },
    { weight: 1, arbitrary: fc.constant({ trusted: false, event: { sender: { id: 1 }, senderFrame: null } }) },
  );
  let sent = 0;
  let refused = 0;
  let foreign = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...callNames), sender, input, async (name, { trusted, event }, value) => {
        sent++;
        if (!trusted) {
          foreign++;
          const before = digest.current();
          expect(await handler(name)(event, value)).toEqual(REFUSED);
          expect(digest.current()).toBe(before);
          return;
        }
        const ok = await guarded(() => handler(name)(event, value), () => `${name} ${safeJson(value).slice(0, 300)}`);
        if (!ok) refused++;
      }),
      { numRuns: MESSAGES, seed: SEED, endOnFailure: true },
    );
  } finally {
    unbind();
  }
  expect(foreign).toBeGreaterThan(0);
  reportFigures("fuzz-ipc", { "messages fuzzed": sent, "from another frame, refused": foreign, "from the window, refused with a typed error": refused, "answered with a result": sent - foreign - refused });
});
