// The framing of the contract between the main thread and the host's worker thread: the same calls
// and events as every other transport, plus the worker's lifecycle and its log lines.
import type { CallName, CallResult, ContractError } from "../../shared/contract.js";
import type { HostEvent } from "../../shared/inbox.js";
import type { LogLevel } from "../host/log.js";

/** What the worker is started with (its `workerData`). */
export interface WorkerStart {
  dataDir?: string;
  configPath?: string;
  pollMs?: number;
  /** The key sealing sources' secrets, when the desktop app keeps it in the OS keychain. */
  secretKey?: Uint8Array;
  /** Lines below this level are not sent to the main thread at all. */
  logLevel: LogLevel;
}

export type ToWorker = { type: "call"; id: number; call: unknown; input: unknown } | { type: "close" };

export type FromWorker =
  | { type: "ready"; dataDir: string }
  | { type: "failed"; error: ContractError }
  | { type: "reply"; id: number; response: CallResult<CallName> }
  | { type: "event"; event: HostEvent }
  | { type: "log"; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: "closed" };
