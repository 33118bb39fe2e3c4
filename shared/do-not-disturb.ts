// Do not disturb: the choices the tray and the settings screen offer, and when each ends. Plain
// functions with no dependency, so the renderer reads them without loading the settings schema.

export type DndChoice = "hour" | "four-hours" | "tomorrow" | "off";

export const DND_LABELS: Record<DndChoice, string> = { hour: "For 1 hour", "four-hours": "For 4 hours", tomorrow: "Until tomorrow, 8:00", off: "Resume notifications" };

/** When do-not-disturb ends for a choice made at `now` (local time for "tomorrow"); null turns it off. */
export function dndUntil(choice: DndChoice, now: number): number | null {
  switch (choice) {
    case "hour":
      return now + 60 * 60_000;
    case "four-hours":
      return now + 4 * 60 * 60_000;
    case "tomorrow": {
      const date = new Date(now);
      date.setDate(date.getDate() + 1);
      date.setHours(8, 0, 0, 0);
      return date.getTime();
    }
    case "off":
      return null;
  }
}

/** True while notifications are paused. */
export function doNotDisturb(settings: { doNotDisturbUntil: number | null }, now: number): boolean {
  return settings.doNotDisturbUntil !== null && now < settings.doNotDisturbUntil;
}
