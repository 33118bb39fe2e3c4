// Hosts on temp data dirs for host tests: fixture graphs via a langgraph.json written to the temp dir,
// raw read-only looks at host.sqlite, and small waiting helpers.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { SqliteCheckpointer, createHost, type Host, type HostOptions } from "../../main/host/index.js";
import { demoConfigPath } from "../../main/host/graphs/load-config.js";
import type { HostEvent } from "../../shared/inbox.js";
import { indexedAndRebuilt } from "./index-consistency.js";
import { tempDir } from "./tmp.js";

/** Fixture graphs under test/fixtures/graphs, as "file:export". */
export const FIXTURE_GRAPHS = {
  breakpoint: "breakpoint.ts:graph",
  "breakpoint-pair": "breakpoint.ts:pairGraph",
  ask: "fixtures.ts:ask",
  fail: "fixtures.ts:fail",
  slow: "fixtures.ts:slow",
  "two-questions": "fixtures.ts:twoQuestions",
  "slow-after-answer": "fixtures.ts:slowAfterAnswer",
  pair: "fixtures.ts:pair",
  "ask-while-working": "fixtures.ts:askWhileWorking",
  "ask-then-send": "fixtures.ts:askThenSend",
  "two-slow-steps": "fixtures.ts:twoSlowSteps",
  "crash-after-answer": "fixtures.ts:crashAfterAnswer",
  rounds: "fixtures.ts:rounds",
} as const;

export type FixtureGraphId = keyof typeof FIXTURE_GRAPHS;

const fixtureDir = fileURLToPath(new URL("../fixtures/graphs/", import.meta.url));

/** The bundled demo graphs, as "absolute file:export" by graph id. */
export function demoGraphs(): Record<string, string> {
  const config = JSON.parse(readFileSync(demoConfigPath(), "utf8")) as { graphs: Record<string, string> };
  return Object.fromEntries(Object.entries(config.graphs).map(([id, spec]) => [id, resolve(dirname(demoConfigPath()), spec)]));
}

/**
 * Writes `<dir>/langgraph.json` naming fixture graphs by absolute path (and the demo graphs too
 * with `withDemos`); returns its path.
 */
export function writeFixtureConfig(dir: string, ids: readonly FixtureGraphId[] = Object.keys(FIXTURE_GRAPHS) as FixtureGraphId[], options: { withDemos?: boolean } = {}): string {
  const graphs = { ...(options.withDemos ? demoGraphs() : {}), ...Object.fromEntries(ids.map((id) => [id, `${fixtureDir}${FIXTURE_GRAPHS[id]}`])) };
  const path = `${dir}/langgraph.json`;
  writeFileSync(path, JSON.stringify({ graphs }));
  return path;
}

/**
 * One temp folder per test, holding the data dir and a fixture langgraph.json; every host opened
 * through it is closed (and the folder removed) by `cleanup`.
 */
export function hostHarness() {
  const dir = tempDir();
  const dataDir = dir.file("data");
  const fixtures = writeFixtureConfig(dir.path);
  const hosts: Host[] = [];
  const open = async (options: HostOptions = {}): Promise<Host> => {
    const host = await createHost({ dataDir, ...options });
    hosts.push(host);
    return host;
  };
  return {
    dir,
    dataDir,
    fixtures,
    /** A host on this data dir: the bundled demo graphs unless `configPath` says otherwise. */
    open,
    /** A host on this data dir and the fixture graphs. */
    openFixtures: (options: HostOptions = {}) => open({ configPath: fixtures, ...options }),
    async cleanup(): Promise<void> {
      await Promise.allSettled(hosts.map((host) => host.close()));
      dir.remove();
    },
  };
}

export type HostHarness = ReturnType<typeof hostHarness>;

/** The decisions table as stored, read through a separate read-only connection. */
export function journalRows(dataDir: string): Array<{ item_id: string; state: string; outcome: string | null; error: string | null; resume: string; pid: number }> {
  const db = new Database(`${dataDir}/host.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT item_id, state, outcome, error, resume, pid FROM decisions ORDER BY seq").all() as never;
  } finally {
    db.close();
  }
}

/** After a run of crashes: the interrupt index equals one rebuilt from scratch, and both files pass integrity_check. */
export async function expectDataFolderConsistent(dataDir: string): Promise<void> {
  const saver = SqliteCheckpointer.open(`${dataDir}/checkpoints.sqlite`);
  try {
    const { indexed, rebuilt } = await indexedAndRebuilt(saver);
    expect(indexed).toEqual(rebuilt);
  } finally {
    saver.close();
  }
  expect(integrityCheck(`${dataDir}/checkpoints.sqlite`)).toBe("ok");
  expect(integrityCheck(`${dataDir}/host.sqlite`)).toBe("ok");
}

/** `PRAGMA integrity_check` of a database file, read through a separate read-only connection: "ok" when sound. */
export function integrityCheck(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** The channel values of a thread's latest checkpoint and how many checkpoints it has, read through a separate connection. */
export async function threadState(dataDir: string, threadId: string): Promise<{ values: Record<string, unknown>; checkpoints: number }> {
  const saver = SqliteCheckpointer.open(`${dataDir}/checkpoints.sqlite`);
  try {
    const config = { configurable: { thread_id: threadId, checkpoint_ns: "" } };
    const latest = await saver.getTuple(config);
    let checkpoints = 0;
    for await (const _ of saver.list(config)) checkpoints++;
    return { values: (latest?.checkpoint.channel_values ?? {}) as Record<string, unknown>, checkpoints };
  } finally {
    saver.close();
  }
}

/** Collects a host's events. */
export function recordEvents(host: Host): HostEvent[] {
  const events: HostEvent[] = [];
  host.subscribe((event) => events.push(event));
  return events;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One turn of the event loop: a host commits how its runs ended (the journal's outcome, the
 * thread's status, its freed lease) with the next lease it takes, or else by then. Tests that
 * read the files from another connection right after a run wait for it, as another process would.
 */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
