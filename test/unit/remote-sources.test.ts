// The pure parts of the remote layer: flattening a thread's interrupts, normalizing them as local
// items, the poll backoff, run errors, and how failures become RemoteErrors without secrets.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { normalizeInterrupt } from "../../main/host/inbox/normalize.js";
import { toResumeValue } from "../../main/host/decisions/resume-value.js";
import { HostError } from "../../shared/errors.js";
import { RemoteDeployment, flattenInterrupts, nextPollDelay, parseRemoteSource, remoteItemView, runErrorText } from "../../main/host/sources/remote-deployment.js";
import { RemoteError, TransportFailure, displayUrl, redact, toRemoteError, type RemoteTarget } from "../../main/host/sources/remote-errors.js";
import { remoteResumeValue } from "../../main/host/sources/remote-resume-value.js";
import { tempDir } from "../support/tmp.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const readFixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/interrupts/${name}`, import.meta.url), "utf8"));
const fixture = (name: string) => readFixture(name).interrupt.value as unknown;
const base = { threadId: "t1", graphId: "g", assistantId: "a1", createdAt: "2026-01-01T00:00:00.000Z" };

describe("parseRemoteSource", () => {
  it("accepts a source's settings", () => {
    const config = { name: "prod", url: "https://lg.example.com", apiKey: "sk-1", headers: { "x-tenant": "t-1" }, graphId: "agent" };
    expect(parseRemoteSource(config)).toEqual({ ok: true, config });
    expect(parseRemoteSource({ name: "local", url: "http://127.0.0.1:8123" })).toMatchObject({ ok: true });
  });

  it.each([
    [null, "source: "],
    [{ url: "https://a.example" }, "name: "],
    [{ name: " ", url: "https://a.example" }, "name: must not be empty"],
    [{ name: "a", url: "ftp://a.example" }, "url: must be an http(s) URL"],
    [{ name: "a", url: "https://user:sk-secret-9@a.example" }, "url: must be an http(s) URL without credentials"],
    [{ name: "a", url: "not a url sk-secret-9" }, "url: must be an http(s) URL"],
    [{ name: "a", url: "https://a.example", headers: { "x-auth": "sk-secret-9\r\nx-admin: 1" } }, "headers.x-auth: must not contain line breaks"],
    [{ name: "a", url: "https://a.example", headers: { "bad header": "v" } }, "headers"],
    [{ name: "a", url: "https://a.example", apiKey: 42 }, "apiKey: "],
    [{ name: "a", url: "https://a.example", apikey: "sk-secret-9" }, "apikey"],
  ])("refuses %j, naming the field and never the value", (input, text) => {
    const result = parseRemoteSource(input);
    expect(result.ok).toBe(false);
    const error = result.ok ? "" : result.error;
    expect(error).toContain(text);
    expect(error).not.toContain("sk-secret-9");
  });

  it("a RemoteDeployment is never built from settings that do not parse", () => {
    expect(() => new RemoteDeployment({ name: "a", url: "file:///etc/passwd" })).toThrow(HostError);
  });
});

describe("flattenInterrupts", () => {
  it("lists every interrupt of every task, keeping ids, tasks and namespaces; skips empty lists and id-less interrupts", () => {
    const items = flattenInterrupts(
      base,
      [
        ["task-a", [{ id: "i1", value: "first", ns: ["outer:1"] }, { id: "i2", value: { q: 2 }, namespace: ["outer:1", "inner:2"] }]],
        ["task-breakpoint", []],
        ["task-b", [{ value: "no id" }, { id: "", value: "empty id" }, "not an object", { id: "i3" }, { interrupt_id: "i4", value: "older server", ns: ["node:9"], resumable: true, when: "during" }]],
        ["task-odd", "not a list"],
      ],
      "cp1",
    );
    expect(items).toEqual([
      { ...base, interruptId: "i1", taskId: "task-a", namespace: ["outer:1"], value: "first", checkpointId: "cp1" },
      { ...base, interruptId: "i2", taskId: "task-a", namespace: ["outer:1", "inner:2"], value: { q: 2 }, checkpointId: "cp1" },
      { ...base, interruptId: "i3", taskId: "task-b", namespace: null, value: undefined, checkpointId: "cp1" },
      { ...base, interruptId: "i4", taskId: "task-b", namespace: ["node:9"], value: "older server", checkpointId: "cp1" },
    ]);
  });
});

describe("remoteItemView", () => {
  it.each(["hitl-js-camelcase.json", "hitl-python-snakecase.json", "human-interrupt.json", "tool-approval-per-call.json"])("normalizes %s exactly as a local item", (name) => {
    const value = fixture(name);
    expect(remoteItemView({ value })).toEqual(normalizeInterrupt(value));
    expect(remoteItemView({ value }).kind).not.toBe("generic");
  });

  it("normalizes plain interrupt values as generic local items", () => {
    for (const { value } of readFixture("generic.json").interrupts as Array<{ value: unknown }>) {
      expect(remoteItemView({ value })).toEqual(normalizeInterrupt(value));
      expect(remoteItemView({ value }).kind).toBe("generic");
    }
  });

  it("maps decisions with the local rules and refusals", () => {
    const value = fixture("hitl-js-camelcase.json");
    const decision = { decisions: [{ type: "approve" }, { type: "approve" }] };
    expect(remoteResumeValue({ value }, decision)).toEqual(toResumeValue(normalizeInterrupt(value), value, decision));
    expect(remoteResumeValue({ value: "Ship it?" }, { type: "approve" })).toMatchObject({ ok: false });
    expect(remoteResumeValue({ value: fixture("tool-approval-per-call.json") }, { type: "approve" })).toEqual({ ok: true, value: { type: "approve" }, decision: { type: "approve" } });
  });
});

describe("nextPollDelay", () => {
  it("waits the base while healthy, then doubles with jitter between half and all, capped", () => {
    expect(nextPollDelay(0, 1000, 60_000, () => 0.99)).toBe(1000);
    expect(nextPollDelay(1, 1000, 60_000, () => 0)).toBe(1000);
    expect(nextPollDelay(1, 1000, 60_000, () => 1)).toBe(2000);
    expect(nextPollDelay(3, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(nextPollDelay(10, 1000, 60_000, () => 1)).toBe(60_000);
    expect(nextPollDelay(10, 1000, 60_000, () => 0)).toBe(30_000);
    expect(nextPollDelay(1e9, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it("is total: any input gives a whole number of ms in [0, max]", () => {
    const odd = [Number.NaN, -1, 0, 0.5, Infinity, -Infinity, 1e308];
    for (const failures of odd) for (const baseMs of odd) for (const maxMs of [...odd, 5000]) for (const r of [Number.NaN, -3, 0, 0.3, 1, 7]) {
      const wait = nextPollDelay(failures, baseMs, maxMs, () => r);
      expect(Number.isInteger(wait)).toBe(true);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 0);
    }
  });
});

describe("runErrorText", () => {
  it("reads the server's error, nested JSON included", () => {
    expect(runErrorText({ __error__: { error: "Error", message: JSON.stringify({ error: "ValueError", message: "bad answer" }) } })).toBe("ValueError: bad answer");
    expect(runErrorText({ __error__: { error: "GraphRecursionError", message: "too deep" } })).toBe("GraphRecursionError: too deep");
    expect(runErrorText({ __error__: { error: "Error", message: JSON.stringify({ name: "TypeError", message: JSON.stringify({ error: "Inner", message: "deep" }) }) } })).toBe("Inner: deep");
    expect(runErrorText({ __error__: {} })).toBe("Error");
    expect(runErrorText({ answer: 1 })).toBeNull();
    expect(runErrorText(null)).toBeNull();
  });
});

describe("toRemoteError", () => {
  const target: RemoteTarget = { name: "prod", url: "https://user:pw@lg.example.com/api/?token=abc#x", secrets: ["sk-live-123", "tenant-secret"], hasApiKey: true };
  const http = (status: number, text = "") => Object.assign(new Error(`HTTP ${status}: ${text}`), { status, text });
  const classify = (error: unknown) => toRemoteError(error, target, "list the interrupted threads", 15_000);

  it.each([
    [http(401), "auth", "rejected the API key (HTTP 401)"],
    [http(403, '{"detail":"no access to sk-live-123"}'), "auth", "refused access (HTTP 403)"],
    [http(404, '{"message":"Thread not found"}'), "not-found", "not found (HTTP 404): Thread not found"],
    [http(504), "timeout", "timed out (HTTP 504)"],
    [http(500, "boom"), "server", "HTTP 500: boom"],
    [http(422, '{"detail":"bad select"}'), "server", "HTTP 422: bad select"],
    [new TransportFailure("ECONNREFUSED"), "offline", "connection refused"],
    [new TransportFailure("ENOTFOUND"), "offline", "host not found"],
    [new TransportFailure("ECONNRESET"), "offline", "connection reset"],
    [new TransportFailure(null), "offline", "is unreachable"],
    [Object.assign(new TypeError("fetch failed"), { cause: new AggregateError([Object.assign(new Error("x"), { code: "EHOSTUNREACH" })]) }), "offline", "host unreachable"],
    [Object.assign(new Error("Unable to connect"), { name: "ConnectionError" }), "offline", "is unreachable"],
    [new DOMException("The operation was aborted due to timeout", "TimeoutError"), "timeout", "did not answer within 15 s"],
    [new Error("AbortError"), "timeout", "did not answer within 15 s"],
    [new Error("something odd with sk-live-123"), "server", "failed to list the interrupted threads: something odd with [redacted]"],
  ] as const)("%s → %s", (error, kind, text) => {
    const remote = classify(error);
    expect(remote).toBeInstanceOf(RemoteError);
    expect(remote.kind).toBe(kind);
    expect(remote.message).toContain(text);
    expect(remote.message).toContain('Remote source "prod" (https://lg.example.com/api)');
    for (const secret of ["sk-live-123", "tenant-secret", "pw", "token=abc"]) expect(remote.message).not.toContain(secret);
  });

  it("says a key is needed when none is set", () => {
    expect(toRemoteError(http(401), { ...target, hasApiKey: false }, "count", 1000).message).toContain("needs an API key (HTTP 401)");
  });

  it("redacts longer secrets first and shows URLs without credentials", () => {
    expect(redact("a abc abcdef", ["abc", "abcdef"])).toBe("a [redacted] [redacted]");
    expect(redact("unchanged", ["", "zzz"])).toBe("unchanged");
    expect(displayUrl("http://u:p@127.0.0.1:8123/?k=v")).toBe("http://127.0.0.1:8123");
    expect(displayUrl("not a url sk-live-123")).toBe("(invalid URL)");
  });
});

describe("loading", () => {
  it("importing the remote layer loads neither the SDK nor LangChain nor the JSON Schema validator", () => {
    const dir = tempDir("countersign-remote-modules-");
    try {
      const trace = dir.file("modules.txt");
      const script = `await import(${JSON.stringify(`${ROOT}/main/host/sources/remote-deployment.ts`)});`;
      const result = spawnSync(process.execPath, ["--import", "tsx", "--import", `${ROOT}/test/support/module-trace.mjs`, "--input-type=module", "-e", script], {
        cwd: ROOT,
        env: { ...process.env, COUNTERSIGN_MODULE_TRACE: trace },
        encoding: "utf8",
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const loaded = readFileSync(trace, "utf8");
      expect(loaded).toContain("remote-deployment.ts");
      for (const library of ["@langchain/langgraph-sdk", "@langchain/core", "/ajv/"]) expect(loaded).not.toContain(library);
    } finally {
      dir.remove();
    }
  });
});
