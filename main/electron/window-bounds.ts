// Where the window opens: its last size and position when they still fit on a display, else the
// default size, centred by the system. Plain functions, no Electron.
import type { WindowBounds } from "../../shared/settings.js";

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
/** How much of the title bar must lie on a display for the saved position to be used. */
const GRIP = 64;

/** The saved bounds when a display shows enough of the window to grab it; else null. */
export function restoredBounds(saved: WindowBounds | null, displays: readonly Area[]): WindowBounds | null {
  if (!saved) return null;
  const grabbable = displays.some(
    (area) =>
      saved.x + saved.width - GRIP >= area.x &&
      saved.x + GRIP <= area.x + area.width &&
      saved.y >= area.y &&
      saved.y + GRIP <= area.y + area.height,
  );
  return grabbable ? saved : null;
}

/** The bounds to save, in whole pixels. */
export function boundsToSave(bounds: Area, maximized: boolean): WindowBounds {
  return { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.max(200, Math.round(bounds.width)), height: Math.max(200, Math.round(bounds.height)), maximized };
}
