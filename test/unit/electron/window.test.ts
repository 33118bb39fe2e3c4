// The window's options: every security-relevant webPreferences key, explicit.
const electron = vi.hoisted(() => {
  const windows: Array<{ options: unknown; loadURL: ReturnType<typeof vi.fn>; handlers: Map<string, () => void> }> = [];
  class BrowserWindow {
    readonly handlers = new Map<string, () => void>();
    readonly loadURL = vi.fn(async () => undefined);
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    minimized = false;
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    once(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return this.minimized;
    }
  }
  return { BrowserWindow, windows };
});
vi.mock("electron", () => ({ BrowserWindow: electron.BrowserWindow }));

import { APP_ENTRY_URL } from "../../../main/electron/origin.js";
import { createMainWindow, focusWindow, windowOptions } from "../../../main/electron/window.js";

type BrowserWindow = NonNullable<Parameters<typeof focusWindow>[0]>;

describe("windowOptions", () => {
  const prefs = windowOptions("/app/out/preload/preload.cjs").webPreferences!;

  it("sets every security key explicitly to its safe value", () => {
    expect(prefs).toMatchObject({
      preload: "/app/out/preload/preload.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      plugins: false,
      enableWebSQL: false,
      devTools: false,
    });
    for (const key of ["contextIsolation", "sandbox", "nodeIntegration", "nodeIntegrationInWorker", "nodeIntegrationInSubFrames", "webSecurity", "allowRunningInsecureContent", "experimentalFeatures", "webviewTag", "spellcheck", "navigateOnDragDrop", "safeDialogs"] as const) {
      expect(Object.hasOwn(prefs, key), key).toBe(true);
    }
  });

  it("enables no Blink feature and uses no alternative session or extra arguments", () => {
    expect(Object.hasOwn(prefs, "enableBlinkFeatures")).toBe(false);
    expect(prefs.additionalArguments).toBeUndefined();
    expect(prefs.session).toBeUndefined();
    expect(prefs.partition).toBeUndefined();
  });

  it("allows dev tools only when asked", () => {
    expect(windowOptions("/p", { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it("starts hidden (shown once ready, no white flash)", () => {
    expect(windowOptions("/p").show).toBe(false);
  });
});

describe("createMainWindow", () => {
  it("loads the app over app://countersign and shows the window when ready", () => {
    createMainWindow("/p");
    const created = electron.windows.at(-1)!;
    expect(created.options).toEqual(windowOptions("/p"));
    expect(created.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe("app://countersign/index.html");
    created.handlers.get("ready-to-show")!();
    expect((created as unknown as { show: ReturnType<typeof vi.fn> }).show).toHaveBeenCalled();
  });
});

describe("focusWindow", () => {
  it("restores a minimized window and focuses it; ignores a missing one", () => {
    const window = new electron.BrowserWindow({});
    window.minimized = true;
    focusWindow(window as unknown as BrowserWindow);
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(() => focusWindow(null)).not.toThrow();
  });
});
