// The text of a notification about items, for the app's OS notifications and browser mode's Web
// Notifications alike: one item names it, several arriving together become one summary. Titles
// come from LLM-written payloads: they are flattened to short plain text (some Linux notification
// servers read markup, and Windows toast XML is XML).
import type { InboxItem } from "./inbox.js";
import { CONTROL_CHARACTERS } from "./text.js";

const MAX_TITLE = 80;
const MAX_BODY = 200;

export function plainText(text: unknown, max: number): string {
  const flat = String(text ?? "")
    .replace(CONTROL_CHARACTERS, " ")
    .replace(/[<>&]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export interface NotificationContent {
  title: string;
  body: string;
  /** The item a click opens: the only item, or none when several arrived together. */
  itemId: string | null;
}

type Summary = Pick<InboxItem, "id" | "title" | "graphId">;

function grouped(items: readonly Summary[], one: (item: Summary) => NotificationContent, several: string): NotificationContent | null {
  const [first] = items;
  if (!first) return null;
  if (items.length === 1) return one(first);
  const titles = items.slice(0, 3).map((item) => plainText(item.title, 60));
  const more = items.length > 3 ? ` and ${items.length - 3} more` : "";
  return { title: `${items.length} ${several}`, body: plainText(titles.join(", ") + more, MAX_BODY), itemId: null };
}

/** New items: one names it; several arriving together become one summary. */
export function notificationFor(items: readonly Summary[]): NotificationContent | null {
  return grouped(
    items,
    (item) => ({ title: plainText(item.title, MAX_TITLE) || "New item waiting", body: plainText(`Waiting for your decision · ${item.graphId}`, MAX_BODY), itemId: item.id }),
    "new items waiting",
  );
}

/** Items past their reminder time: one reminder for those found together. */
export function reminderFor(items: readonly Summary[]): NotificationContent | null {
  return grouped(
    items,
    (item) => ({ title: `Still waiting: ${plainText(item.title, MAX_TITLE - 15) || "an item"}`, body: plainText(`Overdue for your decision · ${item.graphId}`, MAX_BODY), itemId: item.id }),
    "items are overdue",
  );
}

