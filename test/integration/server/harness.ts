// Browser-mode servers for tests: a real host on a temp data dir (the demo graphs), a tiny renderer
// folder, raw HTTP requests (paths sent exactly as written) and a small WebSocket client.
import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { WebSocket } from "ws";
import type { Host } from "../../../main/host/index.js";
import { startServer, type RunningServer, type ServerOptions } from "../../../main/server/index.js";
import { linkTo } from "../../../main/transport/host-link.js";
import type { AppEvent, CallName, CallResult, ServerMessage } from "../../../shared/contract.js";
import { hostHarness, waitFor } from "../../support/host.js";

export const INDEX_HTML = `<!doctype html><html><head><script type="module" src="./assets/app.js"></script><link rel="stylesheet" href="./assets/style.css"></head><body>countersign-index</body></html>`;
export const APP_JS = "console.log('countersign-app');";
export const STYLE_CSS = "body { color: black; }";
export const SECRET = "outside-the-renderer-folder";

export function serverHarness() {
  const h = hostHarness();
  const rendererDir = h.dir.file("renderer");
  mkdirSync(`${rendererDir}/assets`, { recursive: true });
  writeFileSync(`${rendererDir}/index.html`, INDEX_HTML);
  writeFileSync(`${rendererDir}/assets/app.js`, APP_JS);
  writeFileSync(`${rendererDir}/assets/style.css`, STYLE_CSS);
  writeFileSync(h.dir.file("secret.txt"), SECRET);
  const servers: RunningServer[] = [];
  const clients: WebSocket[] = [];
  return {
    ...h,
    rendererDir,
    /** A host on the demo graphs and a server for it (random port unless given). */
    async start(options: Partial<Omit<ServerOptions, "host">> & { host?: Host } = {}): Promise<{ host: Host; server: RunningServer }> {
      const host = options.host ?? (await h.open());
      const server = await startServer({ rendererDir, port: 0, ...options, host: linkTo(host) });
      servers.push(server);
      return { host, server };
    },
    track(ws: WebSocket): WebSocket {
      clients.push(ws);
      return ws;
    },
    async cleanup(): Promise<void> {
      for (const ws of clients) ws.terminate();
      await Promise.allSettled(servers.map((server) => server.close()));
      await h.cleanup();
    },
  };
}

export type ServerHarness = ReturnType<typeof serverHarness>;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET with the path sent byte for byte (fetch would normalize `..` away). */
export function rawRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The WebSocket URL of a server, with or without its token. */
export function wsUrl(server: RunningServer, token: string | null = server.token, hostname = "127.0.0.1"): string {
  return `ws://${hostname}:${server.port}/ws${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
}

export const originOf = (server: RunningServer, hostname = "127.0.0.1") => `http://${hostname}:${server.port}`;

/** Opens a connection; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => {
      reject(new UpgradeRefused(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** Status of a refused upgrade (fails the test when the upgrade succeeds). */
export async function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const ws = await openSocket(url, headers);
    ws.terminate();
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
  throw new Error(`upgrade to ${url} was accepted`);
}

/** A contract client over one connection: calls by id, every message kept in order. */
export class Client {
  readonly messages: ServerMessage[] = [];
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.messages.push(JSON.parse(String(data)) as ServerMessage));
  }

  static async open(harness: ServerHarness, server: RunningServer): Promise<Client> {
    return new Client(harness.track(await openSocket(wsUrl(server), { Origin: originOf(server) })));
  }

  get events(): AppEvent[] {
    return this.messages.flatMap((message) => ("event" in message ? [message.event] : []));
  }

  /** Sends a frame as is and waits for the response carrying `expectId`. */
  async raw(frame: string | Buffer, expectId: number, options: { binary?: boolean } = {}): Promise<CallResult<CallName>> {
    const seen = this.messages.length;
    this.ws.send(frame, { binary: options.binary ?? false });
    const message = await waitFor(() => this.messages.slice(seen).find((m) => "id" in m && m.id === expectId), 30_000, `response ${expectId}`);
    return (message as { response: CallResult<CallName> }).response;
  }

  call<K extends CallName>(call: K, input: unknown): Promise<CallResult<K>>;
  call(call: string, input: unknown): Promise<CallResult<CallName>>;
  async call(call: string, input: unknown): Promise<CallResult<CallName>> {
    const id = this.nextId++;
    return this.raw(JSON.stringify({ id, call, input }), id);
  }

  /** The result of a call that must succeed. */
  async ok<K extends CallName>(call: K, input: unknown) {
    const response = await this.call(call, input);
    if (!response.ok) throw new Error(`${call} failed: ${response.error.code}: ${response.error.message}`);
    return response.result;
  }
}
