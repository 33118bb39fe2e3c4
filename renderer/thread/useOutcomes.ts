// What happened after each decision taken in this window: running, then done / error / waiting again,
// kept current by thread-status and item-added events.
import { useCallback, useState } from "react";
import type { ContractError, DecideOutcome, RunSummary } from "../../shared/contract.js";
import type { InboxItem, ThreadStatus } from "../../shared/inbox.js";
import type { DecisionInput } from "../../shared/items.js";
import { useApi, useHostEvents } from "../api/ApiContext.js";

export interface Outcome {
  itemId: string;
  threadId: string;
  /** A remote item's decision may also wait to be delivered (`queued`) or find its interrupt answered elsewhere (`conflict`). */
  phase: ThreadStatus | "queued" | "conflict";
  /** The item's source, named when its deployment is out of reach. */
  source: string;
  /** True until decide has answered. */
  submitting: boolean;
  error: string | null;
  /** Items the thread waits on now (besides the decided one), as last known. */
  waitingOn: InboxItem[];
  decidedAt: number;
}

export interface Outcomes {
  get: (itemId: string) => Outcome | undefined;
  /** Sends the decision; resolves with the host's error when it refused it. */
  decide: (item: InboxItem, input: DecisionInput) => Promise<ContractError | null>;
  /** Runs the item's failed thread again; resolves with the host's error when it refused. */
  retry: (item: InboxItem) => Promise<ContractError | null>;
}

export function useOutcomes(): Outcomes {
  const api = useApi();
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(() => new Map());

  const patch = useCallback((itemId: string, change: (outcome: Outcome) => Outcome | null) => {
    setOutcomes((current) => {
      const existing = current.get(itemId);
      if (!existing) return current;
      const next = new Map(current);
      const changed = change(existing);
      if (changed) next.set(itemId, changed);
      else next.delete(itemId);
      return next;
    });
  }, []);

  /** Shows the item's thread running until `send` answers; a refusal puts back what was shown before. */
  const track = useCallback(
    async (item: InboxItem, send: () => Promise<{ ok: true; result: { status: RunStatus; thread: RunSummary } } | { ok: false; error: ContractError }>) => {
      let before: Outcome | undefined;
      setOutcomes((current) => {
        before = current.get(item.id);
        return new Map(current).set(item.id, { itemId: item.id, threadId: item.threadId, source: item.source, phase: "running", submitting: true, error: null, waitingOn: [], decidedAt: Date.now() });
      });
      const result = await send();
      if (!result.ok) {
        patch(item.id, () => before ?? null);
        return result.error;
      }
      const { status, thread } = result.result;
      patch(item.id, (outcome) => ({
        ...outcome,
        submitting: false,
        phase: status === "failed" ? "error" : status === "running" || status === "queued" || status === "conflict" ? status : thread.status,
        error: thread.error ?? (status === "failed" ? "The run failed." : null),
        waitingOn: waitingItems(thread, item.id),
      }));
      return null;
    },
    [patch],
  );

  const decide = useCallback(
    (item: InboxItem, input: DecisionInput) => track(item, () => api.decide({ itemId: item.id, decision: input })),
    [api, track],
  );

  const retry = useCallback(
    (item: InboxItem) =>
      track(item, async () => {
        const result = await api.retryThread({ threadId: item.threadId });
        return result.ok ? { ok: true as const, result: { status: runStatus(result.result.status), thread: result.result } } : result;
      }),
    [api, track],
  );

  useHostEvents((event) => {
    if (event.type === "item-resolved") return;
    setOutcomes((current) => {
      let next: Map<string, Outcome> | null = null;
      for (const outcome of current.values()) {
        let changed: Outcome | null = null;
        // A queued or conflicting remote decision is not a run of this thread: its status says nothing of it.
        if (event.type === "thread-status" && event.thread.threadId === outcome.threadId && !outcome.submitting && outcome.phase !== "queued" && outcome.phase !== "conflict") {
          changed = { ...outcome, phase: event.thread.status, error: event.thread.error };
        }
        if (event.type === "item-added" && event.item.threadId === outcome.threadId && !outcome.waitingOn.some((item) => item.id === event.item.id)) {
          changed = { ...outcome, waitingOn: [...outcome.waitingOn, event.item] };
        }
        if (changed) {
          next ??= new Map(current);
          next.set(outcome.itemId, changed);
        }
      }
      return next ?? current;
    });
  });

  const get = useCallback((itemId: string) => outcomes.get(itemId), [outcomes]);
  return { get, decide, retry };
}

type RunStatus = DecideOutcome["status"];

function runStatus(status: ThreadStatus): RunStatus {
  return status === "error" ? "failed" : status === "running" ? "running" : "applied";
}

function waitingItems(thread: RunSummary, decidedId: string): InboxItem[] {
  return thread.items.filter((item) => item.id !== decidedId);
}
