// Pure logic behind the decision forms: drafts per action, their validation, and the DecisionInput sent.
import type { InboxItem } from "../../shared/inbox.js";
import type { AllowedDecision, Decision, DecisionInput } from "../../shared/items.js";
import { prettyJson } from "../app/format.js";
import { messageOf } from "../../shared/values.js";

export interface ActionDraft {
  type: AllowedDecision | null;
  /** Reject reason (optional) or response (required). */
  message: string;
  /** The edited args as JSON text. */
  editText: string;
}

export function initialDrafts(item: InboxItem): ActionDraft[] {
  return item.actions.map((action) => ({ type: null, message: "", editText: prettyJson(action.args) }));
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  if (text.trim() === "") return { ok: false, error: "Enter a JSON value." };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${messageOf(error)}` };
  }
}

export function parseJsonObject(text: string): JsonParse {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, error: "The arguments must be a JSON object ({ … })." };
  return parsed;
}

export type DraftCheck = { ok: true; decision: Decision } | { ok: false; error: string };

export function checkDraft(draft: ActionDraft, actionName: string): DraftCheck {
  switch (draft.type) {
    case null:
      return { ok: false, error: `Choose a decision for ${actionName}.` };
    case "approve":
      return { ok: true, decision: { type: "approve" } };
    case "ignore":
      return { ok: true, decision: { type: "ignore" } };
    case "reject": {
      const message = draft.message.trim();
      return { ok: true, decision: message ? { type: "reject", message } : { type: "reject" } };
    }
    case "respond": {
      const message = draft.message.trim();
      return message ? { ok: true, decision: { type: "respond", message } } : { ok: false, error: `Write a response for ${actionName}.` };
    }
    case "edit": {
      const parsed = parseJsonObject(draft.editText);
      if (!parsed.ok) return { ok: false, error: `${actionName}: ${parsed.error}` };
      return { ok: true, decision: { type: "edit", args: parsed.value as Record<string, unknown> } };
    }
  }
}

export type BuildResult = { ok: true; input: DecisionInput } | { ok: false; errors: string[] };

/** One decision per action, in action order: `{ decisions }` for a HITL batch, a single decision otherwise. */
export function buildInput(item: InboxItem, drafts: ActionDraft[]): BuildResult {
  const decisions: Decision[] = [];
  const errors: string[] = [];
  item.actions.forEach((action, i) => {
    const check = checkDraft(drafts[i] ?? { type: null, message: "", editText: "" }, action.name);
    if (check.ok) decisions.push(check.decision);
    else errors.push(check.error);
  });
  if (errors.length > 0) return { ok: false, errors };
  if (item.kind === "hitl" || decisions.length !== 1) return { ok: true, input: { decisions } };
  return { ok: true, input: decisions[0]! };
}

/** langchain drops the approved and edited calls of a batch that holds any rejection. */
export function isMixedBatch(item: InboxItem, drafts: ActionDraft[]): boolean {
  if (item.kind !== "hitl" || item.actions.length < 2) return false;
  const types = drafts.map((draft) => draft.type);
  return types.includes("reject") && (types.includes("approve") || types.includes("edit"));
}

/** True when every action of the item allows approve: the item can be approved as a whole. */
export function canApproveAll(item: Pick<InboxItem, "actions">): boolean {
  return item.actions.length > 0 && item.actions.every((action) => action.allowedDecisions.includes("approve"));
}

/** True when the reviewer has chosen or typed anything in the form (a draft the item's decision would lose). */
export function hasDraft(item: Pick<InboxItem, "actions">, drafts: readonly ActionDraft[]): boolean {
  return drafts.some((draft, i) => draft.type !== null || draft.message.trim() !== "" || draft.editText !== prettyJson(item.actions[i]?.args));
}

/** True when approving the item as a whole would throw away a choice other than approve, or typed text. */
export function approveAllDiscards(item: Pick<InboxItem, "actions">, drafts: readonly ActionDraft[]): boolean {
  return item.actions.length > 0 && drafts.some((draft) => (draft.type !== null && draft.type !== "approve") || draft.message.trim() !== "");
}

export function approveAllInput(item: InboxItem): DecisionInput {
  if (item.kind === "hitl") return { decisions: item.actions.map(() => ({ type: "approve" as const })) };
  return { type: "approve" };
}

/** A short human summary of a decision or DecisionInput, for the history and the decided state. */
export function summarizeDecision(decision: unknown): string {
  if (typeof decision !== "object" || decision === null) return String(decision);
  const record = decision as Record<string, unknown>;
  if (Array.isArray(record.decisions)) return record.decisions.map(summarizeDecision).join(", ");
  const type = typeof record.type === "string" ? record.type : "?";
  if ((type === "reject" || type === "respond") && typeof record.message === "string" && record.message) return `${type} (“${truncate(record.message, 60)}”)`;
  if (type === "resume") return "raw resume value";
  return type;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
