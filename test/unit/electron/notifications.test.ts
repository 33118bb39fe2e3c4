// OS notifications and the badge: coalesced, plain text, guarded.
const electron = vi.hoisted(() => {
  const shown: Array<{ options: { title: string; body: string }; handlers: Map<string, () => void>; show: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> }> = [];
  class Notification {
    static supported = true;
    static isSupported() {
      return Notification.supported;
    }
    readonly handlers = new Map<string, () => void>();
    readonly show = vi.fn();
    readonly close = vi.fn();
    constructor(readonly options: { title: string; body: string }) {
      shown.push(this);
    }
    on(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
  }
  return { Notification, shown, app: { setBadgeCount: vi.fn(() => true) } };
});
vi.mock("electron", () => ({ Notification: electron.Notification, app: electron.app }));

import type { InboxItem } from "../../../shared/inbox.js";
import { createBadgeUpdater } from "../../../main/electron/badge.js";
import { createNotifier, notificationFor, plainText } from "../../../main/electron/notifications.js";

const item = (id: string, title: string) => ({ id, title, graphId: "expense-approval" }) as InboxItem;

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
    const onClick = vi.fn();
    const notifier = createNotifier({ shouldNotify: () => true, onClick });
    notifier.itemAdded(item("a", "First"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.show).toHaveBeenCalled();
    electron.shown[0]!.handlers.get("click")!();
    expect(onClick).toHaveBeenCalledWith("a");

    notifier.itemAdded(item("b", "B"));
    notifier.itemAdded(item("c", "C"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(2);
    expect(electron.shown[1]!.options.title).toBe("2 new items waiting");
  });

  it("stays quiet while the window has focus or notifications are unsupported", () => {
    const focused = createNotifier({ shouldNotify: () => false, onClick: vi.fn() });
    focused.itemAdded(item("a", "A"));
    vi.advanceTimersByTime(1000);
    electron.Notification.supported = false;
    const unsupported = createNotifier({ shouldNotify: () => true, onClick: vi.fn() });
    unsupported.itemAdded(item("b", "B"));
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(0);
  });

  it("dispose cancels what is pending and closes what is shown", () => {
    const notifier = createNotifier({ shouldNotify: () => true, onClick: vi.fn() });
    notifier.itemAdded(item("a", "A"));
    vi.advanceTimersByTime(1000);
    notifier.itemAdded(item("b", "B"));
    notifier.dispose();
    vi.advanceTimersByTime(1000);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.close).toHaveBeenCalled();
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
