// The main thread's side of the host's worker thread: one more transport of the contract. Calls are
// handed to the worker unvalidated (it validates them, once, like every transport's); its events and
// log lines come back. A worker that dies (an uncaught error in a graph, process.exit, out of memory)
// takes no call down with it silently: its calls in flight are answered with the reason, the health
// says the host is restarting, and a new worker starts, whose recovery finishes what was cut short.
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger, LogLevel } from "../host/log.js";
import { callsOver, type HostCalls, type HostLink } from "../transport/host-link.js";
import { HostError } from "../../shared/errors.js";
import type { CallName, CallResult } from "../../shared/contract.js";
import type { HostEvent, HostHealth, HostProblem } from "../../shared/inbox.js";
import { messageOf } from "../../shared/values.js";
import type { FromWorker, ToWorker, WorkerStart } from "./protocol.js";

export interface HostWorkerOptions {
  dataDir?: string;
  configPath?: string;
  pollMs?: number;
  /** The key sealing sources' secrets (the desktop app's, from the OS keychain); default the data folder's key file. */
  secretKey?: Uint8Array;
  /** Receives the worker's log lines and the lifecycle's own. */
  logger: Logger;
  /** The lowest level the worker sends; default info. */
  logLevel?: LogLevel;
  /** The worker's module; default host-worker next to this module (.ts from sources, .js once built). */
  entry?: URL;
  /** Waits before each restart in a row; the last repeats. */
  restartDelaysMs?: readonly number[];
  /** How long close() waits for runs in flight before stopping the worker. */
  closeGraceMs?: number;
}

/** The host's calls, its link for transports and its data folder: what the shells hold of a host in a worker. */
export type HostClient = HostCalls & HostLink & { readonly dataDir: string; close(): Promise<void> };

const RESTART_DELAYS_MS = [0, 1_000, 2_000, 5_000, 10_000, 30_000];
/** A worker that ran this long before it died starts the delays over. */
const STABLE_MS = 60_000;
/** A call made while the worker restarts waits this long for it. */
const CALL_WAIT_MS = 30_000;
const CLOSE_GRACE_MS = 15_000;

const unavailable = (message: string): CallResult<CallName> => ({ ok: false, error: { code: "host-unavailable", message } });

export class HostWorker implements HostLink {
  private worker: Worker | null = null;
  /** The worker being started, until it is ready. */
  private starting: Worker | null = null;
  private readonly pending = new Map<number, (response: CallResult<CallName>) => void>();
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly waiters = new Set<(worker: Worker | null) => void>();
  private nextId = 1;
  private problem: HostProblem | null = null;
  private restarts = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly logger: Logger;
  private readonly entry: URL;

  private constructor(
    private readonly options: HostWorkerOptions,
    public dataDir: string,
  ) {
    this.logger = options.logger;
    this.entry = options.entry ?? defaultEntry();
  }

  /** Starts the worker and waits for its host: rejects with the host's own error when it cannot start. */
  static async start(options: HostWorkerOptions): Promise<HostWorker> {
    const client = new HostWorker(options, options.dataDir ?? "");
    await client.spawn();
    return client;
  }

  /** The contract's calls as methods (errors thrown as HostError), with this link and data folder. */
  client(): HostClient {
    return { ...callsOver(this), call: (name, input) => this.call(name, input), subscribe: (listener) => this.subscribe(listener), dataDir: this.dataDir, close: () => this.close() };
  }

  async call(name: unknown, input: unknown): Promise<CallResult<CallName>> {
    if (this.closing) return unavailable("The host is closed.");
    // While the host is down, its health is this link's to tell: it does not wait for the restart.
    if (!this.worker && (name === "health" || name === "retrySync")) return { ok: true, result: this.health() };
    const worker = this.worker ?? (await this.nextWorker());
    if (!worker) return unavailable(this.closing ? "The host is closed." : `The host is not running: ${this.problem?.message ?? "it did not start in time"}`);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        worker.postMessage({ type: "call", id, call: name, input } satisfies ToWorker);
      } catch (error) {
        // A value that cannot cross threads (a function, a symbol) can come only from an in-process caller.
        this.pending.delete(id);
        resolve({ ok: false, error: { code: "invalid-request", message: `The request cannot be sent to the host: ${messageOf(error)}` } });
      }
    });
  }

  subscribe(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the host to close (runs in flight finish, databases close), stopping the worker after a grace period. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      clearTimeout(this.restartTimer);
      for (const wake of this.waiters) wake(null);
      this.waiters.clear();
      const worker = this.worker ?? this.starting;
      if (!worker) return;
      const exited = new Promise<void>((done) => worker.once("exit", () => done()));
      if (worker === this.worker) worker.postMessage({ type: "close" } satisfies ToWorker);
      else void worker.terminate();
      const grace = setTimeout(() => {
        this.logger.warn("The host did not close in time; its worker is stopped", { graceMs: this.options.closeGraceMs ?? CLOSE_GRACE_MS });
        void worker.terminate();
      }, this.options.closeGraceMs ?? CLOSE_GRACE_MS);
      await exited;
      clearTimeout(grace);
    })());
  }

  private health(): HostHealth {
    return { problem: this.problem };
  }

  private emit(event: HostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error("A host event listener failed", { type: event.type, error });
      }
    }
  }

  /** The worker once one is ready, or null when the host closes or none is ready in time. */
  private nextWorker(): Promise<Worker | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => wake(null), CALL_WAIT_MS);
      const wake = (worker: Worker | null) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(worker);
      };
      this.waiters.add(wake);
    });
  }

  /** Starts a worker; settles when its host is ready, or rejects with why it could not start. */
  private spawn(): Promise<void> {
    const data: WorkerStart = { dataDir: this.options.dataDir, configPath: this.options.configPath, pollMs: this.options.pollMs, secretKey: this.options.secretKey, logLevel: this.options.logLevel ?? "info" };
    const worker = createWorker(this.entry, data);
    this.starting = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      let failure: unknown;
      worker.on("message", (message: FromWorker) => {
        switch (message.type) {
          case "ready":
            ready = true;
            this.starting = null;
            this.worker = worker;
            this.dataDir = message.dataDir;
            this.startedAt = Date.now();
            for (const wake of this.waiters) wake(worker);
            this.waiters.clear();
            resolve();
            return;
          case "failed":
            failure = new HostError(message.error.code, message.error.message);
            return;
          case "reply": {
            const answer = this.pending.get(message.id);
            this.pending.delete(message.id);
            answer?.(message.response);
            return;
          }
          case "event":
            this.emit(message.event);
            return;
          case "log":
            this.logger[message.level](message.message, message.fields);
            return;
          case "closed":
            return;
        }
      });
      worker.on("messageerror", (error) => this.logger.error("A message from the host could not be read", { error }));
      // An uncaught error ends the worker: it is the reason given when it exits.
      worker.on("error", (error) => (failure ??= error));
      worker.on("exit", (code) => {
        if (this.starting === worker) this.starting = null;
        if (!ready) {
          reject(failure instanceof HostError ? failure : new HostError("internal", `The host could not start: ${failure ? messageOf(failure) : `its worker exited with code ${code}`}`));
          return;
        }
        this.worker = null;
        this.lost(failure ? messageOf(failure) : `its worker exited with code ${code}`);
      });
    });
  }

  /** The worker ended: its calls are answered, the health says so, and a new one starts unless closing. */
  private lost(reason: string): void {
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    if (this.closing) {
      for (const answer of inFlight) answer(unavailable("The host closed before answering."));
      return;
    }
    this.logger.error("The host stopped; restarting it", { reason, callsInFlight: inFlight.length });
    for (const answer of inFlight) {
      answer(unavailable(`The host stopped while answering (${reason}). It restarts on its own; a decision it had recorded is applied then, once.`));
    }
    this.setProblem(`The host stopped (${reason}); restarting it.`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (Date.now() - this.startedAt >= STABLE_MS) this.restarts = 0;
    const delays = this.options.restartDelaysMs ?? RESTART_DELAYS_MS;
    const delay = delays[Math.min(this.restarts, delays.length - 1)] ?? 0;
    this.restarts++;
    this.restartTimer = setTimeout(() => {
      void this.spawn().then(
        () => this.restarted(),
        (error: unknown) => {
          if (this.closing) return;
          this.logger.error("The host could not restart", { error });
          this.setProblem(`The host could not restart: ${messageOf(error)}`);
          this.scheduleRestart();
        },
      );
    }, delay);
  }

  private async restarted(): Promise<void> {
    this.logger.info("The host restarted", { restarts: this.restarts });
    this.problem = null;
    // The new host's own health (its first load may already be failing) replaces the restart notice.
    const answer = await this.call("health", {});
    this.emit({ type: "health", health: answer.ok ? (answer.result as HostHealth) : this.health() });
  }

  private setProblem(message: string): void {
    this.problem = { what: "host", message, since: this.problem?.since ?? Date.now() };
    this.emit({ type: "health", health: this.health() });
  }
}

/** host-worker next to this module: the built .js in out/, the .ts source otherwise. */
function defaultEntry(): URL {
  return new URL(import.meta.url.endsWith(".ts") ? "./host-worker.ts" : "./host-worker.js", import.meta.url);
}

/**
 * A worker running `entry`. A TypeScript entry (from the sources, under tsx, Vitest or Playwright)
 * gets tsx's loader registered in the worker first; the worker's own execArgv is then left empty,
 * since a loader inherited from the parent would be registered twice.
 */
function createWorker(entry: URL, workerData: WorkerStart): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData });
  // The ES module build of tsx's API: its CommonJS build resolves its own files wrongly from a worker.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry.href)}));`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [], argv: [fileURLToPath(entry)] });
}
