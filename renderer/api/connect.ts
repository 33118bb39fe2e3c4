import type { CountersignApi } from "../../shared/contract.js";
import { callNames } from "./call-names.js";
import { ALWAYS_CONNECTED, type CountersignClient } from "./connection.js";
import { readToken } from "./token.js";
import { createWsClient, type TokenCheck } from "./ws-client.js";

/**
 * The API the renderer uses: the Electron preload bridge when present, else a WebSocket client to
 * `ws(s)://<host>/ws?token=…` (browser mode; the token comes from `?token=` once, then localStorage).
 */
export function connectApi(): CountersignClient {
  const bridge: CountersignApi | undefined = window.countersign;
  if (bridge) return wrapBridge(bridge);
  const token = readToken();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  return createWsClient({ url: `${scheme}://${window.location.host}/ws${query}`, tokenless: !token, checkToken: () => checkToken(query) });
}

/**
 * Why a WebSocket could not open, which the browser does not tell: GET on its path answers as the
 * handshake does (401 for a token the server does not accept, 426 when it does).
 */
async function checkToken(query: string): Promise<TokenCheck> {
  try {
    const response = await fetch(`/ws${query}`, { cache: "no-store", credentials: "omit" });
    return response.status === 401 ? "refused" : "unknown";
  } catch {
    return "unknown";
  }
}

function wrapBridge(bridge: CountersignApi): CountersignClient {
  const calls = Object.fromEntries(
    callNames.map((name) => [name, (input: unknown) => (bridge[name] as (value: unknown) => Promise<unknown>)(input)]),
  ) as unknown as Omit<CountersignApi, "onEvent">;
  return { ...calls, onEvent: (listener) => bridge.onEvent(listener), connection: ALWAYS_CONNECTED };
}
