// The one logger of main: levels, a rotating file in the data folder, and an optional echo on
// stderr. The file holds JSON lines: one record per line whatever the message holds (a stack, a
// multi-line graph error), with its fields kept as values that `jq` or a test can read back.
// The stderr echo is one plain line, for a person watching a terminal.
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync, chmodSync } from "node:fs";
import { privateFolder, restrictToOwner } from "./store/private-files.js";
import { join } from "node:path";
import { messageOf } from "../../shared/values.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  /** `fields.error` may hold anything thrown: its message is written, its stack in the file and at debug level on stderr. */
  error(message: string, fields?: Record<string, unknown>): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const DEFAULT_LEVEL: LogLevel = "info";
const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_FILES = 3;
export const LOG_FILE = "countersign.log";

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Level and stderr echo from the environment and flags: `COUNTERSIGN_LOG=debug|info|warn|error`
 * sets the level and echoes on stderr; `--verbose` means debug on stderr. An unknown level is
 * reported in `problem` (the caller logs it) and the default level is kept.
 */
export function logSettings(env: NodeJS.ProcessEnv, verbose = false): { level: LogLevel; stderr: boolean; problem?: string } {
  if (verbose) return { level: "debug", stderr: true };
  const asked = env.COUNTERSIGN_LOG?.trim().toLowerCase();
  if (!asked) return { level: DEFAULT_LEVEL, stderr: false };
  if ((LOG_LEVELS as readonly string[]).includes(asked)) return { level: asked as LogLevel, stderr: true };
  return { level: DEFAULT_LEVEL, stderr: false, problem: `COUNTERSIGN_LOG=${JSON.stringify(env.COUNTERSIGN_LOG)} is not a log level (${LOG_LEVELS.join(", ")}); logging at ${DEFAULT_LEVEL}` };
}

export interface LogOptions {
  dataDir: string;
  /** Lowest level written anywhere; default info. */
  level?: LogLevel;
  /** Echo every written line on stderr too. */
  stderr?: boolean;
  /** The file is rotated before it would grow past this; default 1 MiB. */
  maxBytes?: number;
  /** Rotated files kept (countersign.log.1 … .N); default 3. */
  files?: number;
  /** Where stderr lines go (without a newline); default process.stderr. */
  write?: (line: string) => void;
}

/**
 * Appends JSON lines to `<dataDir>/logs/countersign.log` (mode 0600, folder 0700), rotating it at
 * `maxBytes`. Writes are synchronous: a line is on disk before the process can crash past it, and
 * lines stay in order; logging is rare enough (failures, startup) that this costs nothing.
 * Never throws: a log that cannot be written says so once on stderr, and from then on its
 * warnings and errors go to stderr instead.
 */
export function openLog(options: LogOptions): Logger & { close(): void } {
  const level = options.level ?? DEFAULT_LEVEL;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const files = Math.max(0, options.files ?? DEFAULT_FILES);
  const toStderr = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const folder = join(options.dataDir, "logs");
  const path = join(folder, LOG_FILE);
  let fd: number | null = null;
  let broken = false;
  let closed = false;
  // Logs left from before with wider modes are narrowed now, not at the first line written.
  safely(() => {
    if (!existsSync(folder)) return;
    privateFolder(folder);
    restrictToOwner([path, ...Array.from({ length: files }, (_, n) => `${path}.${n + 1}`)]);
  });

  const fail = (error: unknown) => {
    if (fd !== null) closeQuietly(fd);
    fd = null;
    if (broken) return;
    broken = true;
    safely(() => toStderr(`countersign [warn] cannot write the log file ${path}: ${messageOf(error)}; warnings and errors go to stderr instead`));
  };

  const open = () => {
    privateFolder(folder);
    fd = openSync(path, "a", 0o600);
    // The mode given to open only applies to a new file: an older, wider one is narrowed too.
    chmodSync(path, 0o600);
  };

  const rotate = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
    if (files === 0) rmSync(path, { force: true });
    else {
      for (let n = files - 1; n >= 1; n--) renameIfPresent(`${path}.${n}`, `${path}.${n + 1}`);
      renameSync(path, `${path}.1`);
    }
    open();
  };

  const toFile = (line: string) => {
    if (broken || closed) return;
    try {
      if (fd === null) open();
      const bytes = Buffer.byteLength(line) + 1;
      // Read from the file, not counted here: another process (the CLI beside the app) appends to it too.
      const size = fstatSync(fd!).size;
      if (size > 0 && size + bytes > maxBytes) rotate();
      writeSync(fd!, `${line}\n`);
    } catch (error) {
      fail(error);
    }
  };

  const log = (at: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (RANK[at] < RANK[level]) return;
    safely(() => {
      const time = new Date();
      const clean = fields === undefined ? undefined : redact(fields);
      toFile(fileLine(time, at, message, clean));
      if (options.stderr || (broken && RANK[at] >= RANK.warn)) toStderr(stderrLine(at, message, clean, level === "debug"));
    });
  };

  return {
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
    close() {
      closed = true;
      if (fd !== null) closeQuietly(fd);
      fd = null;
    },
  };
}

// ---- lines ----

function fileLine(time: Date, level: LogLevel, message: string, fields: Record<string, unknown> | undefined): string {
  const record = { time: time.toISOString(), level, pid: process.pid, message: scrub(message), ...fields };
  try {
    return JSON.stringify(record, jsonValue);
  } catch (error) {
    // A field that cannot be serialized (a throwing getter) costs the fields, never the line.
    return JSON.stringify({ time: record.time, level, pid: record.pid, message: record.message, fieldsError: messageOf(error) });
  }
}

/** `countersign [warn] message key=value error="…"`, and the stack below at debug level. */
function stderrLine(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, withStack: boolean): string {
  let line = `countersign [${level}] ${scrub(message)}`;
  let stack: string | undefined;
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value instanceof Error) {
      line += ` ${key}=${JSON.stringify(scrub(value.message))}`;
      if (withStack && value.stack) stack = scrub(value.stack);
    } else line += ` ${key}=${typeof value === "string" ? JSON.stringify(value) : safeJson(value)}`;
  }
  return stack ? `${line}\n${stack}` : line;
}

function jsonValue(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return { message: scrub(value.message), ...(code === undefined ? {} : { code }), ...(value.stack ? { stack: scrub(value.stack) } : {}) };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, jsonValue) ?? String(value);
  } catch {
    // Circular or throwing: its string form still says something.
    return String(value);
  }
}

// ---- secrets ----

/** Field names whose values are never written: tokens, keys, credentials. */
const SECRET_KEY = /(token|apikey|authorization|password|secret|cookie)$/i;
const REDACTED = "[redacted]";

/** The fields with every secret-named value replaced, at any depth; thrown values are kept for their message. */
export function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key.replace(/[-_]/g, ""))) out[key] = REDACTED;
    else if (depth < 5 && value !== null && typeof value === "object" && !(value instanceof Error) && !Array.isArray(value)) out[key] = redact(value as Record<string, unknown>, depth + 1);
    else if (typeof value === "string") out[key] = scrub(value);
    else out[key] = value;
  }
  return out;
}

/** A token in a URL's query (the browser-mode address holds one) is cut from any text logged. */
function scrub(text: string): string {
  return text.replace(/([?&](?:token|api_?key)=)[^&\s"']+/gi, `$1${REDACTED}`);
}

// ---- fs ----

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    // Fewer rotated files than kept so far: nothing to move.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closing a log that already failed: nothing left to tell anyone.
  }
}

/** Logging never throws into its caller: a failing stderr write loses the line, not the operation logged. */
function safely(write: () => void): void {
  try {
    write();
  } catch {
    // See above: the line is lost on purpose.
  }
}
