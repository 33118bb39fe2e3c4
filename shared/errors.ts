import type { ContractError } from "./contract.js";
import { messageOf } from "./values.js";

// Errors the host reports to any caller (CLI, IPC, WebSocket), each with a code a client can act on.

export type HostErrorCode =
  | "invalid-request" // the message or its arguments do not fit the contract
  | "invalid-decision" // the decision is not one the item allows, or its edit does not validate
  | "not-found" // no such item, graph or thread
  | "already-decided" // the item was decided already (double click, second window, other process)
  | "graph-unavailable" // the thread's graph is not loaded
  | "host-unavailable" // the host stopped and is restarting, or is closed
  | "internal";

export class HostError extends Error {
  override name = "HostError";
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Errors a user can fix by changing what they asked for (the CLI exits 2 for these). */
export function isUsageError(error: unknown): boolean {
  return error instanceof HostError && (error.code === "invalid-request" || error.code === "invalid-decision" || error.code === "not-found" || error.code === "already-decided");
}

/** Any error as the contract carries it: a HostError keeps its code, anything else is "internal". */
export function toContractError(error: unknown): ContractError {
  if (error instanceof HostError) return { code: error.code, message: error.message };
  return { code: "internal", message: messageOf(error) };
}
