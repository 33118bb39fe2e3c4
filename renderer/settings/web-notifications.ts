// Browser mode's notifications: new items raise a Web Notification while the tab is in the
// background (several arriving together become one), and a click focuses the tab on the item.
// Permission is asked only from a control the reviewer clicks, never on load. The browser's
// Notification, the page's visibility and focus are passed in, so the rules are testable.
import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";

export interface WebNotificationEnv {
  /** The page's Notification constructor, or undefined where the browser has none. */
  Notification: typeof Notification | undefined;
  hidden(): boolean;
  focus(): void;
  open(itemId: string | null): void;
}

export type WebPermission = NotificationPermission | "unsupported";

export function webPermission(env: Pick<WebNotificationEnv, "Notification">): WebPermission {
  return env.Notification ? env.Notification.permission : "unsupported";
}

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function webNotificationFor(items: readonly Pick<InboxItem, "id" | "title" | "graphId">[]): { title: string; body: string; itemId: string | null } | null {
  const [first] = items;
  if (!first) return null;
  if (items.length === 1) return { title: short(revealControls(first.title), 80) || "New item waiting", body: `Waiting for your decision · ${revealControls(first.graphId)}`, itemId: first.id };
  const titles = items.slice(0, 3).map((item) => short(revealControls(item.title), 60));
  const more = items.length > 3 ? ` and ${items.length - 3} more` : "";
  return { title: `${items.length} new items waiting`, body: titles.join(", ") + more, itemId: null };
}

export interface WebNotifier {
  itemAdded(item: InboxItem): void;
  dispose(): void;
}

/** `enabled` is read as each notification is about to show (the settings, do-not-disturb). */
export function createWebNotifier(env: WebNotificationEnv, enabled: () => boolean, delayMs = 400): WebNotifier {
  let pending: InboxItem[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const content = webNotificationFor(pending);
    pending = [];
    const Constructor = env.Notification;
    if (!content || !Constructor || Constructor.permission !== "granted" || !env.hidden() || !enabled()) return;
    const notification = new Constructor(content.title, { body: content.body, tag: content.itemId ?? "countersign-new-items" });
    notification.onclick = () => {
      env.focus();
      env.open(content.itemId);
      notification.close();
    };
  };
  return {
    itemAdded(item) {
      // An item that arrives while the reviewer looks at the page is seen there, not notified later.
      if (!env.hidden()) return;
      pending.push(item);
      timer ??= setTimeout(flush, delayMs);
    },
    dispose() {
      clearTimeout(timer);
      pending = [];
    },
  };
}
