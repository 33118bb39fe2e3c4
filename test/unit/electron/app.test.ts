// The lifecycle with Electron and the host replaced: order of setup, single instance, quit.
const mocks = vi.hoisted(() => {
  /** Enough of an EventEmitter (node:events cannot be imported inside vi.hoisted). */
  class Emitter {
    private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    on(event: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: (...args: unknown[]) => void) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
      return true;
    }
    listenerCount(event: string) {
      return this.listeners.get(event)?.length ?? 0;
    }
    removeAllListeners() {
      this.listeners.clear();
      return this;
    }
  }
  const state = {
    lock: true,
    focused: true,
    ready: undefined as undefined | (() => void),
    paths: new Map<string, string>([["appData", "/home/me/.config"]]),
  };
  const app = Object.assign(new Emitter(), {
    setName: vi.fn(),
    getPath: vi.fn((name: string) => state.paths.get(name) ?? `/unset/${name}`),
    setPath: vi.fn((name: string, value: string) => state.paths.set(name, value)),
    setAppUserModelId: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    whenReady: vi.fn(() => new Promise<void>((resolve) => (state.ready = resolve))),
    quit: vi.fn(),
    exit: vi.fn(),
    setBadgeCount: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false })),
    setLoginItemSettings: vi.fn(),
    isPackaged: false,
  });
  const trays: Array<{ menu: unknown; tooltip: string; destroyed: boolean }> = [];
  class Tray extends Emitter {
    menu: unknown = null;
    tooltip = "";
    destroyed = false;
    constructor() {
      super();
      trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle() {}
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const windows: unknown[] = [];
  class BrowserWindow extends Emitter {
    readonly webContents = Object.assign(new Emitter(), { id: 1, send: vi.fn(), isDestroyed: () => false, getURL: () => "app://countersign/index.html" });
    readonly loadURL = vi.fn(async () => undefined);
    readonly focus = vi.fn();
    readonly show = vi.fn();
    readonly restore = vi.fn();
    readonly hide = vi.fn();
    readonly maximize = vi.fn();
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
    isMaximized = () => false;
    isFullScreen = () => false;
    constructor(readonly options: { webPreferences: { preload: string } }) {
      super();
      windows.push(this);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    isFocused = () => state.focused;
  }
  return {
    state,
    windows,
    trays,
    electron: {
      app,
      BrowserWindow,
      Tray,
      Menu: { buildFromTemplate: (template: unknown) => template },
      nativeImage: { createFromPath: () => ({ isEmpty: () => false, setTemplateImage: () => undefined }), createEmpty: () => ({}) },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
      dialog: { showErrorBox: vi.fn() },
      Notification: class {
        static supported = false;
        static shown: Array<{ title: string; body: string }> = [];
        static isSupported(): boolean {
          return this.supported;
        }
        constructor(readonly options: { title: string; body: string }) {}
        on() {
          return this;
        }
        show() {
          (this.constructor as unknown as { shown: unknown[] }).shown.push(this.options);
        }
        close() {}
      },
      shell: { openExternal: vi.fn() },
      // No usable keychain (as on a Linux machine without a keyring): the host keeps its key file.
      safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    },
    createHost: vi.fn(),
    /** What the app logged, as [level, message, fields]. */
    logged: [] as Array<[string, string, Record<string, unknown> | undefined]>,
  };
});
vi.mock("electron", () => mocks.electron);
vi.mock("../../../main/worker/host-client.js", () => ({
  HostWorker: {
    start: async (options: unknown) => {
      const host: unknown = await mocks.createHost(options);
      return { client: () => host };
    },
  },
}));
vi.mock("../../../main/host/log.js", () => ({
  logSettings: () => ({ level: "debug", stderr: false }),
  openLog: () => {
    const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void mocks.logged.push([level, message, fields]);
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), close: vi.fn() };
  },
}));

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { callNames, ipcChannel, IPC_EVENT_CHANNEL } from "../../../shared/contract.js";
import { loginItemSupported, runApp, startupErrorMessage } from "../../../main/electron/app.js";
import { createBadgeUpdater } from "../../../main/electron/badge.js";
import { tempDir } from "../../support/tmp.js";

const { app } = mocks.electron;
const paths = { preloadPath: "/app/out/preload/preload.cjs", rendererDir: "/app/out/renderer", hostWorker: new URL("file:///app/out/main/host-worker.js"), trayIcon: "/app/no-icon.png" };
const TRAY_ICON = fileURLToPath(new URL("../../../build/tray.png", import.meta.url));

function fakeHost() {
  return {
    subscribe: vi.fn(() => () => undefined),
    call: vi.fn(async (_name: unknown, _input?: unknown): Promise<unknown> => ({ ok: true, result: {} })),
    listItems: vi.fn(async () => ({ counts: { all: 2 } })),
    close: vi.fn(async () => undefined),
  };
}

async function ready() {
  mocks.state.ready!();
  await vi.waitFor(() => expect(mocks.windows.length + mocks.electron.dialog.showErrorBox.mock.calls.length).toBeGreaterThan(0));
}

beforeEach(() => {
  vi.clearAllMocks();
  app.removeAllListeners();
  mocks.windows.length = 0;
  mocks.logged.length = 0;
  mocks.state.lock = true;
  mocks.state.focused = true;
  mocks.state.paths = new Map([["appData", "/home/me/.config"]]);
  vi.stubEnv("COUNTERSIGN_DATA", "");
});
afterEach(() => vi.unstubAllEnvs());

it("names the app and registers the app:// scheme before ready", () => {
  mocks.createHost.mockResolvedValue(fakeHost());
  runApp(paths, ["electron", "main.js"]);
  expect(app.setName).toHaveBeenCalledWith("Countersign");
  expect(app.setPath).toHaveBeenCalledWith("userData", "/home/me/.config/Countersign");
  expect(mocks.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
  expect(app.whenReady).toHaveBeenCalled();
  expect(mocks.createHost).not.toHaveBeenCalled();
});

it("a second instance quits at once and touches nothing", () => {
  mocks.state.lock = false;
  runApp(paths, ["electron", "main.js"]);
  expect(app.quit).toHaveBeenCalled();
  expect(app.whenReady).not.toHaveBeenCalled();
  expect(app.listenerCount("second-instance")).toBe(0);
});

it("on ready: denies permissions, serves app://, starts the host on userData, binds every call, opens the window", async () => {
  const host = fakeHost();
  mocks.createHost.mockResolvedValue(host);
  runApp(paths, ["electron", "main.js"]);
  await ready();
  expect(mocks.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  expect(mocks.electron.protocol.handle).toHaveBeenCalledWith("app", expect.any(Function));
  expect(mocks.createHost).toHaveBeenCalledWith({ dataDir: "/home/me/.config/Countersign", configPath: undefined, logger: expect.anything(), logLevel: "debug", entry: paths.hostWorker });
  expect(mocks.electron.ipcMain.handle).toHaveBeenCalledTimes(callNames.length);
  expect(mocks.windows).toHaveLength(1);
  expect((mocks.windows[0] as { options: { webPreferences: { preload: string } } }).options.webPreferences.preload).toBe(paths.preloadPath);
  expect(host.subscribe).toHaveBeenCalled();
});

it("passes --data and --config through to the host", async () => {
  mocks.createHost.mockResolvedValue(fakeHost());
  runApp(paths, ["electron", "main.js", "--data=/tmp/d", "--config=/tmp/langgraph.json"]);
  await ready();
  expect(mocks.createHost).toHaveBeenCalledWith({ dataDir: "/tmp/d", configPath: "/tmp/langgraph.json", logger: expect.anything(), logLevel: "debug", entry: paths.hostWorker });
});

it("a second launch focuses the existing window", async () => {
  mocks.createHost.mockResolvedValue(fakeHost());
  runApp(paths, ["electron", "main.js"]);
  await ready();
  app.emit("second-instance", {}, ["electron", "main.js"], "/");
  expect((mocks.windows[0] as { focus: ReturnType<typeof vi.fn> }).focus).toHaveBeenCalled();
});

it("a countersign://item link (a second launch, or a notification's click) brings the window forward showing that item", async () => {
  mocks.createHost.mockResolvedValue(fakeHost());
  runApp(paths, ["electron", "main.js"]);
  await ready();
  const window = mocks.windows[0] as { focus: ReturnType<typeof vi.fn>; webContents: { send: ReturnType<typeof vi.fn> } };
  app.emit("second-instance", {}, ["electron", "main.js", "countersign://item/a925107b6d0fef50"], "/");
  expect(window.focus).toHaveBeenCalled();
  expect(window.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { type: "open-item", itemId: "a925107b6d0fef50" });
  // A link that names no item only brings the window forward.
  window.webContents.send.mockClear();
  app.emit("second-instance", {}, ["electron", "main.js", "countersign://elsewhere/x"], "/");
  expect(window.webContents.send).not.toHaveBeenCalled();
});

it("quits when the window closes (not on macOS) and closes the host before quitting", async () => {
  const host = fakeHost();
  mocks.createHost.mockResolvedValue(host);
  runApp(paths, ["electron", "main.js"]);
  await ready();
  app.emit("window-all-closed");
  if (process.platform !== "darwin") expect(app.quit).toHaveBeenCalledTimes(1);

  const first = { preventDefault: vi.fn() };
  app.emit("before-quit", first);
  expect(first.preventDefault).toHaveBeenCalled();
  expect(host.close).toHaveBeenCalledTimes(1);
  app.emit("before-quit", { preventDefault: vi.fn() });
  expect(host.close).toHaveBeenCalledTimes(1);
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(process.platform !== "darwin" ? 2 : 1));
  expect(mocks.electron.ipcMain.removeHandler).toHaveBeenCalledTimes(callNames.length);

  const last = { preventDefault: vi.fn() };
  app.emit("before-quit", last);
  expect(last.preventDefault).not.toHaveBeenCalled();
});

it("shows the error and exits when the host cannot start", async () => {
  mocks.createHost.mockRejectedValue(new Error("database is locked"));
  runApp(paths, ["electron", "main.js"]);
  await ready();
  expect(mocks.electron.dialog.showErrorBox).toHaveBeenCalledWith("Countersign could not start", expect.stringContaining("database is locked"));
  expect(app.exit).toHaveBeenCalledWith(1);
  expect(mocks.windows).toHaveLength(0);
  expect(mocks.logged).toContainEqual(["error", "The host could not start", { error: new Error("database is locked") }]);
});

it("a host that fails to close is logged, and the app still quits", async () => {
  const host = fakeHost();
  host.close.mockRejectedValue(new Error("disk I/O error"));
  mocks.createHost.mockResolvedValue(host);
  runApp(paths, ["electron", "main.js"]);
  await ready();
  app.emit("before-quit", { preventDefault: vi.fn() });
  await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  expect(mocks.logged).toContainEqual(["error", "Error while closing the host", { error: new Error("disk I/O error") }]);
});

it("a badge count that fails is reported, and the next change counts again", async () => {
  const errors: unknown[] = [];
  const count = vi.fn<() => Promise<number>>().mockRejectedValueOnce(new Error("database is locked")).mockResolvedValueOnce(3);
  const badge = createBadgeUpdater(count, { delayMs: 0, platform: "linux", onError: (error) => errors.push(error) });
  badge.update();
  await vi.waitFor(() => expect(errors).toEqual([new Error("database is locked")]));
  badge.update();
  await vi.waitFor(() => expect(app.setBadgeCount).toHaveBeenCalledWith(3));
  badge.dispose();
});

it("COUNTERSIGN_DATA names the data folder when --data is absent", async () => {
  vi.stubEnv("COUNTERSIGN_DATA", "/from/env");
  mocks.createHost.mockResolvedValue(fakeHost());
  runApp(paths, ["electron", "main.js"]);
  await ready();
  expect(mocks.createHost).toHaveBeenCalledWith({ dataDir: "/from/env", configPath: undefined, logger: expect.anything(), logLevel: "debug", entry: paths.hostWorker });
});

it("startupErrorMessage explains a better-sqlite3 built for Node instead of Electron", () => {
  const abi = new Error("The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 139.");
  expect(startupErrorMessage(abi, "/d")).toContain("@electron/rebuild");
  expect(startupErrorMessage(new Error("database is locked"), "/d")).toBe("database is locked\n\nData folder: /d");
});

describe("tray and settings", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
    mocks.trays.length = 0;
  });
  afterEach(() => dir.remove());

  type MenuEntry = { label?: string; click?: () => void; submenu?: MenuEntry[] };
  const entry = (menu: MenuEntry[], label: string): MenuEntry => {
    for (const item of menu) {
      if (item.label === label) return item;
      const inner = item.submenu && entry(item.submenu, label);
      if (inner?.label === label) return inner;
    }
    return {};
  };

  it("shows a tray with the pending count; closing the window hides it to the tray; Quit quits", async () => {
    mocks.createHost.mockResolvedValue(fakeHost());
    runApp({ ...paths, trayIcon: TRAY_ICON }, ["electron", "main.js", `--data=${dir.path}`]);
    await ready();
    const tray = mocks.trays[0]!;
    await vi.waitFor(() => expect(tray.tooltip).toBe("Countersign · 2 items waiting"));
    const window = mocks.windows[0] as InstanceType<typeof mocks.electron.BrowserWindow>;
    const close = { preventDefault: vi.fn() };
    window.emit("close", close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
    // The window's bounds were saved on the way.
    expect(JSON.parse(readFileSync(dir.file("settings.json"), "utf8")).window).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    entry(tray.menu as MenuEntry[], "Quit Countersign").click!();
    expect(app.quit).toHaveBeenCalled();
  });

  it("the tray's do-not-disturb is saved in the settings file and the window is told", async () => {
    mocks.createHost.mockResolvedValue(fakeHost());
    runApp({ ...paths, trayIcon: TRAY_ICON }, ["electron", "main.js", `--data=${dir.path}`]);
    await ready();
    const before = Date.now();
    entry(mocks.trays[0]!.menu as MenuEntry[], "For 1 hour").click!();
    const saved = JSON.parse(readFileSync(dir.file("settings.json"), "utf8")).doNotDisturbUntil as number;
    expect(saved).toBeGreaterThanOrEqual(before + 3_600_000);
    const window = mocks.windows[0] as { webContents: { send: ReturnType<typeof vi.fn> } };
    expect(window.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.objectContaining({ type: "settings-changed" }));
    expect(mocks.trays[0]!.tooltip).toMatch(/notifications paused until/);
  });

  it("with closeToTray off, closing the window closes it", async () => {
    mocks.createHost.mockResolvedValue(fakeHost());
    const { writeFileSync } = await import("node:fs");
    writeFileSync(dir.file("settings.json"), JSON.stringify({ version: 1, closeToTray: false }));
    runApp({ ...paths, trayIcon: TRAY_ICON }, ["electron", "main.js", `--data=${dir.path}`]);
    await ready();
    const close = { preventDefault: vi.fn() };
    (mocks.windows[0] as InstanceType<typeof mocks.electron.BrowserWindow>).emit("close", close);
    expect(close.preventDefault).not.toHaveBeenCalled();
  });

  it("the settings calls over IPC are answered by the main thread, never the host's worker", async () => {
    const host = fakeHost();
    mocks.createHost.mockResolvedValue(host);
    runApp(paths, ["electron", "main.js", `--data=${dir.path}`]);
    await ready();
    const handler = mocks.electron.ipcMain.handle.mock.calls.find(([channel]) => channel === ipcChannel("getSettings"))![1] as (event: unknown, input: unknown) => Promise<unknown>;
    const window = mocks.windows[0] as { webContents: { id: number } };
    const frame = { url: "app://countersign/index.html", parent: null, processId: 1, routingId: 1 };
    Object.assign(window.webContents, { mainFrame: frame });
    const result = await handler({ sender: { id: window.webContents.id }, senderFrame: frame }, {});
    expect(result).toMatchObject({ ok: true, result: { settings: { version: 1 }, problem: null } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it("an item past its reminder time raises one reminder while the window is in the background; new reminder times look again, saving the window's bounds does not", async () => {
    const { Notification } = mocks.electron as unknown as { Notification: { supported: boolean; shown: Array<{ title: string }> } };
    Notification.supported = true;
    Notification.shown.length = 0;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(dir.file("settings.json"), JSON.stringify({ version: 1, reminders: { default: 30 } }));
    const host = fakeHost();
    const old = { id: "i1", title: "Pay the invoice", graphId: "expense-approval", createdAt: new Date(Date.now() - 60 * 60_000).toISOString(), kind: "generic", actions: [] };
    host.call.mockImplementation(async (name) => (name === "listItems" ? { ok: true, result: { items: [old] } } : { ok: true, result: {} }));
    mocks.createHost.mockResolvedValue(host);
    mocks.state.focused = false;
    runApp({ ...paths, trayIcon: TRAY_ICON }, ["electron", "main.js", `--data=${dir.path}`]);
    await ready();
    const window = mocks.windows[0] as InstanceType<typeof mocks.electron.BrowserWindow>;
    const looks = () => host.call.mock.calls.filter(([name]) => name === "listItems").length;
    await vi.waitFor(() => expect(Notification.shown.map((shown) => shown.title)).toEqual(["Still waiting: Pay the invoice"]));
    // A change of the reminder times looks again, and reminds of nothing twice.
    const { ipcMain } = mocks.electron;
    const update = ipcMain.handle.mock.calls.find(([channel]) => channel === ipcChannel("updateSettings"))![1] as (event: unknown, input: unknown) => Promise<unknown>;
    const frame = { url: "app://countersign/index.html", parent: null, processId: 1, routingId: 1 };
    Object.assign(window.webContents, { mainFrame: frame });
    const sender = { sender: { id: window.webContents.id }, senderFrame: frame };
    const count = looks();
    await update(sender, { settings: { reminders: { default: 25, graphs: {}, sources: {} } } });
    await vi.waitFor(() => expect(looks()).toBe(count + 1));
    window.emit("close", { preventDefault: vi.fn() });
    expect(looks()).toBe(count + 1);
    expect(Notification.shown).toHaveLength(1);
    Notification.supported = false;
  });

  it("start at login is the packaged app's, on macOS and Windows", () => {
    expect(loginItemSupported("darwin", true)).toBe(true);
    expect(loginItemSupported("win32", false)).toBe(false);
    expect(loginItemSupported("linux", true)).toBe(false);
  });
});
