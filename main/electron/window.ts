// The one window. Every webPreferences key that matters for security is spelled out, even where
// it equals Electron's default, so a reader (and a scanner) sees the whole policy here.
import { BrowserWindow, type BrowserWindowConstructorOptions } from "electron";
import type { WindowBounds } from "../../shared/settings.js";
import { APP_ENTRY_URL } from "./origin.js";
import { DEFAULT_SIZE } from "./window-bounds.js";

export interface WindowOptions {
  devTools?: boolean;
  /** The last size and position, already checked to fit on a display. */
  bounds?: WindowBounds | null;
}

export function windowOptions(preloadPath: string, options: WindowOptions = {}): BrowserWindowConstructorOptions {
  const bounds = options.bounds;
  return {
    title: "Countersign",
    ...(bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : DEFAULT_SIZE),
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: "#ffffff",
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // enableBlinkFeatures is deliberately absent: any value, even "", is passed to Chromium as
      // --enable-blink-features, and scanners flag the key itself. Absent means none enabled.
      webviewTag: false,
      plugins: false,
      enableWebSQL: false,
      webgl: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableDialogs: false,
      javascript: true,
      images: true,
      devTools: options.devTools ?? false,
    },
  };
}

export function createMainWindow(preloadPath: string, options: WindowOptions = {}): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath, options));
  window.once("ready-to-show", () => {
    if (options.bounds?.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Brings the window to the front (second instance, notification click, deep link). */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
