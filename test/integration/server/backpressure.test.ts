// A client that sends requests and never reads its replies: the server buffers a bounded amount for
// it, then drops it (the reason in the log), like a client that leaves events unread; other clients are unaffected.
import type { Socket } from "node:net";
import type { Logger } from "../../../main/host/log.js";
import { waitFor } from "../../support/host.js";
import { Client, serverHarness, type ServerHarness } from "./harness.js";

let h: ServerHarness;
beforeEach(() => {
  h = serverHarness();
});
afterEach(() => h.cleanup());

const LIMIT = 512 * 1024;

test("replies left unread: the buffered bytes stay under the bound, then the client is dropped", async () => {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { debug() {}, info() {}, warn: (message, fields) => void warnings.push({ message, fields }), error() {} };
  const { host, server } = await h.start({ maxBufferedBytes: LIMIT, logger });
  for (let i = 0; i < 3; i++) await host.startRun({ graphId: "expense-approval" });
  const reader = await Client.open(h, server);
  const reply = JSON.stringify({ id: 1, response: { ok: true, value: await reader.ok("listItems", {}) } });

  const lazy = await Client.open(h, server);
  // The client's own socket stops reading: replies pile up in the kernel, then in the server.
  const socket = (lazy.ws as unknown as { _socket: Socket })._socket;
  socket.pause();
  const closed = new Promise<void>((resolve) => lazy.ws.once("close", () => resolve()));
  // Far more than the kernel's buffers and the bound together.
  const requests = Math.ceil((64 * 1024 * 1024) / reply.length);
  for (let id = 1; id <= requests; id++) lazy.ws.send(JSON.stringify({ id, call: "listItems", input: {} }));

  const dropped = await waitFor(() => warnings.find((w) => w.message === "Dropped a WebSocket client that does not read its messages"), 60_000, "the client dropped");
  // At most the bound plus the one message that crossed it.
  expect(dropped.fields?.bufferedBytes).toBeGreaterThan(LIMIT);
  expect(dropped.fields?.bufferedBytes).toBeLessThanOrEqual(LIMIT + reply.length + 1024);
  socket.resume();
  await closed;
  expect(await reader.ok("listGraphs", {})).toEqual(await host.listGraphs());
}, 120_000);
