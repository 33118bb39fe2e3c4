import type { CountersignApi } from "../../shared/contract.js";
import { callNames } from "./call-names.js";
import { ALWAYS_CONNECTED, type CountersignClient } from "./connection.js";
import { readToken } from "./token.js";
import { createWsClient } from "./ws-client.js";

/**
 * The API the renderer uses: the Electron preload bridge when present, else a WebSocket client to
 * `ws(s)://<host>/ws?token=…` (browser mode; the token comes from `?token=` once, then sessionStorage).
 */
export function connectApi(): CountersignClient {
  const bridge: CountersignApi | undefined = window.countersign;
  if (bridge) return wrapBridge(bridge);
  const token = readToken();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const base = `${scheme}://${window.location.host}/ws`;
  // Without a token (a new tab on the same address), the server's session cookie may still let us in.
  if (!token) return createWsClient({ url: base, tokenless: true });
  return createWsClient({ url: `${base}?token=${encodeURIComponent(token)}` });
}

function wrapBridge(bridge: CountersignApi): CountersignClient {
  const calls = Object.fromEntries(
    callNames.map((name) => [name, (input: unknown) => (bridge[name] as (value: unknown) => Promise<unknown>)(input)]),
  ) as unknown as Omit<CountersignApi, "onEvent">;
  return { ...calls, onEvent: (listener) => bridge.onEvent(listener), connection: ALWAYS_CONNECTED };
}
