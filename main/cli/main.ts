// One CLI invocation: parse, open the host, run the command, close the host, map errors to exit codes.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isUsageError } from "../../shared/errors.js";
import type { Host } from "../host/index.js";
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
    if (command.name === "serve") return await serveUntilStopped(command, global.data, global.config);
    // Loaded only now: --help, --version and usage errors stay fast (no LangGraph, no database).
    const { createHost } = await import("../host/index.js");
    host = await createHost({ dataDir: global.data, configPath: global.config === undefined ? undefined : resolve(global.config) });
    code = await runCommand(host, command, global, io);
  } catch (error) {
    code = report(error, io, env);
  }
  if (host) {
    try {
      await host.close();
    } catch (error) {
      const closing = report(error, io, env);
      if (code === EXIT_OK) code = closing;
    }
  }
  return code;
}

/** Browser mode owns its host and runs until a signal closes it. */
async function serveUntilStopped(command: Extract<Command, { name: "serve" }>, data: string | undefined, config: string | undefined): Promise<number> {
  const { serve } = await import("../server/serve.js");
  const running = await serve({
    dataDir: data,
    configPath: config === undefined ? undefined : resolve(config),
    port: command.port,
    hostname: command.hostname,
    explicitHost: command.hostname !== undefined,
    open: command.open,
  });
  await running.closed;
  return EXIT_OK;
}

/** One line on stderr; a stack trace too for unexpected errors when COUNTERSIGN_DEBUG=1. */
function report(error: unknown, io: Io, env: NodeJS.ProcessEnv): number {
  const message = oneLine(messageOf(error)) || "unknown error";
  io.err(`countersign: ${message}`);
  if (error instanceof UsageError || isUsageError(error)) return EXIT_USAGE;
  if (env.COUNTERSIGN_DEBUG === "1" && error instanceof Error && error.stack) io.err(error.stack);
  return EXIT_FAILURE;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
