// What can go wrong talking to a remote LangGraph Server, as one typed error with a message a
// reviewer can act on. Messages name the source and its URL and never carry an API key or a header
// value: every message passes through redact() with the source's secrets, and no raw cause (which
// may hold the request and its headers) is attached.
import { isPlainObject, messageOf } from "../../../shared/values.js";

export type RemoteErrorKind = "offline" | "auth" | "not-found" | "server" | "timeout";

export class RemoteError extends Error {
  override name = "RemoteError";
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    /** The HTTP status the server answered with, when it answered. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** What a message may say about the source, and what it must never say. */
export interface RemoteTarget {
  name: string;
  url: string;
  /** The API key and every header value: replaced wherever they would appear. */
  secrets: readonly string[];
  hasApiKey: boolean;
}

/**
 * A network failure seen by the fetch the SDK uses, carrying the system's error code. Its message
 * avoids the words the SDK rewraps into its own generic connection error, which drops the code.
 */
export class TransportFailure extends Error {
  override name = "TransportFailure";
  constructor(readonly code: string | null) {
    super("transport failure");
  }
}

const SERVER_TEXT_MAX = 200;

// System error codes, as Node and undici report them, and what they mean to a reviewer.
const OFFLINE_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused (is the server running?)",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS lookup failed)",
  ECONNRESET: "connection reset",
  EPIPE: "connection reset",
  UND_ERR_SOCKET: "connection closed by the server",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
};

/** The URL as a message may show it: no user info, query or fragment, which can carry tokens. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "(invalid URL)";
  }
}

/** The text with every secret replaced. Secrets are matched longest first, so one inside another is not left half-shown. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) out = out.split(secret).join("[redacted]");
  return out;
}

/** The first system error code on an error, its causes, or the errors of an AggregateError. */
export function errorCode(error: unknown, depth = 0): string | null {
  if (!isPlainObject(error) && !(error instanceof Error)) return null;
  if (depth > 5) return null;
  const own = (error as { code?: unknown }).code;
  if (typeof own === "string" && own !== "") return own;
  const nested = (error as { errors?: unknown }).errors;
  for (const inner of Array.isArray(nested) ? nested : []) {
    const code = errorCode(inner, depth + 1);
    if (code) return code;
  }
  return errorCode((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Any failure of a call to the source as a RemoteError. `what` says what was asked ("list the
 * interrupted threads"); `timeoutMs` is the limit the call had.
 */
export function toRemoteError(error: unknown, target: RemoteTarget, what: string, timeoutMs: number): RemoteError {
  if (error instanceof RemoteError) return new RemoteError(error.kind, redact(error.message, target.secrets), error.status);
  const label = `Remote source "${target.name}" (${displayUrl(target.url)})`;
  const make = (kind: RemoteErrorKind, message: string, status: number | null = null) => new RemoteError(kind, redact(message, target.secrets), status);

  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") {
    const text = serverText(error);
    if (status === 401)
      return make("auth", target.hasApiKey ? `${label} rejected the API key (HTTP 401) when asked to ${what}: check the key in the source's settings` : `${label} needs an API key (HTTP 401) to ${what}: add one in the source's settings`, status);
    if (status === 403) return make("auth", `${label} refused access (HTTP 403) when asked to ${what}: the API key lacks permission${text ? ` (${text})` : ""}`, status);
    if (status === 404) return make("not-found", `${label} could not ${what}: not found (HTTP 404)${text ? `: ${text}` : ""}`, status);
    if (status === 408 || status === 504) return make("timeout", `${label} timed out (HTTP ${status}) when asked to ${what}`, status);
    return make("server", `${label} failed to ${what}: HTTP ${status}${text ? `: ${text}` : ""}`, status);
  }

  const name = (error as { name?: unknown } | null)?.name;
  const message = messageOf(error);
  if (name === "TimeoutError" || name === "AbortError" || message === "AbortError" || message.startsWith("TimeoutError"))
    return make("timeout", `${label} did not answer within ${formatSeconds(timeoutMs)} when asked to ${what}`);

  const code = errorCode(error);
  if (code && code in OFFLINE_CODES) return make("offline", `${label} is unreachable: ${OFFLINE_CODES[code]} (${code}), when asked to ${what}`);
  if (error instanceof TransportFailure || name === "ConnectionError" || /fetch failed|Failed to fetch|NetworkError/.test(message))
    return make("offline", `${label} is unreachable${code ? ` (${code})` : ""}, when asked to ${what}`);
  return make("server", `${label} failed to ${what}: ${message}`);
}

/** What the server said, one line, short: the SDK's HTTPError keeps the body as `text`. */
function serverText(error: unknown): string {
  const raw = (error as { text?: unknown }).text;
  if (typeof raw !== "string") return "";
  let text = raw;
  try {
    const body: unknown = JSON.parse(raw);
    if (isPlainObject(body)) text = typeof body.detail === "string" ? body.detail : typeof body.message === "string" ? body.message : raw;
  } catch {
    // Not JSON: the body as it is.
  }
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > SERVER_TEXT_MAX ? `${line.slice(0, SERVER_TEXT_MAX - 1)}…` : line;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
