// `countersign serve`: the host plus the browser-mode server, one line on stdout with the URL to
// open, an optional browser, and a clean shutdown on SIGINT/SIGTERM.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { hasDisplay } from "../host/display.js";
import { resolveDataDir } from "../host/data-dir.js";
import { logSettings, openLog, type Logger, type LogLevel } from "../host/log.js";
import { HostWorker, type HostClient } from "../worker/host-client.js";
import { SettingsStore } from "../settings/settings-file.js";
import { withSettings } from "../settings/settings-link.js";
import { DEFAULT_HOSTNAME, ServerStartError, checkHostname, startServer } from "./server.js";
import { keptToken } from "./token-file.js";
import { messageOf } from "../../shared/values.js";

/** The renderer as built by `npm run build`, resolved from the repository root. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL("../../out/renderer", import.meta.url));

export interface ServeOptions {
  dataDir?: string;
  configPath?: string;
  /** Default 47800 (a random port when taken); 0 = random. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** The user gave --host: only then may the hostname be a non-loopback address. */
  explicitHost: boolean;
  /** Open the URL in the default browser (when a display is present). */
  open?: boolean;
  rendererDir?: string;
  /** Close and exit on SIGINT/SIGTERM. Default true; embedders and tests turn it off. */
  handleSignals?: boolean;
  /** Where the one URL line goes; default stdout. */
  print?: (line: string) => void;
  /** Where notes go (non-loopback warning, no display, the inbox stopping updating); default stderr. */
  warn?: (line: string) => void;
  /** The log of the host and the server; default the host's own log in the data folder. */
  logger?: Logger;
  /** The lowest level the host's worker sends to `logger`; default from COUNTERSIGN_LOG. */
  logLevel?: LogLevel;
  /** The host worker's module; default the one beside the worker client (see HostWorkerOptions.entry). */
  workerEntry?: URL;
}

export interface RunningServe {
  url: string;
  port: number;
  token: string;
  /** The host, in its worker thread. */
  host: HostClient;
  /** Stops the server, then the host (waiting for graph runs in flight). Idempotent. */
  close(): Promise<void>;
  /** Settles once everything is closed, whether by close() or a signal. */
  closed: Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServe> {
  const print = options.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  if (!existsSync(join(rendererDir, "index.html"))) {
    throw new ServerStartError(`The renderer is not built (no index.html in ${rendererDir}). Run \`npm run build\` first.`);
  }
  const hostname = options.hostname ?? DEFAULT_HOSTNAME;
  // Checked before the host opens the data folder: a refused address costs nothing.
  const bind = checkHostname(hostname, options.explicitHost);

  // One log for the host and the server, closed with them when it is opened here.
  const settings = logSettings(process.env);
  const ownLog = options.logger ? undefined : openLog({ dataDir: resolveDataDir({ data: options.dataDir }), ...settings });
  const logger = options.logger ?? ownLog!;
  let host: HostClient;
  try {
    // Graphs run in the host's worker thread: this thread keeps answering the page while they work.
    host = (await HostWorker.start({ dataDir: options.dataDir, configPath: options.configPath, logger, logLevel: options.logLevel ?? settings.level, ...(options.workerEntry ? { entry: options.workerEntry } : {}) })).client();
  } catch (error) {
    ownLog?.close();
    throw error;
  }
  // Whoever started it hears when the inbox stops updating (one line per change, not per poll).
  host.subscribe((event) => {
    if (event.type !== "health") return;
    const { problem } = event.health;
    warn(problem ? `Countersign: the inbox stopped updating (${problem.what}): ${problem.message}` : "Countersign: the inbox is updating again.");
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    // The same token on every start on this data folder: an open page reconnects after a restart.
    const token = keptToken(host.dataDir);
    // The same settings file as the app's (reminder times, notifications), kept by this thread.
    const settings = SettingsStore.open(host.dataDir);
    if (settings.view().problem) warn(`Countersign: ${settings.view().problem}`);
    server = await startServer({ host: withSettings(host, settings), rendererDir, port: options.port, hostname, allowNonLoopback: options.explicitHost, logger, token });
  } catch (error) {
    await host.close();
    ownLog?.close();
    throw error;
  }

  let markClosed!: () => void;
  const closed = new Promise<void>((done) => (markClosed = done));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      removeSignalHandlers();
      try {
        await server.close();
      } finally {
        try {
          await host.close();
        } finally {
          ownLog?.close();
          markClosed();
        }
      }
    })());

  const onSignal = () => {
    // A second Ctrl-C does not wait for graph runs in flight.
    if (closing) process.exit(130);
    void close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("Error while shutting down", { error });
        warn(`Countersign: error while shutting down: ${messageOf(error)}`);
        process.exit(1);
      },
    );
  };
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  function removeSignalHandlers(): void {
    if (!handleSignals) return;
    // Kept for a second signal during shutdown; dropped once closed.
    void closed.then(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    });
  }

  if (!bind.loopback) {
    warn(`Countersign: listening on ${hostname}, reachable from other machines. Anyone with the URL (it holds the access token) can decide items.`);
  }
  print(`Countersign is running at ${server.url}`);
  if (options.open) {
    const command = browserCommand(server.url);
    if (command) openDetached(command, logger);
    else warn("Countersign: no display found; open the URL above in a browser.");
  }
  return { url: server.url, port: server.port, token: server.token, host, close, closed };
}

/** How to open a URL in the default browser here, or null when there is no display to open it on. */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } | null {
  if (!hasDisplay(platform, env)) return null;
  if (platform === "darwin") return { command: "open", args: [url] };
  // `start` treats its first quoted argument as a window title, hence the empty one.
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", "", url] };
  return { command: "xdg-open", args: [url] };
}

function openDetached({ command, args }: { command: string; args: string[] }, logger: Logger): void {
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    // No opener installed (ENOENT): the URL is printed anyway, so the failure needs no report.
    child.on("error", (error) => logger.debug("Could not open a browser", { error }));
    child.unref();
  } catch (error) {
    // No browser opener: the URL is printed anyway.
    logger.debug("Could not open a browser", { error });
  }
}
