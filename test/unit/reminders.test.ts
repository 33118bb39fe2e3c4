// Reminder rules and scheduling: which time applies, overdue, one reminder per item, when to look again.
import { createReminderLoop, RECHECK_MS } from "../../shared/reminder-loop.js";
import type { InboxItem } from "../../shared/inbox.js";
import { ReminderTracker, dueAt, isOverdue, reminderMinutesFor, remindersEnabled } from "../../shared/reminders.js";
import type { ReminderSettings } from "../../shared/settings.js";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const MIN = 60_000;
const item = (id: string, graphId: string, minutesAgo: number, source?: string) => ({ id, graphId, createdAt: new Date(T0 - minutesAgo * MIN).toISOString(), source }) as InboxItem & { source?: string };
const settings = (over: Partial<ReminderSettings> = {}): ReminderSettings => ({ default: null, graphs: {}, sources: {}, ...over });

describe("reminder rules", () => {
  it("a graph's own time, else its source's, else the default; null on a graph turns it off", () => {
    const rules = settings({ default: 60, graphs: { fast: 5, quiet: null }, sources: { prod: 15 } });
    expect(reminderMinutesFor(rules, { graphId: "fast", source: "prod" })).toBe(5);
    expect(reminderMinutesFor(rules, { graphId: "other", source: "prod" })).toBe(15);
    expect(reminderMinutesFor(rules, { graphId: "other" })).toBe(60);
    expect(reminderMinutesFor(rules, { graphId: "quiet", source: "prod" })).toBeNull();
    expect(reminderMinutesFor(settings(), { graphId: "x" })).toBeNull();
    expect(reminderMinutesFor(settings({ graphs: { constructor: 5 } }), { graphId: "toString" })).toBeNull();
  });

  it("overdue from the reminder time on; never without one or with an unreadable time", () => {
    const rules = settings({ default: 30 });
    expect(isOverdue(item("a", "g", 29), rules, T0)).toBe(false);
    expect(isOverdue(item("a", "g", 30), rules, T0)).toBe(true);
    expect(isOverdue(item("a", "g", 999), settings(), T0)).toBe(false);
    expect(dueAt({ id: "a", graphId: "g", createdAt: "not a date" }, rules)).toBeNull();
    expect(remindersEnabled(settings())).toBe(false);
    expect(remindersEnabled(settings({ graphs: { a: null } }))).toBe(false);
    expect(remindersEnabled(settings({ sources: { a: 10 } }))).toBe(true);
  });

  it("each overdue item is due a reminder once, however often it is checked; forgetting it (decided) rearms it", () => {
    const tracker = new ReminderTracker();
    const rules = settings({ default: 30 });
    const items = [item("old", "g", 45), item("new", "g", 10)];
    expect(tracker.check(items, rules, T0)).toEqual({ due: [items[0]], nextAt: T0 + 20 * MIN });
    expect(tracker.check(items, rules, T0 + MIN)).toEqual({ due: [], nextAt: T0 + 20 * MIN });
    expect(tracker.check(items, rules, T0 + 20 * MIN).due).toEqual([items[1]]);
    tracker.forget("old");
    expect(tracker.check(items, rules, T0 + 21 * MIN).due).toEqual([items[0]]);
  });
});

describe("createReminderLoop", () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => vi.useRealTimers());

  it("reminds once per item across looks, and looks again when the next item falls due", async () => {
    let rules = settings({ default: 30 });
    const pending = [item("a", "g", 40), item("b", "g", 29)];
    const reminded: string[][] = [];
    const listOldest = vi.fn(async () => pending);
    const loop = createReminderLoop({ reminders: () => rules, listOldest, remind: (items) => reminded.push(items.map((i) => i.id)) });
    await loop.check();
    expect(reminded).toEqual([["a"]]);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(reminded).toEqual([["a"], ["b"]]);
    await vi.advanceTimersByTimeAsync(5 * RECHECK_MS);
    expect(reminded).toHaveLength(2);
    expect(listOldest.mock.calls.length).toBeGreaterThan(2);
    // Reminders turned off: the loop stops looking.
    rules = settings();
    await loop.check();
    const looks = listOldest.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5 * RECHECK_MS);
    expect(listOldest.mock.calls.length).toBe(looks);
    loop.dispose();
  });

  it("a failed look is told and retried", async () => {
    const errors: unknown[] = [];
    const listOldest = vi.fn<() => Promise<InboxItem[]>>().mockRejectedValueOnce(new Error("host-unavailable")).mockResolvedValue([item("a", "g", 40)]);
    const reminded: unknown[] = [];
    const loop = createReminderLoop({ reminders: () => settings({ default: 30 }), listOldest, remind: (items) => reminded.push(items), onError: (error) => errors.push(error) });
    await loop.check();
    expect(errors).toEqual([new Error("host-unavailable")]);
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(reminded).toHaveLength(1);
    loop.dispose();
  });
});
