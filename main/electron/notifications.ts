// OS notifications for items that arrive while the window is in the background. Items arriving
// together (a poll that finds several) become one notification. Titles come from LLM-written
// payloads: they are flattened to short plain text (some Linux notification servers read markup).
import { Notification } from "electron";
import type { InboxItem } from "../../shared/inbox.js";
import { CONTROL_CHARACTERS } from "../../shared/text.js";

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

export function notificationFor(items: readonly Pick<InboxItem, "id" | "title" | "graphId">[]): NotificationContent | null {
  const [first] = items;
  if (!first) return null;
  if (items.length === 1) {
    return { title: plainText(first.title, MAX_TITLE) || "New item waiting", body: plainText(`Waiting for your decision · ${first.graphId}`, MAX_BODY), itemId: first.id };
  }
  const titles = items.slice(0, 3).map((item) => plainText(item.title, 60));
  const more = items.length > 3 ? ` and ${items.length - 3} more` : "";
  return { title: `${items.length} new items waiting`, body: plainText(titles.join(", ") + more, MAX_BODY), itemId: null };
}

export interface Notifier {
  itemAdded(item: InboxItem): void;
  dispose(): void;
}

export function createNotifier(options: { shouldNotify: () => boolean; onClick: (itemId: string | null) => void; delayMs?: number }): Notifier {
  const pending: InboxItem[] = [];
  // Kept until closed or clicked: a notification collected by the GC never delivers its click.
  const shown = new Set<Notification>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const content = notificationFor(pending.splice(0));
    if (!content || !options.shouldNotify() || !Notification.isSupported()) return;
    const notification = new Notification({ title: content.title, body: content.body, silent: false });
    shown.add(notification);
    notification.on("click", () => {
      shown.delete(notification);
      options.onClick(content.itemId);
    });
    notification.on("close", () => shown.delete(notification));
    notification.show();
  };

  return {
    itemAdded(item) {
      pending.push(item);
      timer ??= setTimeout(flush, options.delayMs ?? 400);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      pending.length = 0;
      for (const notification of shown) notification.close();
      shown.clear();
    },
  };
}
