// When to look for overdue items and what to do then, with its effects passed in: the app's main
// thread and browser mode's page each list the oldest pending items, raise one reminder for those
// newly overdue (each item once, however often they look), and look again when the next one falls
// due, or a minute later for items not yet in view.
import type { InboxItem } from "./inbox.js";
import { ReminderTracker, remindersEnabled } from "./reminders.js";
import type { ReminderSettings } from "./settings.js";

/** The longest wait between two looks while any reminder time is set. */
export const RECHECK_MS = 60_000;

export interface ReminderLoopEffects {
  reminders(): ReminderSettings;
  /** The pending items, oldest first (a page is enough: the oldest are overdue first). */
  listOldest(): Promise<InboxItem[]>;
  remind(items: InboxItem[]): void;
  onError?(error: unknown): void;
  now?(): number;
}

export interface ReminderLoop {
  /** Looks now (started, the settings changed). */
  check(): Promise<void>;
  /** An item was decided: it is reminded of again if it ever comes back. */
  forget(itemId: string): void;
  dispose(): void;
}

export function createReminderLoop(effects: ReminderLoopEffects): ReminderLoop {
  const tracker = new ReminderTracker();
  const now = effects.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const schedule = (at: number | null) => {
    clearTimeout(timer);
    timer = undefined;
    if (disposed) return;
    const delay = Math.min(RECHECK_MS, Math.max(1_000, (at ?? Infinity) - now()));
    timer = setTimeout(() => void check(), delay);
  };

  const check = async () => {
    if (disposed) return;
    const reminders = effects.reminders();
    if (!remindersEnabled(reminders)) {
      clearTimeout(timer);
      timer = undefined;
      return;
    }
    let nextAt: number | null = null;
    try {
      const result = tracker.check(await effects.listOldest(), reminders, now());
      nextAt = result.nextAt;
      if (result.due.length > 0 && !disposed) effects.remind(result.due);
    } catch (error) {
      // The next look retries; the failure is told, not swallowed.
      effects.onError?.(error);
    }
    schedule(nextAt);
  };

  return {
    check,
    forget: (itemId) => tracker.forget(itemId),
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
