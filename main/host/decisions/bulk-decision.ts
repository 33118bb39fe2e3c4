import type { Decision, NormalizedView } from "../../../shared/items.js";

export type BulkDecision = { ok: true; decision: unknown } | { ok: false; error: string };

/**
 * One decision sent for many items (bulk approve) as each item takes it: an item with several
 * actions (a HITL batch) gets it once per action; an item with an action that does not allow it is
 * left out, naming that action, to be decided on its own.
 */
export function bulkDecisionFor(view: NormalizedView, decision: Decision): BulkDecision {
  if (decision.type === "resume" || view.actions.length <= 1) return { ok: true, decision };
  const refusing = view.actions.find((action) => !action.allowedDecisions.includes(decision.type as never));
  if (refusing) return { ok: false, error: `Left out: its action "${refusing.name}" does not allow ${decision.type}; decide this item on its own` };
  return { ok: true, decision: { decisions: view.actions.map(() => decision) } };
}
