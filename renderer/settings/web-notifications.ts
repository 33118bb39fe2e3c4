// Browser mode's notifications: new items raise a Web Notification while the tab is in the
// background (several arriving together become one), as do reminders, and a click focuses the tab
// on the item. Permission is asked only from a control the reviewer clicks, never on load. The
// browser's Notification, the page's visibility and focus are passed in, so the rules are testable.
import type { InboxItem } from "../../shared/inbox.js";
import { notificationFor, type NotificationContent } from "../../shared/notification-text.js";

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

export interface WebNotifier {
  itemAdded(item: InboxItem): void;
  /** Shows content now (a reminder) when the tab is in the background. */
  show(content: NotificationContent | null): void;
  dispose(): void;
}

/** `enabled` is read as each notification is about to show (the settings, do-not-disturb). */
export function createWebNotifier(env: WebNotificationEnv, enabled: () => boolean, delayMs = 400): WebNotifier {
  let pending: InboxItem[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (content: NotificationContent | null) => {
    const Constructor = env.Notification;
    if (!content || !Constructor || Constructor.permission !== "granted" || !env.hidden() || !enabled()) return;
    const notification = new Constructor(content.title, { body: content.body, tag: content.itemId ?? "countersign-items" });
    notification.onclick = () => {
      env.focus();
      env.open(content.itemId);
      notification.close();
    };
  };
  const flush = () => {
    timer = undefined;
    const content = notificationFor(pending);
    pending = [];
    show(content);
  };
  return {
    itemAdded(item) {
      // An item that arrives while the reviewer looks at the page is seen there, not notified later.
      if (!env.hidden()) return;
      pending.push(item);
      timer ??= setTimeout(flush, delayMs);
    },
    show,
    dispose() {
      clearTimeout(timer);
      pending = [];
    },
  };
}
