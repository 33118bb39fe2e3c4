// OS notifications: items that arrive while the window is in the background (those arriving
// together become one), reminders, and the outcome of a decision taken from a notification. A
// single-item notification may carry Approve and Reject (macOS actions; a Windows toast); Linux
// has no notification actions, so there a click opens the item. What each says and offers is
// notification-content.ts; what a click or a button does is the router's.
import { Notification } from "electron";
import type { InboxItem } from "../../shared/inbox.js";
import { QUICK_LABELS, notificationFor, toastXml, type NotificationContent, type QuickDecision, type QuickDecisions } from "./notification-content.js";
import type { Router } from "./router.js";

export { notificationFor, plainText, type NotificationContent } from "./notification-content.js";

/** Where notifications can carry buttons. */
export function actionsSupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform === "darwin" || platform === "win32";
}

export interface NotifierOptions {
  /** Asked when a notification is about to show: the window in the background, notifications on, not paused. */
  shouldNotify: () => boolean;
  router: Pick<Router, "openItem" | "activate" | "shown">;
  /** Approve/Reject for a single item, or null (the setting off, or an item that needs the window). */
  actionsFor?: (item: InboxItem) => QuickDecisions | null;
  platform?: NodeJS.Platform;
  delayMs?: number;
}

export interface Notifier {
  itemAdded(item: InboxItem): void;
  /**
   * Shows content now (a reminder, an outcome), with the item's actions when given; `always`
   * skips shouldNotify (the outcome of a button the reviewer just pressed).
   */
  show(content: NotificationContent, item?: InboxItem | null, always?: boolean): void;
  dispose(): void;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const platform = options.platform ?? process.platform;
  const pending: InboxItem[] = [];
  // Kept until closed or clicked: a notification collected by the GC never delivers its click.
  const shown = new Set<Notification>();
  let timer: NodeJS.Timeout | undefined;

  const show = (content: NotificationContent, item?: InboxItem | null) => {
    if (!Notification.isSupported()) return;
    const decisions = item && actionsSupported(platform) ? options.actionsFor?.(item) : null;
    const buttons = decisions ? (Object.keys(QUICK_LABELS) as QuickDecision[]).filter((decision) => decisions[decision]) : [];
    const token = item && decisions && buttons.length > 0 ? options.router.shown.add(item, decisions) : null;
    const notification = new Notification(
      token && platform === "win32"
        ? { title: content.title, body: content.body, toastXml: toastXml(content, token, buttons) }
        : token
          ? { title: content.title, body: content.body, actions: buttons.map((decision) => ({ type: "button" as const, text: QUICK_LABELS[decision] })) }
          : { title: content.title, body: content.body, silent: false },
    );
    shown.add(notification);
    notification.on("click", () => {
      shown.delete(notification);
      if (token) void options.router.activate(token, "open");
      else options.router.openItem(content.itemId);
    });
    notification.on("action", (details, legacyIndex) => {
      shown.delete(notification);
      const index = typeof details?.actionIndex === "number" ? details.actionIndex : legacyIndex;
      const decision = buttons[index];
      if (token && decision) void options.router.activate(token, decision);
    });
    notification.on("close", () => shown.delete(notification));
    notification.show();
  };

  const flush = () => {
    timer = undefined;
    const items = pending.splice(0);
    const content = notificationFor(items);
    if (!content || !options.shouldNotify()) return;
    show(content, items.length === 1 ? items[0] : null);
  };

  return {
    itemAdded(item) {
      pending.push(item);
      timer ??= setTimeout(flush, options.delayMs ?? 400);
    },
    show(content, item, always = false) {
      if (always || options.shouldNotify()) show(content, item);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      pending.length = 0;
      for (const notification of shown) notification.close();
      shown.clear();
    },
  };
}
