// The host's worker thread: graphs, both SQLite files, polling and decisions run here, so the main
// thread (the window, IPC, the browser-mode server) never waits on a graph. Calls arrive framed as
// in protocol.ts and go through the same handler table and validation as every other transport.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { createHost, type Host } from "../host/host.js";
import { LOG_LEVELS, type LogLevel, type Logger } from "../host/log.js";
import { createHandlers, dispatch, toContractError } from "../transport/handlers.js";
import type { CallName, CallResult } from "../../shared/contract.js";
import { messageOf } from "../../shared/values.js";
import type { FromWorker, ToWorker, WorkerStart } from "./protocol.js";

if (!parentPort) throw new Error("host-worker.ts runs as a worker thread (see host-client.ts)");
const port: MessagePort = parentPort;
const start = workerData as WorkerStart;

const post = (message: FromWorker) => port.postMessage(message);

/** After the first page is answered: time for the page to draw it before the graphs' modules take the thread. */
const WARM_GRAPHS_AFTER_MS = 500;

/**
 * An error as it crosses threads: structured cloning keeps a plain Error's message and stack but
 * turns a subclass (SqliteError, HostError) into a bare object, so each becomes a plain Error.
 */
function portable(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const copy = new Error(value.message);
  copy.stack = value.stack;
  return copy;
}

/** Log lines go to the main thread, which owns the log file; an uncloneable field is sent as text. */
function forwardingLogger(lowest: LogLevel): Logger {
  const rank = LOG_LEVELS.indexOf(lowest);
  const line = (level: LogLevel) => (message: string, given?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < rank) return;
    const fields = given && Object.fromEntries(Object.entries(given).map(([key, value]) => [key, portable(value)]));
    try {
      post({ type: "log", level, message, fields });
    } catch {
      // DataCloneError: a field holds a function or a native handle; its text is what the log keeps.
      const plain = Object.fromEntries(Object.entries(fields ?? {}).map(([key, value]) => [key, value instanceof Error ? value : messageOf(value)]));
      post({ type: "log", level, message, fields: plain });
    }
  };
  return { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") };
}

function reply(id: number, response: CallResult<CallName>): void {
  try {
    post({ type: "reply", id, response });
  } catch (error) {
    post({ type: "reply", id, response: { ok: false, error: { code: "internal", message: `Could not send the result: ${messageOf(error)}` } } });
  }
}

/** Loads the graphs ahead of the first decision; a graph that cannot load says so when it is used, as it would without this. */
async function warmGraphs(host: Host, logger: Logger): Promise<void> {
  const startedAt = performance.now();
  try {
    const { graphs, errors } = await host.listGraphs({});
    logger.debug("Graphs loaded ahead of the first decision", { graphs: graphs.length, errors: errors.length, ms: Math.round(performance.now() - startedAt) });
  } catch (error) {
    logger.debug("Graphs could not be loaded ahead of the first decision", { error });
  }
}

async function main(): Promise<void> {
  const logger = forwardingLogger(start.logLevel);
  let host: Host;
  try {
    host = await createHost({
      dataDir: start.dataDir,
      configPath: start.configPath,
      pollMs: start.pollMs,
      ...(start.secretKey ? { secretKey: Buffer.from(start.secretKey) } : {}),
      logger,
    });
  } catch (error) {
    post({ type: "failed", error: toContractError(error) });
    port.close();
    return;
  }
  const handlers = createHandlers(host);
  host.subscribe((event) => post({ type: "event", event }));
  let closing: Promise<void> | undefined;
  let warming: NodeJS.Timeout | undefined;
  port.on("message", (message: ToWorker) => {
    if (message.type === "call") {
      void dispatch(handlers, message.call, message.input).then((response) => {
        reply(message.id, response);
        // The graphs (LangGraph, LangChain, the user's modules) load on first use, which reading the
        // inbox never is: loaded once the first page is out, the first decision does not wait for them.
        if (message.call === "listItems" && !warming) warming = setTimeout(() => void warmGraphs(host, logger), WARM_GRAPHS_AFTER_MS).unref();
      });
      return;
    }
    clearTimeout(warming);
    closing ??= host.close().then(
      () => {
        post({ type: "closed" });
        port.close();
      },
      (error: unknown) => {
        post({ type: "log", level: "error", message: "Error while closing the host", fields: { error: portable(error) } });
        post({ type: "closed" });
        port.close();
      },
    );
  });
  post({ type: "ready", dataDir: host.dataDir });
}

await main();
