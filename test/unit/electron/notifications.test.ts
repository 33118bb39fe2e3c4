// OS notifications and the badge: coalesced, plain text, guarded.
const electron = vi.hoisted(() => {
  type Options = { title: string; body: string; actions?: Array<{ type: string; text: string }>; toastXml?: string };
  const shown: Array<{ options: Options; handlers: Map<string, (...args: unknown[]) => void>; show: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> }> = [];
  class Notification {
    static supported = true;
    static isSupported() {
      return Notification.supported;
    }
    readonly handlers = new Map<string, (...args: unknown[]) => void>();
    readonly show = vi.fn();
    readonly close = vi.fn();
    constructor(readonly options: Options) {
      shown.push(this);
    }
    on(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, handler);
      return this;
    }
  }
  return { Notification, shown, app: { setBadgeCount: vi.fn(() => true) } };
});
vi.mock("electron", () => ({ Notification: electron.Notification, app: electron.app }));

import type { InboxItem } from "../../../shared/inbox.js";
import { createBadgeUpdater } from "../../../main/electron/badge.js";
import { quickDecisions } from "../../../main/electron/notification-content.js";
import { createNotifier, notificationFor, plainText } from "../../../main/electron/notifications.js";
import { createRouter } from "../../../main/electron/router.js";

const item = (id: string, title: string) => ({ id, title, graphId: "expense-approval" }) as InboxItem;
const approvable = (id: string, title: string) =>
  ({ id, title, graphId: "ship-it", kind: "generic", actions: [{ name: "reply", args: {}, allowedDecisions: ["respond"] }] }) as unknown as InboxItem;

/** A router whose effects are recorded; `call` answers decide as applied. */
function fakeRouter() {
  const calls: unknown[] = [];
  const opened: Array<string | null> = [];
  const notified: unknown[] = [];
  const router = createRouter({
    show: (itemId) => opened.push(itemId),
    call: async (name, input) => {
      calls.push([name, input]);
      return { ok: true, result: { itemId: "x", status: "applied", thread: { threadId: "t", status: "done", error: null, items: [] } } as never };
    },
    notify: (content) => notified.push(content),
  });
  return { router, calls, opened, notified };
}
const quiet = () => createNotifier({ shouldNotify: () => true, router: fakeRouter().router });

beforeEach(() => {
  vi.useFakeTimers();
  electron.shown.length = 0;
  electron.Notification.supported = true;
  electron.app.setBadgeCount.mockClear();
});
afterEach(() => vi.useRealTimers());

describe("notification text", () => {
  it("flattens LLM-written titles to short plain text", () => {
    expect(plainText("<b>Approve</b>\n\t&  send\u202Eemail", 80)).toBe("b Approve /b send email");
    expect(plainText("x".repeat(100), 10)).toBe("xxxxxxxxx…");
  });

  it("one item names it; several become one summary", () => {
    expect(notificationFor([item("a", "Pay invoice")])).toEqual({ title: "Pay invoice", body: "Waiting for your decision · expense-approval", itemId: "a" });
    const many = notificationFor([item("a", "A"), item("b", "B"), item("c", "C"), item("d", "D")]);
    expect(many).toEqual({ title: "4 new items waiting", body: "A, B, C and 1 more", itemId: null });
    expect(notificationFor([])).toBeNull();
  });
});

describe("createNotifier", () => {
  it("shows one notification for items arriving together, and a click opens the item", () => {
    const { router, opened } = fakeRouter();
    const notifier = createNotifier({ shouldNotify: () => true, router });
    notifier.itemAdded(item("a", "First"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.show).toHaveBeenCalled();
    electron.shown[0]!.handlers.get("click")!();
    expect(opened).toEqual(["a"]);

    notifier.itemAdded(item("b", "B"));
    notifier.itemAdded(item("c", "C"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(2);
    expect(electron.shown[1]!.options.title).toBe("2 new items waiting");
  });

  it("stays quiet while the window has focus or notifications are unsupported", () => {
    const focused = createNotifier({ shouldNotify: () => false, router: fakeRouter().router });
    focused.itemAdded(item("a", "A"));
    vi.advanceTimersByTime(1000);
    electron.Notification.supported = false;
    const unsupported = quiet();
    unsupported.itemAdded(item("b", "B"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(0);
  });

  it("dispose cancels what is pending and closes what is shown", () => {
    const notifier = quiet();
    notifier.itemAdded(item("a", "A"));
    vi.advanceTimersByTime(1000);
    notifier.itemAdded(item("b", "B"));
    notifier.dispose();
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.close).toHaveBeenCalled();
  });
});

describe("decisions from a notification", () => {
  const withActions = (platform: NodeJS.Platform, fake = fakeRouter()) => ({
    fake,
    notifier: createNotifier({ shouldNotify: () => true, router: fake.router, actionsFor: quickDecisions, platform }),
  });

  it("macOS: a single approvable item carries Approve and Reject; Approve decides it through the router's call, once, then tells the outcome", async () => {
    const { fake, notifier } = withActions("darwin");
    notifier.itemAdded(approvable("a", "Ship it?"));
    vi.advanceTimersByTime(1000);
    const shown = electron.shown[0]!;
    expect(shown.options.actions).toEqual([
      { type: "button", text: "Approve" },
      { type: "button", text: "Reject" },
    ]);
    shown.handlers.get("action")!({ actionIndex: 0 }, 0);
    await vi.waitFor(() => expect(fake.notified).toHaveLength(1));
    expect(fake.calls).toEqual([["decide", { itemId: "a", decision: { type: "respond", message: "yes" } }]]);
    expect(fake.notified[0]).toMatchObject({ title: "Approved: Ship it?", body: "the run finished" });
    // The same notification's button again (a double delivery) decides nothing more.
    shown.handlers.get("action")!({ actionIndex: 0 }, 0);
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.calls).toHaveLength(1);
  });

  it("Windows: a toast whose buttons carry this notification's token; its activation decides", async () => {
    const { fake, notifier } = withActions("win32");
    notifier.itemAdded(approvable("a", "Ship <it>?"));
    vi.advanceTimersByTime(1000);
    const xml = electron.shown[0]!.options.toastXml!;
    expect(xml).toContain('<action content="Reject" arguments="countersign-notification:');
    expect(xml).not.toContain("<it>");
    const args = /content="Reject" arguments="([^"]+)"/.exec(xml)![1]!;
    await fake.router.activateArguments(args);
    expect(fake.calls).toEqual([["decide", { itemId: "a", decision: { type: "respond", message: "no" } }]]);
  });

  it("Linux has no buttons; neither does a group, an item that needs an edit, or the setting off", () => {
    withActions("linux").notifier.itemAdded(approvable("a", "A"));
    vi.advanceTimersByTime(1000);
    const { notifier } = withActions("darwin");
    notifier.itemAdded(approvable("b", "B"));
    notifier.itemAdded(approvable("c", "C"));
    vi.advanceTimersByTime(1000);
    const breakpoint = { ...approvable("d", "D"), kind: "breakpoint", actions: [{ name: "continue", args: {}, allowedDecisions: ["approve"] }] } as unknown as InboxItem;
    notifier.itemAdded(breakpoint);
    vi.advanceTimersByTime(1000);
    createNotifier({ shouldNotify: () => true, router: fakeRouter().router, actionsFor: () => null, platform: "darwin" }).itemAdded(approvable("e", "E"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(4);
    for (const shown of electron.shown) expect(shown.options.actions ?? shown.options.toastXml).toBeUndefined();
  });
});

describe("createBadgeUpdater", () => {
  it("recounts once per burst of changes and sets the badge", async () => {
    const count = vi.fn(async () => 3);
    const badge = createBadgeUpdater(count, { platform: "linux" });
    badge.update();
    badge.update();
    badge.update();
    await vi.advanceTimersByTimeAsync(500);
    expect(count).toHaveBeenCalledTimes(1);
    expect(electron.app.setBadgeCount).toHaveBeenCalledWith(3);
    badge.dispose();
    expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(0);
  });

  it("does nothing where the badge is unsupported (Windows), and survives a failed count", async () => {
    const windows = createBadgeUpdater(async () => 1, { platform: "win32" });
    windows.update();
    await vi.advanceTimersByTimeAsync(500);
    windows.dispose();
    expect(electron.app.setBadgeCount).not.toHaveBeenCalled();
    const failing = createBadgeUpdater(async () => Promise.reject(new Error("closed")), { platform: "darwin" });
    failing.update();
    await vi.advanceTimersByTimeAsync(500);
    expect(electron.app.setBadgeCount).not.toHaveBeenCalled();
  });
});
