// What happened after each decision taken in this window: running, then done / error / waiting again,
// kept current by thread-status and item-added events.
import { useCallback, useState } from "react";
import type { ContractError, RunSummary } from "../../shared/contract.js";
import type { InboxItem, ThreadStatus } from "../../shared/inbox.js";
import type { DecisionInput } from "../../shared/items.js";
import { useApi, useHostEvents } from "../api/ApiContext.js";

export interface Outcome {
  itemId: string;
  threadId: string;
  phase: ThreadStatus;
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

  const decide = useCallback(
    async (item: InboxItem, input: DecisionInput): Promise<ContractError | null> => {
      setOutcomes((current) =>
        new Map(current).set(item.id, { itemId: item.id, threadId: item.threadId, phase: "running", submitting: true, error: null, waitingOn: [], decidedAt: Date.now() }),
      );
      const result = await api.decide({ itemId: item.id, decision: input });
      if (!result.ok) {
        patch(item.id, () => null);
        return result.error;
      }
      const { status, thread } = result.result;
      patch(item.id, (outcome) => ({
        ...outcome,
        submitting: false,
        phase: status === "failed" ? "error" : status === "running" ? "running" : thread.status,
        error: thread.error ?? (status === "failed" ? "The run failed." : null),
        waitingOn: waitingItems(thread, item.id),
      }));
      return null;
    },
    [api, patch],
  );

  useHostEvents((event) => {
    if (event.type === "item-resolved") return;
    setOutcomes((current) => {
      let next: Map<string, Outcome> | null = null;
      for (const outcome of current.values()) {
        let changed: Outcome | null = null;
        if (event.type === "thread-status" && event.thread.threadId === outcome.threadId && !outcome.submitting) {
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
  return { get, decide };
}

function waitingItems(thread: RunSummary, decidedId: string): InboxItem[] {
  return thread.items.filter((item) => item.id !== decidedId);
}
