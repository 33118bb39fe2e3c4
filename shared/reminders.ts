// Reminders for items left waiting: which reminder time applies to an item, whether it is overdue,
// and which items are due a reminder now, once each. Pure functions of the settings, the items and
// the time, shared by the app's reminder notifications and the renderer's overdue marks.
import type { ReminderSettings } from "./settings.js";

/** What the reminder rules read of an item. `source` names a remote deployment where items have one. */
export interface RemindableItem {
  id: string;
  graphId: string;
  createdAt: string;
  source?: string | null;
}

const MINUTE_MS = 60_000;

/** The item's reminder time in minutes, or null when it has none: its graph's, else its source's, else the default. */
export function reminderMinutesFor(reminders: ReminderSettings, item: Pick<RemindableItem, "graphId" | "source">): number | null {
  if (Object.hasOwn(reminders.graphs, item.graphId)) return reminders.graphs[item.graphId] ?? null;
  if (item.source && Object.hasOwn(reminders.sources, item.source)) return reminders.sources[item.source] ?? null;
  return reminders.default;
}

/** When the item becomes overdue (ms since the epoch), or null when it never does. */
export function dueAt(item: RemindableItem, reminders: ReminderSettings): number | null {
  const minutes = reminderMinutesFor(reminders, item);
  const created = Date.parse(item.createdAt);
  if (minutes === null || Number.isNaN(created)) return null;
  return created + minutes * MINUTE_MS;
}

export function isOverdue(item: RemindableItem, reminders: ReminderSettings, now: number): boolean {
  const due = dueAt(item, reminders);
  return due !== null && now >= due;
}

/** True when any reminder time is set at all: otherwise nothing needs checking. */
export function remindersEnabled(reminders: ReminderSettings): boolean {
  return reminders.default !== null || [...Object.values(reminders.graphs), ...Object.values(reminders.sources)].some((minutes) => minutes !== null);
}

export interface ReminderCheck<T extends RemindableItem> {
  /** Overdue items not reminded of before: one reminder each, ever. */
  due: T[];
  /** When to look again (ms since the epoch): the next item to become overdue, or null for none in view. */
  nextAt: number | null;
}

/**
 * Remembers which items were reminded of, so a reminder is raised once per item, not once per check.
 * `check` takes the pending items in view (the oldest first); `forget` drops an item once it is decided.
 */
export class ReminderTracker {
  private readonly reminded = new Set<string>();

  check<T extends RemindableItem>(items: readonly T[], reminders: ReminderSettings, now: number): ReminderCheck<T> {
    const due: T[] = [];
    let nextAt: number | null = null;
    for (const item of items) {
      if (this.reminded.has(item.id)) continue;
      const at = dueAt(item, reminders);
      if (at === null) continue;
      if (now >= at) {
        this.reminded.add(item.id);
        due.push(item);
      } else if (nextAt === null || at < nextAt) {
        nextAt = at;
      }
    }
    return { due, nextAt };
  }

  forget(itemId: string): void {
    this.reminded.delete(itemId);
  }

  has(itemId: string): boolean {
    return this.reminded.has(itemId);
  }
}
