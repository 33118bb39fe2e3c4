// The browser-mode client when a socket cannot open: a token the server refuses stops the retries and
// says what to do; anything else (the server restarting) is retried.
import { INVALID_TOKEN_MESSAGE, createWsClient, type TokenCheck } from "../../renderer/api/ws-client.js";
import { waitFor } from "../support/host.js";

/** A WebSocket whose every connection is refused (closes without opening) until `stopped`, then hangs. */
function refusingSocket(attempts: { count: number; stopped?: boolean }) {
  return class {
    static readonly OPEN = 1;
    readyState = 3;
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onclose: (() => void) | null = null;
    constructor() {
      attempts.count++;
      if (!attempts.stopped) setTimeout(() => this.onclose?.(), 0);
    }
    send(): void {}
    close(): void {}
  } as unknown as typeof WebSocket;
}

function client(check: TokenCheck) {
  const attempts: { count: number; stopped?: boolean } = { count: 0 };
  const api = createWsClient({ url: "ws://127.0.0.1:1/ws?token=x", WebSocketImpl: refusingSocket(attempts), checkToken: async () => check });
  return { api, attempts };
}

test("a refused token: status invalid-token, no more attempts, calls fail saying what to do", async () => {
  const { api, attempts } = client("refused");
  const pending = api.listGraphs({});
  await waitFor(() => api.connection.status() === "invalid-token", 2000, "invalid-token");
  expect(await pending).toEqual({ ok: false, error: { code: "internal", message: INVALID_TOKEN_MESSAGE } });
  expect(await api.listItems({})).toEqual({ ok: false, error: { code: "internal", message: INVALID_TOKEN_MESSAGE } });
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(attempts.count).toBe(1);
  expect(api.connection.retryInMs()).toBeNull();
  expect(INVALID_TOKEN_MESSAGE).toBe("This address is no longer valid: open the address countersign serve printed.");
});

test("a server that cannot be reached (token not refused): disconnected, and retried", async () => {
  const { api, attempts } = client("unknown");
  await waitFor(() => attempts.count >= 2, 3000, "a second attempt");
  expect(api.connection.status()).not.toBe("invalid-token");
  attempts.stopped = true;
});

test("no token: no-token at once, no socket tried", () => {
  const attempts = { count: 0 };
  const api = createWsClient({ url: "ws://127.0.0.1:1/ws", tokenless: true, WebSocketImpl: refusingSocket(attempts) });
  expect(api.connection.status()).toBe("no-token");
  expect(attempts.count).toBe(0);
});
