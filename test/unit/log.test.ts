// The logger: levels, the JSON-lines file (rotation, modes), the stderr echo, redaction, and a log
// that cannot be written costing nothing but a note on stderr.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LOG_FILE, logSettings, openLog } from "../../main/host/log.js";
import { tempDir } from "../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir("countersign-log-")));
afterEach(() => dir.remove());

const logPath = () => join(dir.path, "logs", LOG_FILE);
const records = (path = logPath()) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("levels", () => {
  test("lines below the level are dropped, the rest kept in order with their fields", () => {
    const log = openLog({ dataDir: dir.path, level: "warn" });
    log.debug("d");
    log.info("i");
    log.warn("w", { attempt: 2 });
    log.error("e");
    log.close();
    const lines = records();
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
    expect(lines[0]).toMatchObject({ attempt: 2, pid: process.pid });
    expect(Date.parse(String(lines[0]!.time))).not.toBeNaN();
  });

  test("the default level is info, and nothing goes to stderr unless asked", () => {
    const stderr: string[] = [];
    const log = openLog({ dataDir: dir.path, write: (line) => stderr.push(line) });
    log.debug("hidden");
    log.info("shown");
    log.close();
    expect(records().map((line) => line.message)).toEqual(["shown"]);
    expect(stderr).toEqual([]);
  });

  test("with stderr on, each line is echoed as one plain line; an error's stack only at debug level", () => {
    const stderr: string[] = [];
    const log = openLog({ dataDir: dir.path, stderr: true, write: (line) => stderr.push(line) });
    log.error("poll failed", { what: "poll", error: new Error("database is locked") });
    log.close();
    expect(stderr).toEqual(['countersign [error] poll failed what="poll" error="database is locked"']);
    // The file keeps the stack either way.
    expect(records()[0]!.error).toMatchObject({ message: "database is locked", stack: expect.stringContaining("log.test.ts") });

    const verbose: string[] = [];
    const debug = openLog({ dataDir: dir.path, level: "debug", stderr: true, write: (line) => verbose.push(line) });
    debug.error("poll failed", { error: new Error("database is locked") });
    debug.close();
    expect(verbose[0]).toMatch(/^countersign \[error\] poll failed error="database is locked"\nError: database is locked\n\s+at /);
  });
});

describe("settings", () => {
  test("COUNTERSIGN_LOG sets the level and echoes on stderr; --verbose is debug on stderr", () => {
    expect(logSettings({})).toEqual({ level: "info", stderr: false });
    expect(logSettings({ COUNTERSIGN_LOG: "debug" })).toEqual({ level: "debug", stderr: true });
    expect(logSettings({ COUNTERSIGN_LOG: " WARN " })).toEqual({ level: "warn", stderr: true });
    expect(logSettings({ COUNTERSIGN_LOG: "error" }, true)).toEqual({ level: "debug", stderr: true });
  });

  test("an unknown level keeps the default and says why", () => {
    const settings = logSettings({ COUNTERSIGN_LOG: "loud" });
    expect(settings).toMatchObject({ level: "info", stderr: false });
    expect(settings.problem).toBe('COUNTERSIGN_LOG="loud" is not a log level (debug, info, warn, error); logging at info');
  });
});

describe("the file", () => {
  test("is created 0600 in a 0700 folder", () => {
    const log = openLog({ dataDir: dir.path });
    log.info("hello");
    log.close();
    expect(statSync(logPath()).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, "logs")).mode & 0o777).toBe(0o700);
  });

  test("an existing, wider file is narrowed to 0600", () => {
    const log = openLog({ dataDir: dir.path });
    log.info("first");
    log.close();
    chmodSync(logPath(), 0o644);
    const again = openLog({ dataDir: dir.path });
    again.info("second");
    again.close();
    expect(statSync(logPath()).mode & 0o777).toBe(0o600);
  });

  test("rotates before passing maxBytes, keeping `files` old ones, the newest lines in the current file", () => {
    const log = openLog({ dataDir: dir.path, maxBytes: 400, files: 2 });
    for (let n = 0; n < 40; n++) log.info(`line ${n}`, { padding: "x".repeat(40) });
    log.close();
    expect(existsSync(`${logPath()}.1`)).toBe(true);
    expect(existsSync(`${logPath()}.2`)).toBe(true);
    expect(existsSync(`${logPath()}.3`)).toBe(false);
    for (const path of [logPath(), `${logPath()}.1`, `${logPath()}.2`]) {
      expect(statSync(path).size).toBeLessThanOrEqual(400);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    const current = records().map((line) => line.message);
    expect(current.at(-1)).toBe("line 39");
    const previous = records(`${logPath()}.1`).map((line) => line.message);
    // Nothing lost between the current file and the one before it.
    expect(Number(String(previous.at(-1)).split(" ")[1]) + 1).toBe(Number(String(current[0]).split(" ")[1]));
  });
});

describe("secrets", () => {
  test("fields named like a token, key, password or secret are redacted at any depth, and tokens in URLs", () => {
    const log = openLog({ dataDir: dir.path });
    log.info("started at http://127.0.0.1:47800/?token=abc123", {
      token: "abc123",
      apiKey: "sk-1",
      OPENAI_API_KEY: "sk-2",
      headers: { Authorization: "Bearer x", accept: "json" },
      password: "p",
      clientSecret: "s",
      url: "http://127.0.0.1:1/?a=1&token=abc123",
      port: 47800,
    });
    log.close();
    const text = readFileSync(logPath(), "utf8");
    for (const secret of ["abc123", "sk-1", "sk-2", "Bearer x", '"p"', '"s"']) expect(text).not.toContain(secret);
    expect(records()[0]).toMatchObject({
      message: "started at http://127.0.0.1:47800/?token=[redacted]",
      token: "[redacted]",
      headers: { Authorization: "[redacted]", accept: "json" },
      url: "http://127.0.0.1:1/?a=1&token=[redacted]",
      port: 47800,
    });
  });
});

describe("never throws", () => {
  test("a data folder that cannot hold the log: one note on stderr, then warnings and errors there", () => {
    // A file where the folder should be fails for every user, root included.
    writeFileSync(dir.file("data"), "");
    const stderr: string[] = [];
    const log = openLog({ dataDir: dir.file("data"), write: (line) => stderr.push(line) });
    expect(() => {
      log.info("one");
      log.info("two");
      log.error("three", { error: new Error("boom") });
      log.close();
    }).not.toThrow();
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toMatch(/^countersign \[warn\] cannot write the log file .*countersign\.log: .*ENOTDIR.*; warnings and errors go to stderr instead$/);
    expect(stderr[1]).toBe('countersign [error] three error="boom"');
  });

  test("fields that cannot be serialized cost the fields, not the line", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const stderr: string[] = [];
    const log = openLog({ dataDir: dir.path, stderr: true, write: (line) => stderr.push(line) });
    expect(() => log.warn("odd", { circular, big: 10n })).not.toThrow();
    log.close();
    expect(records()[0]).toMatchObject({ message: "odd", fieldsError: expect.any(String) });
    expect(stderr[0]).toMatch(/^countersign \[warn\] odd circular=\[object Object\] big=/);
  });

  test("a stderr that throws loses the line, not the caller's work", () => {
    const log = openLog({ dataDir: dir.path, stderr: true, write: () => { throw new Error("EPIPE"); } });
    expect(() => log.error("x")).not.toThrow();
    log.close();
    expect(records()[0]!.message).toBe("x");
  });
});
