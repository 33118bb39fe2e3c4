import type { Host } from "../host/host.js";
import { HostError } from "../../shared/errors.js";
import { callInputs, type CallInput, type CallName, type CallOutput, type CallResult, type ContractError } from "../../shared/contract.js";

/** One handler per contract call, carried unchanged by every transport. */
export type Handlers = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> };

export function createHandlers(host: Host): Handlers {
  return {
    listGraphs: () => host.listGraphs(),
    listItems: (input) => host.listItems(input),
    getItem: ({ itemId }) => host.getItem(itemId),
    decide: ({ itemId, decision }) => host.decide(itemId, decision, { waitMs: 30_000 }),
    decideMany: async ({ itemIds, decision }) => {
      const results: CallOutput<"decideMany">["results"] = [];
      for (const itemId of itemIds) {
        try {
          results.push({ itemId, ok: true, outcome: await host.decide(itemId, decision, { waitMs: 30_000 }) });
        } catch (error) {
          results.push({ itemId, ok: false, error: toContractError(error) });
        }
      }
      return { results };
    },
    startRun: ({ graphId, input, threadId }) => host.startRun(graphId, { input, threadId, waitMs: 30_000 }),
    retryThread: ({ threadId }) => host.retryThread(threadId, { waitMs: 30_000 }),
    history: async (input) => ({ decisions: host.history(input) }),
  };
}

/**
 * Validates one incoming message against the contract and runs its handler. Anything invalid
 * (unknown call, malformed input) gets a typed error and reaches no handler.
 */
export async function dispatch(handlers: Handlers, call: unknown, input: unknown): Promise<CallResult<CallName>> {
  if (typeof call !== "string" || !Object.hasOwn(callInputs, call)) {
    return { ok: false, error: { code: "invalid-request", message: `Unknown call ${JSON.stringify(call)}` } };
  }
  const name = call as CallName;
  const parsed = callInputs[name].safeParse(input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
    return { ok: false, error: { code: "invalid-request", message: `Invalid ${name} request: ${detail}` } };
  }
  try {
    const handler = handlers[name] as (value: unknown) => Promise<CallOutput<CallName>>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toContractError(error) };
  }
}

export function toContractError(error: unknown): ContractError {
  if (error instanceof HostError) return { code: error.code, message: error.message };
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}
