import type { CountersignApi } from "../../shared/contract.js";

/**
 * `connecting` before the first open and while reconnecting; `no-token` when browser mode has no access
 * token; `invalid-token` when the server refuses the one it has (no retries: they cannot succeed).
 */
export type ConnectionStatus = "connected" | "connecting" | "disconnected" | "no-token" | "invalid-token";

export interface Connection {
  readonly mode: "electron" | "browser";
  status(): ConnectionStatus;
  /** Returns a function that unsubscribes. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Milliseconds until the next reconnect attempt, when disconnected. */
  retryInMs(): number | null;
  /** Reconnect now instead of waiting for the backoff. */
  retryNow(): void;
}

/** The contract's API plus what the renderer shows about the link it runs over. */
export type CountersignClient = CountersignApi & { readonly connection: Connection };

export const ALWAYS_CONNECTED: Connection = {
  mode: "electron",
  status: () => "connected",
  onStatus: () => () => undefined,
  retryInMs: () => null,
  retryNow: () => undefined,
};
