// The contract over a WebSocket (browser mode): request ids, a pending map, reconnect with backoff and
// event fan-out. Calls made while disconnected wait for the next connection (up to QUEUE_TIMEOUT_MS);
// once the server refuses the token, they fail at once with what to do.
import type { AppEvent, CallName, CallResult, ClientMessage, CountersignApi, ServerMessage } from "../../shared/contract.js";
import { callNames } from "./call-names.js";
import type { Connection, ConnectionStatus, CountersignClient } from "./connection.js";

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const QUEUE_TIMEOUT_MS = 30_000;

interface Pending {
  call: CallName;
  resolve: (result: CallResult<CallName>) => void;
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** What the server says of the token after a socket failed to open: `refused` = it is not (or no longer) valid. */
export type TokenCheck = "refused" | "unknown";

/** What a call made while the token is refused gets. */
export const INVALID_TOKEN_MESSAGE = "This address is no longer valid: open the address countersign serve printed.";

export interface WsClientOptions {
  url: string;
  /** No token to connect with: status is "no-token" and nothing is tried. */
  tokenless?: boolean;
  /** Asked when a socket closes before opening (a browser does not say why); default: never refused. */
  checkToken?: () => Promise<TokenCheck>;
  /** For tests: a WebSocket constructor. */
  WebSocketImpl?: typeof WebSocket;
}

export function createWsClient({ url, tokenless = false, checkToken = async () => "unknown", WebSocketImpl = WebSocket }: WsClientOptions): CountersignClient {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: AppEvent) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let status: ConnectionStatus = "connecting";
  let attempt = 0;
  let retryAt: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) {
      try {
        listener(next);
      } catch (error) {
        console.error(error);
      }
    }
  };

  const fail = (id: number, message: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve({ ok: false, error: { code: "internal", message } });
  };

  const send = (id: number, entry: Pending, input: unknown) => {
    if (!socket || socket.readyState !== WebSocketImpl.OPEN) return false;
    const message: ClientMessage = { id, call: entry.call, input };
    socket.send(JSON.stringify(message));
    entry.sent = true;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    return true;
  };

  const queued = new Map<number, unknown>();

  const open = () => {
    clearTimeout(retryTimer);
    retryAt = null;
    if (tokenless) return setStatus("no-token");
    setStatus("connecting");
    let opened = false;
    let ws: WebSocket;
    try {
      ws = new WebSocketImpl(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      opened = true;
      setStatus("connected");
      for (const [id, input] of queued) {
        const entry = pending.get(id);
        if (entry && send(id, entry, input)) queued.delete(id);
      }
    };
    ws.onmessage = (message) => {
      if (socket !== ws) return;
      let parsed: ServerMessage;
      try {
        parsed = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      if ("event" in parsed) {
        for (const listener of [...eventListeners]) {
          try {
            listener(parsed.event);
          } catch (error) {
            console.error(error);
          }
        }
        return;
      }
      const entry = pending.get(parsed.id);
      if (!entry) return;
      pending.delete(parsed.id);
      clearTimeout(entry.timer);
      entry.resolve(parsed.response);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A request already sent may or may not have been carried out: say so rather than guess.
      for (const [id, entry] of [...pending]) {
        if (entry.sent) fail(id, `The connection was lost before the answer to ${entry.call} arrived; it may or may not have been carried out. Check History.`);
      }
      if (opened) return scheduleReconnect();
      // Refused or unreachable: only a refused token stops the retries (they cannot succeed), with what to do instead.
      const settle = (check: TokenCheck) => {
        // Retry now started another attempt meanwhile: that one reports for itself.
        if (socket !== null) return;
        if (check === "refused") refuseToken();
        else scheduleReconnect();
      };
      void checkToken().then(settle, () => settle("unknown"));
    };
  };

  const refuseToken = () => {
    setStatus("invalid-token");
    for (const id of [...queued.keys()]) {
      queued.delete(id);
      fail(id, INVALID_TOKEN_MESSAGE);
    }
  };

  const scheduleReconnect = () => {
    setStatus("disconnected");
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt += 1;
    retryAt = Date.now() + delay;
    retryTimer = setTimeout(open, delay);
  };

  const call = (name: CallName, input: unknown): Promise<CallResult<CallName>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const entry: Pending = { call: name, resolve, sent: false, timer: undefined };
      pending.set(id, entry);
      if (status === "invalid-token") return fail(id, INVALID_TOKEN_MESSAGE);
      if (!send(id, entry, input)) {
        queued.set(id, input);
        entry.timer = setTimeout(() => {
          queued.delete(id);
          fail(id, `Not connected to Countersign: ${name} could not be sent.`);
        }, QUEUE_TIMEOUT_MS);
      }
    });

  const connection: Connection = {
    mode: "browser",
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    retryInMs: () => (retryAt === null ? null : Math.max(0, retryAt - Date.now())),
    retryNow() {
      if (status === "disconnected" || status === "invalid-token") open();
    },
  };

  const api = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as Omit<CountersignApi, "onEvent">;
  open();
  return {
    ...api,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connection,
  };
}
