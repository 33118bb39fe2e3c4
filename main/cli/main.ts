// One CLI invocation: parse, open the host, run the command, close the host, map errors to exit codes.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isUsageError } from "../../shared/errors.js";
import { resolveDataDir } from "../host/data-dir.js";
import type { Host } from "../host/index.js";
import { logSettings, openLog, silentLogger, type Logger } from "../host/log.js";
import { parseCommandLine, type Command } from "./args.js";
import { runCommand, type Io } from "./commands.js";
import { oneLine } from "./format.js";
import { helpText } from "./help.js";
import { UsageError } from "./usage-error.js";
import { messageOf } from "../../shared/values.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export async function main(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let host: Host | undefined;
  let log: (Logger & { close(): void }) | undefined;
  let code: number;
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === "help") {
      io.out(helpText(invocation.command));
      return EXIT_OK;
    }
    if (invocation.kind === "version") {
      io.out(version());
      return EXIT_OK;
    }
    const { global, command } = invocation;
    const settings = logSettings(env, global.verbose);
    if (settings.problem) io.err(`countersign: ${settings.problem}`);
    log = openLog({ dataDir: resolveDataDir({ data: global.data, env }), level: settings.level, stderr: settings.stderr, write: io.err });
    log.debug("Command started", { command: command.name });
    if (command.name === "serve") return await serveUntilStopped(command, global.data, global.config, log);
    // Loaded only now: --help, --version and usage errors stay fast (no LangGraph, no database).
    const { createHost } = await import("../host/host.js");
    // One-shot commands pull remote sources only when asked (source sync), never in the background.
    host = await createHost({ dataDir: global.data, configPath: global.config === undefined ? undefined : resolve(global.config), logger: log, remotePollMs: 0 });
    code = await runCommand(host, command, global, io);
  } catch (error) {
    code = report(error, io, env, log);
  } finally {
    if (!host) log?.close();
  }
  if (host) {
    try {
      await host.close();
    } catch (error) {
      const closing = report(error, io, env, log);
      if (code === EXIT_OK) code = closing;
    }
    // A background failure during the command (the inbox load, a poll) is said, not swallowed;
    // read once closed, when nothing in the background is still running.
    const { problem } = await host.health();
    if (problem) io.err(`countersign: the inbox stopped updating (${problem.what}): ${oneLine(problem.message)}`);
    log?.close();
  }
  return code;
}

/** Browser mode owns its host and runs until a signal closes it. */
async function serveUntilStopped(command: Extract<Command, { name: "serve" }>, data: string | undefined, config: string | undefined, logger: Logger): Promise<number> {
  const { serve } = await import("../server/serve.js");
  const running = await serve({
    dataDir: data,
    configPath: config === undefined ? undefined : resolve(config),
    port: command.port,
    hostname: command.hostname,
    explicitHost: command.hostname !== undefined,
    open: command.open,
    logger,
  });
  await running.closed;
  return EXIT_OK;
}

/** One line on stderr; a stack trace too for unexpected errors when COUNTERSIGN_DEBUG=1. Logged unless a usage error. */
function report(error: unknown, io: Io, env: NodeJS.ProcessEnv, log: Logger = silentLogger): number {
  const message = oneLine(messageOf(error)) || "unknown error";
  io.err(`countersign: ${message}`);
  if (error instanceof UsageError || isUsageError(error)) return EXIT_USAGE;
  log.error("Command failed", { error });
  if (env.COUNTERSIGN_DEBUG === "1" && error instanceof Error && error.stack) io.err(error.stack);
  return EXIT_FAILURE;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
