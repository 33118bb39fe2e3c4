// The tray's model as plain data (no Electron): its tooltip, the pending count as the badge and
// the tray show it, and the menu entries with what each does. The adapter turns it into a Menu.
import { DND_LABELS, doNotDisturb, type DndChoice } from "../../shared/do-not-disturb.js";

export { dndUntil, type DndChoice } from "../../shared/do-not-disturb.js";

/** The badge's number: a whole, non-negative count. */
export function badgeCount(count: number): number {
  return Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
}

/** The count as a short label: "99+" past 99. */
export function countLabel(count: number): string {
  const n = badgeCount(count);
  return n > 99 ? "99+" : String(n);
}

export type TrayCommand = { type: "open" } | { type: "dnd"; choice: DndChoice } | { type: "quit" };

export interface TrayEntry {
  label: string;
  command?: TrayCommand;
  submenu?: TrayEntry[];
  enabled?: boolean;
  separator?: boolean;
}

export interface TrayModel {
  tooltip: string;
  /** Beside the icon where the platform shows text (the macOS menu bar). */
  title: string;
  menu: TrayEntry[];
}

export function trayModel(state: { pending: number | null; doNotDisturbUntil: number | null; now: number; formatTime?: (time: number) => string }): TrayModel {
  const { pending, now } = state;
  const format = state.formatTime ?? ((time: number) => new Date(time).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" }));
  const paused = doNotDisturb(state, now);
  const counted = pending === null ? "" : badgeCount(pending) === 1 ? "1 item waiting" : `${countLabel(pending)} items waiting`;
  const pausedNote = paused ? `notifications paused until ${format(state.doNotDisturbUntil!)}` : "";
  const choices: DndChoice[] = paused ? ["off", "hour", "four-hours", "tomorrow"] : ["hour", "four-hours", "tomorrow"];
  return {
    tooltip: ["Countersign", counted, pausedNote].filter(Boolean).join(" · "),
    title: pending ? countLabel(pending) : "",
    menu: [
      { label: counted ? `Open inbox (${counted})` : "Open inbox", command: { type: "open" } },
      { label: "", separator: true },
      {
        label: paused ? `Do not disturb: until ${format(state.doNotDisturbUntil!)}` : "Do not disturb",
        submenu: choices.map((choice) => ({ label: DND_LABELS[choice], command: { type: "dnd", choice } })),
      },
      { label: "", separator: true },
      { label: "Quit Countersign", command: { type: "quit" } },
    ],
  };
}
