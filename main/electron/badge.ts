// The dock / launcher badge shows how many items wait. setBadgeCount works on macOS and on Linux
// launchers that implement the Unity API; elsewhere it is a no-op, so failures are ignored. The
// same count goes to `onCount` (the tray) on every platform.
import { app } from "electron";
import { badgeCount } from "./tray-menu.js";

export function badgeSupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform === "darwin" || platform === "linux";
}

/** Recounts (coalesced) whenever the inbox changes; returns a function that schedules a recount. */
export function createBadgeUpdater(
  countPending: () => Promise<number>,
  options: { delayMs?: number; platform?: NodeJS.Platform; onError?: (error: unknown) => void; onCount?: (count: number) => void } = {},
): { update(): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const supported = badgeSupported(options.platform);
  const run = async () => {
    timer = undefined;
    try {
      const count = badgeCount(await countPending());
      if (disposed) return;
      if (supported) app.setBadgeCount(count);
      options.onCount?.(count);
    } catch (error) {
      // A failed count leaves the previous badge; the next change recounts. Told, not swallowed.
      options.onError?.(error);
    }
  };
  return {
    update() {
      if ((!supported && !options.onCount) || disposed) return;
      timer ??= setTimeout(() => void run(), options.delayMs ?? 300);
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (supported) {
        try {
          app.setBadgeCount(0);
        } catch {
          // Quitting: a launcher without badges has nothing to clear, and nothing is left to tell.
        }
      }
    },
  };
}
