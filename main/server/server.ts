// Browser mode: the built renderer and the contract over a WebSocket, served by plain Node to a
// browser on this machine. Every WebSocket connection needs the access token (in its query) and this
// server's own Origin; the renderer's files need the token or the page cookie derived from it;
// loopback only unless the caller explicitly allows another address.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from "node:http";
import { isIPv4, isIPv6, type Socket } from "node:net";
import { resolve } from "node:path";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { contentType } from "../static/content-type.js";
import { contentSecurityPolicy } from "../static/csp.js";
import { readStaticFile, staticFilePath } from "../static/files.js";
import { silentLogger, type Logger } from "../host/log.js";
import type { HostLink } from "../transport/host-link.js";
import type { CallName, CallResult, ServerMessage } from "../../shared/contract.js";
import { isPlainObject, messageOf } from "../../shared/values.js";

export const DEFAULT_PORT = 47800;
export const DEFAULT_HOSTNAME = "127.0.0.1";
/** Largest WebSocket message answered; bigger ones get an `invalid-request` error. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Frames above this are not even buffered: the connection is closed (1009). */
const HARD_MAX_PAYLOAD = 16 * 1024 * 1024;
/** A client that lets this much pile up unread (events or replies) is dropped rather than buffered forever. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const WS_PATH = "/ws";

export interface ServerOptions {
  /** The host, in this thread (`linkTo`) or in its worker: every call is validated on its side. */
  host: HostLink;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 = a random free port. Default 47800, or a random port when 47800 is taken. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Allow binding an address other than loopback (only when the user asked for it explicitly). */
  allowNonLoopback?: boolean;
  /** Where startup, refused requests (at debug) and errors are logged; default nowhere. */
  logger?: Logger;
  /** The access token (a kept one, see token-file.ts); default a new random one. */
  token?: string;
  /** Bytes a client may leave unread before it is dropped; default MAX_BUFFERED_BYTES. */
  maxBufferedBytes?: number;
}

export interface RunningServer {
  /** The address to open, token included: `http://127.0.0.1:47800/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Hostname the server is bound to, as given (bare, without IPv6 brackets). */
  hostname: string;
  /** Whether the bound address is loopback only. */
  loopback: boolean;
  /** Closes every WebSocket client and stops listening. Does not close the host. */
  close(): Promise<void>;
}

/** A configuration the server refuses to start with; the message says what to change. */
export class ServerStartError extends Error {
  override name = "ServerStartError";
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host } = options;
  const log = options.logger ?? silentLogger;
  const bind = checkHostname(options.hostname ?? DEFAULT_HOSTNAME, options.allowNonLoopback ?? false);
  const rendererRoot = resolve(options.rendererDir);
  // Not awaited: the files are read while the browser starts up, before it asks for them.
  const preloading = preloadStatic(rendererRoot);
  const token = options.token ?? newToken();
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const tokenHash = sha256(token);
  const tokenMatches = (candidate: string | undefined): boolean => candidate !== undefined && candidate.length <= 1024 && timingSafeEqual(sha256(candidate), tokenHash);
  // Cookies are not separated by port: every server on this host receives this one. It holds a value
  // derived from the token that opens the renderer's files only (no data); the WebSocket needs the token.
  const pageKey = createHmac("sha256", token).update("countersign page cookie").digest("base64url");
  const pageKeyHash = sha256(pageKey);
  const pageKeyMatches = (candidate: string | undefined): boolean => candidate !== undefined && candidate.length <= 1024 && timingSafeEqual(sha256(candidate), pageKeyHash);

  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: true });
  wss.on("error", (error) => log.error("WebSocket server error", { error }));

  const port = await listen(server, options.port, bind.listenHost);
  const cookieName = `countersign_token_${port}`;
  // Hosts (Host header values) this server answers to; null = any (non-loopback binding, checked by syntax only).
  const allowedHosts = bind.loopback ? new Set([`${bind.urlHost}:${port}`, `localhost:${port}`]) : null;

  const requestHost = (req: IncomingMessage): string | null => {
    const value = req.headers.host?.toLowerCase();
    if (!value || !HOST_SYNTAX.test(value)) return null;
    if (allowedHosts && !allowedHosts.has(value)) return null;
    return value;
  };
  // This server's own origins: on loopback, the bound address and localhost; otherwise the one the page was loaded from.
  const originAllowed = (origin: string | undefined, hostHeader: string): boolean => {
    const value = origin?.toLowerCase();
    if (!value?.startsWith("http://")) return false;
    const originHost = value.slice("http://".length);
    return allowedHosts ? allowedHosts.has(originHost) : originHost === hostHeader;
  };
  const tokenInQuery = (query: URLSearchParams): boolean => tokenMatches(query.get("token") ?? undefined);
  const pageAuthorized = (req: IncomingMessage, query: URLSearchParams): "query" | "cookie" | null => {
    if (tokenInQuery(query)) return "query";
    if (pageKeyMatches(cookieValue(req.headers.cookie, cookieName))) return "cookie";
    return null;
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res).catch((error: unknown) => {
      log.error("Request failed", { method: req.method, path: pathOf(req.url), error });
      if (!res.headersSent) send(res, 500, baseHeaders(`${bind.urlHost}:${port}`), "Internal error\n");
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = requestHost(req);
    const headers = baseHeaders(hostHeader ?? `${bind.urlHost}:${port}`);
    const refuse = (status: number, body: string, reason: string) => {
      log.debug("Refused a request", { status, reason, method: req.method, path: pathOf(req.url), remote: req.socket.remoteAddress });
      send(res, status, headers, body);
    };
    // A Host this server does not answer to: a DNS-rebinding page, or a typo.
    if (!hostHeader) return refuse(403, "Forbidden\n", "unknown Host header");
    const target = splitTarget(req.url);
    if (!target) return refuse(400, "Bad request\n", "malformed path");
    // The WebSocket path is authorized as its handshake is (the token only), so a page can learn why its socket was refused.
    const socketPath = target.path === WS_PATH;
    const via = socketPath ? (tokenInQuery(target.query) ? "token" : null) : pageAuthorized(req, target.query);
    if (!via) return refuse(401, "Unauthorized\n", "no valid token");
    if (via === "query") headers["Set-Cookie"] = `${cookieName}=${pageKey}; Path=/; HttpOnly; SameSite=Strict`;
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { ...headers, Allow: "GET, HEAD" }, "Method not allowed\n");
    if (socketPath) return send(res, 426, headers, "Upgrade required\n");
    const wanted = staticFilePath(rendererRoot, target.path);
    const file = wanted === null ? null : ((await preloading).get(wanted) ?? (await readStaticFile(rendererRoot, wanted)));
    if (!file) return send(res, 404, headers, "Not found\n");
    headers["Content-Type"] = contentType(file.path);
    headers["Content-Length"] = file.body.length;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : file.body);
  }

  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on("error", (error) => {
      log.debug("WebSocket upgrade socket error", { error });
      socket.destroy();
    });
    const refuse = (status: number, statusText: string, reason: string) => {
      log.debug("Refused a WebSocket connection", { status, reason, path: pathOf(req.url), origin: req.headers.origin, remote: req.socket.remoteAddress });
      refuseUpgrade(socket, status, statusText);
    };
    const target = splitTarget(req.url);
    if (!target || target.path !== WS_PATH) return refuse(404, "Not Found", "not the WebSocket path");
    const hostHeader = requestHost(req);
    if (!hostHeader) return refuse(403, "Forbidden", "unknown Host header");
    if (!tokenInQuery(target.query)) return refuse(401, "Unauthorized", "no valid token");
    // Browsers always send Origin on WebSocket handshakes: a page from any other origin is refused.
    if (!originAllowed(req.headers.origin, hostHeader)) return refuse(403, "Forbidden", "Origin of another site");
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws));
  });

  function connect(ws: WebSocket): void {
    ws.on("error", (error) => {
      // A client's broken connection ends that connection only.
      log.debug("WebSocket client error", { error });
      ws.terminate();
    });
    // Events and replies alike: a client that lets too much pile up unread is dropped, not buffered forever.
    const deliver = (message: ServerMessage) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        // The reason goes to the log: a close frame would only queue behind the data the client does not read.
        log.warn("Dropped a WebSocket client that does not read its messages", { bufferedBytes: ws.bufferedAmount, limit: maxBuffered });
        ws.terminate();
        return;
      }
      sendMessage(ws, message);
    };
    const unsubscribe = host.subscribe((event) => deliver({ event }));
    ws.on("close", unsubscribe);
    ws.on("message", (data, isBinary) => {
      // Nothing more is answered (nor read) once the client is dropped.
      if (ws.readyState !== WebSocket.OPEN) return;
      void answer(host, data, isBinary).then(deliver);
    });
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const clients = [...wss.clients];
      for (const client of clients) client.close(1001, "Server shutting down");
      const closed = Promise.all(clients.map((client) => (client.readyState === WebSocket.CLOSED ? undefined : new Promise((done) => client.once("close", done)))));
      const timeout = setTimeout(() => clients.forEach((client) => client.terminate()), 1000);
      await closed;
      clearTimeout(timeout);
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await new Promise((done) => wss.close(done));
    })());

  const urlHost = bind.wildcard ? (bind.listenHost === "0.0.0.0" ? "127.0.0.1" : "[::1]") : bind.urlHost;
  // The address is logged without its token: the log outlives the run.
  log.info("Browser mode listening", { hostname: bind.listenHost, port, loopback: bind.loopback });
  return { url: `http://${urlHost}:${port}/?token=${token}`, port, token, hostname: bind.listenHost, loopback: bind.loopback, close };
}

// ---- addresses ----

interface Bind {
  /** What `listen` gets: a bare hostname or IP. */
  listenHost: string;
  /** As written in a URL or Host header: IPv6 in brackets, lower case. */
  urlHost: string;
  loopback: boolean;
  wildcard: boolean;
}

/** Hostname syntax check and the loopback rule: anything else needs `allowNonLoopback`. */
export function checkHostname(hostname: string, allowNonLoopback: boolean): Bind {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  let urlHost: string;
  if (isIPv6(bare)) urlHost = new URL(`http://[${bare}]`).host;
  else if (isIPv4(bare) || /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i.test(bare)) urlHost = bare.toLowerCase();
  else throw new ServerStartError(`Invalid hostname ${JSON.stringify(hostname)}`);
  const loopback = isLoopback(urlHost);
  if (!loopback && !allowNonLoopback) {
    throw new ServerStartError(
      `Refusing to listen on ${hostname}: it is not a loopback address, so other machines could reach the inbox. Pass --host ${hostname} explicitly to allow it.`,
    );
  }
  return { listenHost: bare, urlHost, loopback, wildcard: urlHost === "0.0.0.0" || urlHost === "[::]" };
}

function isLoopback(urlHost: string): boolean {
  if (urlHost === "localhost" || urlHost === "[::1]") return true;
  if (isIPv4(urlHost)) return urlHost.startsWith("127.");
  // IPv4-mapped IPv6, normalized by URL to hex: [::ffff:7f00:1] and friends.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(urlHost);
}

const HOST_SYNTAX = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

async function listen(server: Server, port: number | undefined, hostname: string): Promise<number> {
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new ServerStartError(`Invalid port ${port}`);
  try {
    return await listenOnce(server, port ?? DEFAULT_PORT, hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Only the default port falls back: a port the user chose is theirs to change.
    if (code === "EADDRINUSE" && port === undefined) return listenOnce(server, 0, hostname);
    if (code === "EADDRINUSE") throw new ServerStartError(`Port ${port} is already in use; choose another with --port (or 0 for a random one).`);
    if (code === "EACCES") throw new ServerStartError(`Not allowed to listen on port ${port ?? DEFAULT_PORT}; choose a port above 1023.`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") throw new ServerStartError(`Cannot listen on ${hostname}: no such local address.`);
    throw error;
  }
}

function listenOnce(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((done, fail) => {
    const onError = (error: Error) => {
      server.off("listening", onListening);
      fail(error);
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      done(typeof address === "object" && address ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, hostname);
  });
}

// ---- HTTP ----

function baseHeaders(hostAndPort: string): OutgoingHttpHeaders {
  return {
    // `hostAndPort` is a validated Host header value (see HOST_SYNTAX).
    "Content-Security-Policy": contentSecurityPolicy({ connect: [`ws://${hostAndPort}`] }),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
  };
}

function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, text: string): void {
  const body = Buffer.from(text);
  res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8", "Content-Length": body.length });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** The path of a request target without its query, which may hold the token. */
function pathOf(url: string | undefined): string {
  return (url ?? "").split("?", 1)[0]!.slice(0, 200);
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/** The request target split into its path (still percent-encoded) and its query; null when it is not an origin-form path. */
function splitTarget(url: string | undefined): { path: string; query: URLSearchParams } | null {
  if (!url || !url.startsWith("/")) return null;
  const mark = url.indexOf("?");
  return { path: mark === -1 ? url : url.slice(0, mark), query: new URLSearchParams(mark === -1 ? "" : url.slice(mark + 1)) };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** A new access token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Files above this size are read on request rather than kept in memory. */
const PRELOAD_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The renderer's files (through the same checks as a request's), by path, read once at start:
 * the first page load then never waits on the disk, nor on an event loop kept busy by the host's
 * first load between one read and the next. They are served as they were at start (a rebuild shows
 * after a restart, like the rest of the app); files that appear later are read on request.
 */
async function preloadStatic(root: string): Promise<Map<string, { path: string; body: Buffer }>> {
  const files = new Map<string, { path: string; body: Buffer }>();
  // An unreadable folder preloads nothing: each request then reads (and 404s) on its own.
  const entries = await readdir(root, { recursive: true }).catch(() => []);
  await Promise.all(
    entries.map(async (entry) => {
      const path = resolve(root, entry);
      if (((await stat(path).catch(() => null))?.size ?? Infinity) > PRELOAD_MAX_BYTES) return;
      const file = await readStaticFile(root, path);
      if (file) files.set(path, file);
    }),
  );
  return files;
}

// ---- WebSocket ----

function invalid(id: number, message: string): ServerMessage {
  return { id, response: { ok: false, error: { code: "invalid-request", message } } };
}

/** One incoming frame in, one response out: a typed error for anything malformed, never a throw. */
export async function answer(host: HostLink, data: RawData, isBinary: boolean): Promise<ServerMessage> {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (bytes.length > MAX_MESSAGE_BYTES) return invalid(-1, `Message too large: ${bytes.length} bytes (limit ${MAX_MESSAGE_BYTES})`);
  if (isBinary) return invalid(-1, "Binary frames are not supported: send the message as JSON text");
  let message: unknown;
  try {
    message = JSON.parse(bytes.toString("utf8"));
  } catch {
    return invalid(-1, "Message is not valid JSON");
  }
  if (!isPlainObject(message)) return invalid(-1, "Message must be a JSON object { id, call, input }");
  const { id, call, input } = message;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return invalid(-1, "Message needs an integer id");
  let response: CallResult<CallName>;
  try {
    response = await host.call(call, input);
  } catch (error) {
    response = { ok: false, error: { code: "internal", message: messageOf(error) } };
  }
  return { id, response };
}

function sendMessage(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    if (!("id" in message)) return;
    text = JSON.stringify({ id: message.id, response: { ok: false, error: { code: "internal", message: `Could not encode the response: ${messageOf(error)}` } } });
  }
  // A send that fails means the connection is closing: its close handler unsubscribes it.
  ws.send(text, () => undefined);
}
