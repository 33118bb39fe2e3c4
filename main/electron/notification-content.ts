// What the app's notifications offer, as plain functions (no Electron): the Approve/Reject an item
// allows from its notification, the Windows toast that carries them, and the follow-up that tells
// a decision's outcome. The text of new items and reminders is shared/notification-text.ts, which
// browser mode's Web Notifications use too.
import type { CallResult } from "../../shared/contract.js";
import type { InboxItem } from "../../shared/inbox.js";
import type { DecisionInput } from "../../shared/items.js";
import { plainText, type NotificationContent } from "../../shared/notification-text.js";

export { notificationFor, plainText, reminderFor, type NotificationContent } from "../../shared/notification-text.js";

type Summary = Pick<InboxItem, "id" | "title" | "graphId">;
const MAX_BODY = 200;

export type QuickDecision = "approve" | "reject";
export type QuickDecisions = Partial<Record<QuickDecision, DecisionInput>>;

/**
 * What a notification may decide for the item without an edit, as the decision the app's own
 * controls would send; null when the item needs the window. A generic question is answered "yes"
 * or "no"; a HITL batch is approved whole (and rejected whole when every action allows it); a
 * HumanInterrupt or a tool approval that allows approve; a breakpoint never (Continue is not an approval).
 */
export function quickDecisions(item: Pick<InboxItem, "kind" | "actions">): QuickDecisions | null {
  const { actions } = item;
  if (actions.length === 0) return null;
  const every = (type: string) => actions.every((action) => action.allowedDecisions.includes(type as never));
  switch (item.kind) {
    case "generic":
      return actions.length === 1 && every("respond") ? { approve: { type: "respond", message: "yes" }, reject: { type: "respond", message: "no" } } : null;
    case "hitl":
      if (!every("approve")) return null;
      return {
        approve: { decisions: actions.map(() => ({ type: "approve" as const })) },
        ...(every("reject") ? { reject: { decisions: actions.map(() => ({ type: "reject" as const })) } } : {}),
      };
    case "human-interrupt":
      // The host turns a reject into the HumanResponse the item allows (respond or ignore).
      if (actions.length !== 1 || !every("approve")) return null;
      return { approve: { type: "approve" }, ...(every("respond") || every("ignore") ? { reject: { type: "reject" } } : {}) };
    case "tool-approval":
      if (actions.length !== 1 || !every("approve")) return null;
      return { approve: { type: "approve" }, ...(every("reject") ? { reject: { type: "reject" } } : {}) };
    case "breakpoint":
      return null;
  }
}

export const QUICK_LABELS: Record<QuickDecision, string> = { approve: "Approve", reject: "Reject" };

/** Windows activation arguments: which shown notification, and which of its buttons (or the body). */
export function activationArguments(token: string, action: QuickDecision | "open"): string {
  return `countersign-notification:${token}:${action}`;
}

export function parseActivationArguments(text: string): { token: string; action: QuickDecision | "open" } | null {
  const match = /^countersign-notification:([A-Za-z0-9_-]{1,64}):(approve|reject|open)$/.exec(text.trim());
  return match ? { token: match[1]!, action: match[2] as QuickDecision | "open" } : null;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A Windows toast with the notification's text and one button per quick decision. */
export function toastXml(content: NotificationContent, token: string, decisions: readonly QuickDecision[]): string {
  const actions = decisions.map((decision) => `<action content="${QUICK_LABELS[decision]}" arguments="${xmlEscape(activationArguments(token, decision))}" activationType="foreground"/>`).join("");
  return (
    `<toast launch="${xmlEscape(activationArguments(token, "open"))}" activationType="foreground">` +
    `<visual><binding template="ToastGeneric"><text>${xmlEscape(content.title)}</text><text>${xmlEscape(content.body)}</text></binding></visual>` +
    (actions ? `<actions>${actions}</actions>` : "") +
    `</toast>`
  );
}

/** The follow-up notification after a decision taken from a notification. */
export function outcomeNotification(item: Summary, decision: QuickDecision, result: CallResult<"decide">): NotificationContent {
  const title = plainText(item.title, 60) || "the item";
  const verb = decision === "approve" ? "Approved" : "Rejected";
  if (!result.ok) return { title: `Could not ${decision}: ${title}`, body: plainText(result.error.message, MAX_BODY), itemId: item.id };
  const { status, thread } = result.result;
  const after =
    status === "failed"
      ? `the run failed: ${thread.error ?? "see the item"}`
      : status === "running"
        ? "the run goes on"
        : thread.items.length > 0
          ? `the run is waiting again (${thread.items.length} new item${thread.items.length === 1 ? "" : "s"})`
          : "the run finished";
  return { title: `${verb}: ${title}`, body: plainText(after, MAX_BODY), itemId: thread.items[0]?.id ?? (status === "failed" ? item.id : null) };
}
