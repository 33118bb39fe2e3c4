// The host's health over the WebSocket: a poll that starts failing (another program moved a table
// the inbox reads) reaches every client as one `health` event and one logged error; `health`
// reports it, and `retrySync` answers with the health after a fresh look, ok once the cause is gone.
import type { Logger } from "../../../main/host/log.js";
import { serve } from "../../../main/server/index.js";
import type { AppEvent } from "../../../shared/contract.js";
import type { HostHealth } from "../../../shared/inbox.js";
import { moveTable } from "../../support/break-inbox.js";
import { waitFor } from "../../support/host.js";
import { Client, serverHarness, type ServerHarness } from "./harness.js";

let h: ServerHarness;
beforeEach(() => (h = serverHarness()));
afterEach(() => h.cleanup());

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}


const healthEvents = (client: Client): HostHealth[] => client.events.flatMap((event: AppEvent) => (event.type === "health" ? [event.health] : []));

test("a failing poll reaches clients once, is logged once; retrySync reports it, then ok once the cause is gone", async () => {
  const { logger, lines } = recordingLogger();
  const { server } = await h.start({ host: await h.open({ pollMs: 20, logger }) });
  const client = await Client.open(h, server);
  const other = await Client.open(h, server);
  expect(await client.ok("health", {})).toEqual({ problem: null });

  moveTable(h.dataDir, "pending_interrupts", "pending_interrupts_moved");
  await waitFor(() => healthEvents(client).length > 0 && healthEvents(other).length > 0, 10_000, "a health event on both clients");
  const [event] = healthEvents(client);
  expect(event!.problem).toMatchObject({ what: "poll", message: expect.stringContaining("pending_interrupts") });
  expect(event!.problem!.since).toBeLessThanOrEqual(Date.now());
  expect(await client.ok("health", {})).toEqual(event);

  // Many more polls fail the same way meanwhile: still one event, one logged error.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await client.ok("retrySync", {})).toEqual(event);
  expect(healthEvents(client)).toHaveLength(1);
  const errors = lines.filter((line) => line.level === "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ message: "The inbox stopped updating", fields: { what: "poll" } });

  moveTable(h.dataDir, "pending_interrupts_moved", "pending_interrupts");
  expect(await client.ok("retrySync", {})).toEqual({ problem: null });
  await waitFor(() => healthEvents(other).length === 2, 10_000, "the recovery on the other client");
  expect(healthEvents(other)[1]).toEqual({ problem: null });
  expect(lines.some((line) => line.level === "info" && line.message === "The inbox is updating again")).toBe(true);
});

test("retrySync on a healthy host: a fresh look, no problem, no event", async () => {
  const { server } = await h.start({ host: await h.open() });
  const client = await Client.open(h, server);
  expect(await client.ok("retrySync", {})).toEqual({ problem: null });
  expect(await client.call("retrySync", { extra: 1 })).toMatchObject({ ok: false, error: { code: "invalid-request" } });
  expect(healthEvents(client)).toEqual([]);
});

test("serve: the inbox stopping and resuming updating is one stderr line each, however many polls fail", async () => {
  const warned: string[] = [];
  const running = await serve({ dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0, explicitHost: false, handleSignals: false, print: () => undefined, warn: (line) => warned.push(line) });
  try {
    moveTable(h.dataDir, "pending_interrupts", "pending_interrupts_moved");
    await waitFor(() => warned.length > 0, 10_000, "the stderr line");
    // Several polls (every 250 ms) fail meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(warned).toEqual([expect.stringMatching(/^Countersign: the inbox stopped updating \((inbox-load|poll)\): .*no such table: pending_interrupts$/)]);
    moveTable(h.dataDir, "pending_interrupts_moved", "pending_interrupts");
    await waitFor(() => warned.length > 1, 10_000, "the recovery line");
    expect(warned).toHaveLength(2);
    expect(warned[1]).toBe("Countersign: the inbox is updating again.");
  } finally {
    await running.close();
  }
});

test("the server logs its start and refusals (at debug) without the token", async () => {
  const { logger, lines } = recordingLogger();
  const { server } = await h.start({ host: await h.open({ logger }), logger });
  expect(lines).toContainEqual({ level: "info", message: "Browser mode listening", fields: { hostname: "127.0.0.1", port: server.port, loopback: true } });
  expect((await fetch(`http://127.0.0.1:${server.port}/?token=wrong-${server.token}`)).status).toBe(401);
  expect(lines).toContainEqual({ level: "debug", message: "Refused a request", fields: expect.objectContaining({ status: 401, reason: "no valid token", path: "/" }) });
  expect(JSON.stringify(lines)).not.toContain(server.token);
});
