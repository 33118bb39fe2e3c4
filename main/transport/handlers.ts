import type { Host } from "../host/host.js";
import { toContractError } from "../../shared/errors.js";
import { callInputs, type CallName, type CallOutput, type CallResult, type CountersignService, type SettingsService } from "../../shared/contract.js";
import { formatIssues } from "../../shared/values.js";

/** One handler per contract call, carried unchanged by every transport. */
export type Handlers = CountersignService;

/** How long a call waits for the run it started before answering that the thread is still running. */
const WAIT_MS = 30_000;

/** The host's own methods, with the wait a window can afford for calls that run a graph. */
export function createHandlers(host: Host): Handlers {
  const wait = { waitMs: WAIT_MS };
  return {
    listGraphs: (input) => host.listGraphs(input),
    listItems: (input) => host.listItems(input),
    getItem: (input) => host.getItem(input),
    decide: (input) => host.decide(input, wait),
    decideMany: (input) => host.decideMany(input, wait),
    startRun: (input) => host.startRun(input, wait),
    retryThread: (input) => host.retryThread(input, wait),
    history: (input) => host.history(input),
    health: () => host.health(),
    retrySync: () => host.retrySync(),
    listSources: (input) => host.listSources(input),
    addSource: (input) => host.addSource(input),
    updateSource: (input) => host.updateSource(input),
    removeSource: (input) => host.removeSource(input),
    syncSources: (input) => host.syncSources(input),
  };
}

/**
 * Validates one incoming message against the contract and runs its handler. Anything invalid
 * (unknown call, malformed input) gets a typed error and reaches no handler. `handlers` is the
 * host's table or the settings' one: a call of the contract it does not answer is unknown to it.
 */
export async function dispatch(handlers: Handlers | SettingsService, call: unknown, input: unknown): Promise<CallResult<CallName>> {
  if (typeof call !== "string" || !Object.hasOwn(callInputs, call) || !Object.hasOwn(handlers, call)) {
    return { ok: false, error: { code: "invalid-request", message: `Unknown call ${JSON.stringify(call)}` } };
  }
  const name = call as CallName;
  const parsed = callInputs[name].safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: "invalid-request", message: `Invalid ${name} request: ${formatIssues(parsed.error.issues, "input")}` } };
  }
  try {
    const handler = (handlers as Record<string, unknown>)[name] as (value: unknown) => Promise<CallOutput<CallName>>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toContractError(error) };
  }
}

export { toContractError };
