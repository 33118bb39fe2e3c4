// The app's lifecycle: one instance, the host started on the per-user data folder, the window,
// IPC, notifications and badge wired to it, and the host closed before quitting.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { app, dialog, Notification, safeStorage, screen, session, type BrowserWindow } from "electron";
import { keychainSecretKey } from "./secret-key.js";
import { resolveDataDir } from "../host/data-dir.js";
import { logSettings, openLog } from "../host/log.js";
import { SettingsStore } from "../settings/settings-file.js";
import { withSettings } from "../settings/settings-link.js";
import { HostWorker, type HostClient } from "../worker/host-client.js";
import type { CallResult } from "../../shared/contract.js";
import type { InboxItem } from "../../shared/inbox.js";
import { doNotDisturb } from "../../shared/do-not-disturb.js";
import type { Settings } from "../../shared/settings.js";
import { parseAppArgs } from "./args.js";
import { createBadgeUpdater } from "./badge.js";
import { bindIpc, forwardHostEvents, sendToWindow } from "./ipc.js";
import { denyPermissions, guardNavigation } from "./navigation.js";
import { quickDecisions, reminderFor } from "./notification-content.js";
import { createNotifier } from "./notifications.js";
import { handleAppProtocol, registerAppScheme } from "./protocol.js";
import { createReminderLoop } from "../../shared/reminder-loop.js";
import { createRouter, type Router } from "./router.js";
import { createTray, type AppTray } from "./tray.js";
import { dndUntil, type TrayCommand } from "./tray-menu.js";
import { createMainWindow, focusWindow } from "./window.js";
import { boundsToSave, restoredBounds } from "./window-bounds.js";
import { messageOf } from "../../shared/values.js";

export const APP_NAME = "Countersign";
/** Must equal electron-builder's appId (Windows notifications need it). */
export const APP_ID = "dev.countersign.app";
const QUIT_GRACE_MS = 5_000;

export interface AppPaths {
  preloadPath: string;
  rendererDir: string;
  /** The host's worker module (host-worker.js, built next to the main bundle). */
  hostWorker: URL;
  /** The tray's icon (a PNG); no tray when it is missing. */
  trayIcon: string;
}

/** Start at login is the packaged app's (a development run would register the bare Electron binary), on the systems Electron supports it. */
export function loginItemSupported(platform: NodeJS.Platform, packaged: boolean): boolean {
  return packaged && (platform === "darwin" || platform === "win32");
}

const SAVE_BOUNDS_MS = 500;
/** How many of the oldest items the reminders look at each time. */
const REMINDER_PAGE = 500;

/** The startup failure as the user reads it, with the fix for the one failure a dev machine hits. */
export function startupErrorMessage(error: unknown, dataDir: string): string {
  const message = messageOf(error);
  const abi = /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)
    ? "\n\nbetter-sqlite3 is built for Node, not for this Electron. Rebuild it for Electron (npx @electron/rebuild -f -w better-sqlite3), or use browser mode (countersign serve)."
    : "";
  return `${message}${abi}\n\nData folder: ${dataDir}`;
}

export function runApp(paths: AppPaths, argv: readonly string[] = process.argv): void {
  // userData = appData/Countersign on every platform, the folder resolveDataDir() picks by default;
  // set explicitly since the name Electron derives from package.json is "countersign" (and
  // "Electron" when started as `electron out/main/index.js`).
  app.setName(APP_NAME);
  app.setPath("userData", join(app.getPath("appData"), APP_NAME));
  // Chromium's caches and storage go to a subfolder, away from the databases.
  app.setPath("sessionData", join(app.getPath("userData"), "Session"));
  if (process.platform === "win32") app.setAppUserModelId(APP_ID);
  registerAppScheme();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const args = parseAppArgs(argv);
  let window: BrowserWindow | null = null;
  let host: HostClient | null = null;
  let settings: SettingsStore | null = null;
  let router: Router | null = null;
  let tray: AppTray | null = null;
  let pendingLink: string | undefined = args.deepLink;
  let quitting = false;
  const cleanups: Array<() => void> = [];
  let log: ReturnType<typeof openLog> | undefined;
  const getWindow = () => (window && !window.isDestroyed() ? window : null);

  // Every way to an item (notification, tray, deep link) ends here, through the router: the window
  // comes to the front (opened again if it was closed), showing the item.
  const showItem = (itemId: string | null) => {
    let current = getWindow();
    if (!current) {
      if (!host) return;
      current = window = openWindow();
      if (itemId !== null) current.webContents.once("did-finish-load", () => sendToWindow(getWindow(), { type: "open-item", itemId }));
      return;
    }
    focusWindow(current);
    if (itemId !== null) sendToWindow(current, { type: "open-item", itemId });
  };
  const openLink = (url: string) => {
    if (!router) pendingLink = url;
    else router.openLink(url);
  };

  const saveBounds = (target: BrowserWindow) => {
    if (!settings || target.isDestroyed() || target.isMinimized() || target.isFullScreen()) return;
    try {
      settings.update({ window: boundsToSave(target.getNormalBounds(), target.isMaximized()) });
    } catch (error) {
      log?.warn("Could not save the window's size and position", { error });
    }
  };

  const openWindow = () => {
    const bounds = restoredBounds(settings?.current.window ?? null, screen.getAllDisplays().map((display) => display.workArea));
    const created = createMainWindow(paths.preloadPath, { devTools: !app.isPackaged, bounds });
    let saveTimer: NodeJS.Timeout | undefined;
    const saveSoon = () => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => saveBounds(created), SAVE_BOUNDS_MS);
    };
    for (const event of ["resize", "move", "maximize", "unmaximize"] as const) created.on(event as "resize", saveSoon);
    created.on("close", (event) => {
      clearTimeout(saveTimer);
      saveBounds(created);
      // Close to tray: the window hides, the app keeps notifying; Quit (tray, menu) ends it.
      if (!quitting && tray && settings?.current.closeToTray) {
        event.preventDefault();
        created.hide();
      }
    });
    created.on("closed", () => {
      if (window === created) window = null;
    });
    return created;
  };

  app.on("web-contents-created", (_event, contents) => guardNavigation(contents));
  app.on("second-instance", (_event, commandLine) => {
    const link = parseAppArgs(commandLine).deepLink;
    if (link) openLink(link);
    else showItem(null);
  });
  // macOS delivers deep links this way, possibly before ready.
  app.on("open-url", (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
  app.on("activate", () => {
    if (host) showItem(null);
  });

  let closing = false;
  app.on("before-quit", (event) => {
    quitting = true;
    if (!host) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
    const closed = host.close().catch((error: unknown) => log?.error("Error while closing the host", { error }));
    const grace = new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS).unref());
    void Promise.race([closed, grace]).then(() => {
      host = null;
      log?.close();
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    denyPermissions(session.defaultSession);
    handleAppProtocol(paths.rendererDir);
    const dataDir = resolveDataDir({ data: args.dataDir, appData: app.getPath("appData") });
    const logConfig = logSettings(process.env);
    log = openLog({ dataDir, level: logConfig.level, stderr: logConfig.stderr });
    if (logConfig.problem) log.warn(logConfig.problem);
    log.info("App starting", { dataDir, packaged: app.isPackaged });
    // The settings are this thread's (tray, notifications, window): read here, never in the host's worker.
    const store = (settings = SettingsStore.open(dataDir));
    if (store.view().problem) log.warn(store.view().problem!);
    try {
      // Graphs run in the host's worker thread: this thread keeps the window, IPC and notifications responsive.
      // Sources' secrets are sealed under a key the OS keychain protects (safeStorage), handed to the worker.
      const secretKey = keychainSecretKey(dataDir, safeStorage);
      host = (await HostWorker.start({ dataDir, configPath: args.configPath, logger: log, logLevel: logConfig.level, entry: paths.hostWorker, ...(secretKey ? { secretKey } : {}) })).client();
    } catch (error) {
      log.error("The host could not start", { error });
      log.close();
      dialog.showErrorBox("Countersign could not start", startupErrorMessage(error, dataDir));
      app.exit(1);
      return;
    }
    const started = host;
    const link = withSettings(started, store);
    cleanups.push(bindIpc(link, getWindow));
    cleanups.push(forwardHostEvents(link, getWindow));

    const notifying = (current: Settings) => current.notifications.enabled && !doNotDisturb(current, Date.now());
    // A decision from a notification is the window's own call, on the same link as its IPC.
    const routes = (router = createRouter({ show: showItem, call: (name, input) => link.call(name, input), notify: (content) => notifier.show(content, null, true) }));
    const notifier = createNotifier({
      shouldNotify: () => !getWindow()?.isFocused() && notifying(store.current),
      router: routes,
      actionsFor: (item) => (store.current.notifications.actions ? quickDecisions(item) : null),
    });
    // Windows hands a toast's button (and a toast clicked after a restart) to this callback.
    if (process.platform === "win32") Notification.handleActivation((details) => void routes.activateArguments(details.arguments));

    const runTray = (command: TrayCommand) => {
      if (command.type === "open") routes.openItem(null);
      else if (command.type === "quit") app.quit();
      else store.update({ doNotDisturbUntil: dndUntil(command.choice, Date.now()) });
    };
    if (existsSync(paths.trayIcon)) {
      try {
        tray = createTray(paths.trayIcon, runTray, { pending: null, doNotDisturbUntil: store.current.doNotDisturbUntil });
      } catch (error) {
        log.warn("No tray icon: the system has no tray", { error });
      }
    }

    const badge = createBadgeUpdater(async () => (await started.listItems({ limit: 1 })).counts.all, {
      onError: (error) => log?.warn("Could not count the pending items for the badge", { error }),
      onCount: (pending) => tray?.update({ pending }),
    });
    const reminders = createReminderLoop({
      reminders: () => store.current.reminders,
      listOldest: async () => {
        const response = (await link.call("listItems", { sort: "oldest", limit: REMINDER_PAGE })) as CallResult<"listItems">;
        if (!response.ok) throw new Error(response.error.message);
        return response.result.items;
      },
      remind: (items: InboxItem[]) => {
        const content = reminderFor(items);
        if (content) notifier.show(content, items.length === 1 ? items[0] : null);
      },
      onError: (error) => log?.warn("Could not look for overdue items", { error }),
    });
    const applyLoginItem = (current: Settings) => {
      if (!loginItemSupported(process.platform, app.isPackaged)) return;
      if (app.getLoginItemSettings().openAtLogin !== current.startAtLogin) app.setLoginItemSettings({ openAtLogin: current.startAtLogin });
    };
    applyLoginItem(store.current);
    let previous = store.current;
    cleanups.push(
      () => notifier.dispose(),
      () => badge.dispose(),
      () => reminders.dispose(),
      () => {
        tray?.destroy();
        tray = null;
      },
    );
    cleanups.push(
      started.subscribe((event) => {
        if (event.type === "item-added") notifier.itemAdded(event.item);
        if (event.type === "item-resolved") {
          reminders.forget(event.itemId);
          routes.shown.forgetItem(event.itemId);
        }
        if (event.type !== "thread-status") badge.update();
      }),
      store.subscribe(({ settings: current }) => {
        // Saving the window's bounds changes nothing here: act on what changed.
        if (current.doNotDisturbUntil !== previous.doNotDisturbUntil) tray?.update({ doNotDisturbUntil: current.doNotDisturbUntil });
        if (current.startAtLogin !== previous.startAtLogin) applyLoginItem(current);
        if (JSON.stringify(current.reminders) !== JSON.stringify(previous.reminders)) void reminders.check();
        previous = current;
      }),
    );
    badge.update();
    void reminders.check();

    window = openWindow();
    if (pendingLink) {
      const url = pendingLink;
      pendingLink = undefined;
      window.webContents.once("did-finish-load", () => routes.openLink(url));
    }
  });
}
