// The app's lifecycle: one instance, the host started on the per-user data folder, the window,
// IPC, notifications and badge wired to it, and the host closed before quitting.
import { join } from "node:path";
import { app, dialog, session, type BrowserWindow } from "electron";
import { resolveDataDir } from "../host/data-dir.js";
import { logSettings, openLog } from "../host/log.js";
import { HostWorker, type HostClient } from "../worker/host-client.js";
import { parseAppArgs, parseDeepLink } from "./args.js";
import { createBadgeUpdater } from "./badge.js";
import { bindIpc, forwardHostEvents, sendToWindow } from "./ipc.js";
import { denyPermissions, guardNavigation } from "./navigation.js";
import { createNotifier } from "./notifications.js";
import { handleAppProtocol, registerAppScheme } from "./protocol.js";
import { createMainWindow, focusWindow } from "./window.js";
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
}

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
  let pendingLink: string | undefined = args.deepLink;
  const cleanups: Array<() => void> = [];
  let log: ReturnType<typeof openLog> | undefined;
  const getWindow = () => (window && !window.isDestroyed() ? window : null);

  // Notification clicks and deep links end here: the window comes to the front, showing the item.
  const openItem = (itemId: string | null) => {
    focusWindow(getWindow());
    if (itemId !== null) sendToWindow(getWindow(), { type: "open-item", itemId });
  };
  const openLink = (url: string) => {
    const link = parseDeepLink(url);
    if (!host) pendingLink = url;
    else openItem(link?.itemId ?? null);
  };

  const openWindow = () => {
    const created = createMainWindow(paths.preloadPath, { devTools: !app.isPackaged });
    created.on("closed", () => {
      if (window === created) window = null;
    });
    return created;
  };

  app.on("web-contents-created", (_event, contents) => guardNavigation(contents));
  app.on("second-instance", (_event, commandLine) => {
    const link = parseAppArgs(commandLine).deepLink;
    if (link) openLink(link);
    else focusWindow(getWindow());
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
    if (host && !getWindow()) window = openWindow();
  });

  let closing = false;
  app.on("before-quit", (event) => {
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
    const settings = logSettings(process.env);
    log = openLog({ dataDir, level: settings.level, stderr: settings.stderr });
    if (settings.problem) log.warn(settings.problem);
    log.info("App starting", { dataDir, packaged: app.isPackaged });
    try {
      // Graphs run in the host's worker thread: this thread keeps the window, IPC and notifications responsive.
      host = (await HostWorker.start({ dataDir, configPath: args.configPath, logger: log, logLevel: settings.level, entry: paths.hostWorker })).client();
    } catch (error) {
      log.error("The host could not start", { error });
      log.close();
      dialog.showErrorBox("Countersign could not start", startupErrorMessage(error, dataDir));
      app.exit(1);
      return;
    }
    const started = host;
    cleanups.push(bindIpc(started, getWindow));
    cleanups.push(forwardHostEvents(started, getWindow));

    const notifier = createNotifier({ shouldNotify: () => !getWindow()?.isFocused(), onClick: openItem });
    const badge = createBadgeUpdater(async () => (await started.listItems({ limit: 1 })).counts.all, {
      onError: (error) => log?.warn("Could not count the pending items for the badge", { error }),
    });
    cleanups.push(() => notifier.dispose(), () => badge.dispose());
    cleanups.push(
      started.subscribe((event) => {
        if (event.type === "item-added") notifier.itemAdded(event.item);
        if (event.type !== "thread-status") badge.update();
      }),
    );
    badge.update();

    window = openWindow();
    if (pendingLink) {
      const link = pendingLink;
      pendingLink = undefined;
      window.webContents.once("did-finish-load", () => openLink(link));
    }
  });
}
