// The tray's model, badge arithmetic and the window's remembered bounds: plain functions.
import { badgeCount, countLabel, dndUntil, trayModel } from "../../../main/electron/tray-menu.js";
import { boundsToSave, restoredBounds } from "../../../main/electron/window-bounds.js";

const NOW = new Date(2026, 11, 1, 22, 30).getTime();
const format = (time: number) => new Date(time).toISOString();

it("badge arithmetic: whole, non-negative, 99+", () => {
  expect([badgeCount(3.7), badgeCount(-2), badgeCount(Number.NaN), badgeCount(Infinity)]).toEqual([3, 0, 0, 0]);
  expect([countLabel(0), countLabel(99), countLabel(100)]).toEqual(["0", "99", "99+"]);
});

it("do not disturb ends after the chosen time; tomorrow is 8:00 local time", () => {
  expect(dndUntil("hour", NOW)).toBe(NOW + 3_600_000);
  expect(dndUntil("four-hours", NOW)).toBe(NOW + 4 * 3_600_000);
  expect(dndUntil("tomorrow", NOW)).toBe(new Date(2026, 11, 2, 8, 0).getTime());
  expect(dndUntil("off", NOW)).toBeNull();
});

it("the menu opens the inbox with the count, offers do-not-disturb (and its end while on), and quits", () => {
  const idle = trayModel({ pending: 3, doNotDisturbUntil: null, now: NOW, formatTime: format });
  expect(idle.tooltip).toBe("Countersign · 3 items waiting");
  expect(idle.title).toBe("3");
  expect(idle.menu[0]).toEqual({ label: "Open inbox (3 items waiting)", command: { type: "open" } });
  expect(idle.menu[2]!.submenu!.map((entry) => entry.command)).toEqual([
    { type: "dnd", choice: "hour" },
    { type: "dnd", choice: "four-hours" },
    { type: "dnd", choice: "tomorrow" },
  ]);
  expect(idle.menu.at(-1)).toEqual({ label: "Quit Countersign", command: { type: "quit" } });

  const paused = trayModel({ pending: 1, doNotDisturbUntil: NOW + 1000, now: NOW, formatTime: format });
  expect(paused.tooltip).toBe(`Countersign · 1 item waiting · notifications paused until ${format(NOW + 1000)}`);
  expect(paused.menu[2]!.submenu![0]).toEqual({ label: "Resume notifications", command: { type: "dnd", choice: "off" } });
  // A pause that has ended is shown as none.
  expect(trayModel({ pending: 0, doNotDisturbUntil: NOW - 1, now: NOW }).menu[2]!.label).toBe("Do not disturb");
  expect(trayModel({ pending: null, doNotDisturbUntil: null, now: NOW }).menu[0]!.label).toBe("Open inbox");
});

it("the window reopens where it was only if a display still shows it", () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  const saved = { x: 100, y: 50, width: 1200, height: 800, maximized: false };
  expect(restoredBounds(saved, [display])).toEqual(saved);
  expect(restoredBounds({ ...saved, x: 3000 }, [display])).toBeNull();
  expect(restoredBounds({ ...saved, y: -40 }, [display])).toBeNull();
  expect(restoredBounds({ ...saved, x: 3000 }, [display, { x: 1920, y: 0, width: 1920, height: 1080 }])).toEqual({ ...saved, x: 3000 });
  expect(restoredBounds(null, [display])).toBeNull();
  expect(boundsToSave({ x: 10.4, y: 20.6, width: 99, height: 900.2 }, true)).toEqual({ x: 10, y: 21, width: 200, height: 900, maximized: true });
});
