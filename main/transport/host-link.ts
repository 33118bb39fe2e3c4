import type { Host } from "../host/host.js";
import { HostError } from "../../shared/errors.js";
import { hostCallNames, type AppEvent, type CallInput, type CallName, type CallOutput, type CallResult, type HostCallName } from "../../shared/contract.js";
import { createHandlers, dispatch, type Handlers } from "./handlers.js";

/**
 * What a transport (WebSocket, IPC) needs of the host, wherever it runs: a call in, validated on the
 * host's side, a result or a typed error out; and the host's events. The host in this thread and
 * the host in a worker thread are both reached through one.
 */
export interface HostLink {
  /** Never throws: anything invalid or failing is a typed error. */
  call(name: unknown, input: unknown): Promise<CallResult<CallName>>;
  /** The host's events, and those of what a shell adds in front of it (the settings). Returns a function that unsubscribes. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

/** A host in this thread, behind the same handler table and validation as every transport. */
export function linkTo(host: Host): HostLink {
  return handlerLink(createHandlers(host), (listener) => host.subscribe(listener));
}

/** A link to a handler table in this thread: every call validated by `dispatch`. */
export function handlerLink(handlers: Handlers, subscribe: HostLink["subscribe"]): HostLink {
  return { call: (name, input) => dispatch(handlers, name, input), subscribe };
}

/** The contract as a caller sees it that wants results and takes errors as exceptions (`HostError`). */
export type HostCalls = {
  [K in HostCallName]: Record<never, never> extends CallInput<K> ? (input?: CallInput<K>) => Promise<CallOutput<K>> : (input: CallInput<K>) => Promise<CallOutput<K>>;
};

/** One method per call over a link; a typed error becomes a `HostError` with its code. */
export function callsOver(link: HostLink): HostCalls {
  const calls: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const name of hostCallNames) {
    calls[name] = async (input) => {
      const response = await link.call(name, input ?? {});
      if (!response.ok) throw new HostError(response.error.code, response.error.message);
      return response.result;
    };
  }
  return calls as HostCalls;
}
