// Crash: a host in a child process works through hundreds of decisions across a hundred threads (the
// demo graphs and `rounds`, whose three steps after each answer each leave one effect) and is killed
// with SIGKILL at moments a seeded PRNG picks (while it starts and recovers, or while it decides),
// then started again, until it finishes. Every decision must then have been applied exactly once,
// every cut-short run continued to its end, and both files must be sound.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import type { DecisionRecord } from "../../shared/inbox.js";
import { expectDataFolderConsistent, hostHarness, journalRows, threadState, writeFixtureConfig } from "../support/host.js";
import { crashPlan, DEMO_DECISIONS, expectedEffects } from "./crash-plan.js";
import { prng, reportFigures, scaled } from "./scale.js";

const THREADS = scaled(100);
const DECISIONS = scaled(500);
/** Kills stop after this many, so the last start finishes the plan. */
const MAX_KILLS = scaled(30);
/** A kill after "ready" lands within this long of it. */
const MAX_KILL_DELAY_MS = 2000;
/** Each step after an answer works this long: a window for kills inside the steps. */
const STEP_MS = 5;

interface Life {
  /** How the process ended: "finished", "killed", or its exit status and stderr. */
  ended: "finished" | "killed" | string;
  readyAfterMs: number | null;
}

/** Runs the driver once; kills it `killAt` ms after spawn ("start") or after "ready" ("work"), or lets it finish. */
async function live(args: string[], kill: { from: "start" | "ready"; ms: number } | null): Promise<Life> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/crash-driver.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const spawnedAt = Date.now();
  let stdout = "";
  let stderr = "";
  let readyAfterMs: number | null = null;
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const killLater = (ms: number) => {
    timer = setTimeout(() => {
      killed = child.exitCode === null && child.signalCode === null && child.kill("SIGKILL");
    }, ms);
  };
  if (kill?.from === "start") killLater(kill.ms);
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += String(chunk);
    if (readyAfterMs === null && stdout.includes("ready\n")) {
      readyAfterMs = Date.now() - spawnedAt;
      if (kill?.from === "ready") killLater(kill.ms);
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += String(chunk)));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once("exit", (c, s) => resolve([c, s])));
  clearTimeout(timer);
  if (killed && signal === "SIGKILL") return { ended: "killed", readyAfterMs };
  if (code === 0 && stdout.includes("finished\n")) return { ended: "finished", readyAfterMs };
  return { ended: `exit ${code ?? signal}: ${stderr.slice(-2000)}`, readyAfterMs };
}

/** Runs recorded as going on (cut short, since the process is gone): threads marked running, decisions not finished. */
function cutShort(dataDir: string): { threads: number; decisions: number } {
  const db = new Database(`${dataDir}/host.sqlite`, { readonly: true, fileMustExist: true });
  try {
    const threads = (db.prepare("SELECT count(*) AS n FROM threads WHERE status = 'running'").get() as { n: number }).n;
    const decisions = (db.prepare("SELECT count(*) AS n FROM decisions WHERE state = 'recorded'").get() as { n: number }).n;
    return { threads, decisions };
  } finally {
    db.close();
  }
}

test(`SIGKILL at random moments while ${DECISIONS} decisions are made across ${THREADS} threads: each applied exactly once, every run finished`, async () => {
  const h = hostHarness();
  try {
    const folder = h.dir.file("crash");
    mkdirSync(folder);
    const config = writeFixtureConfig(folder, ["rounds"], { withDemos: true });
    const plan = crashPlan(THREADS, DECISIONS, STEP_MS);
    const planPath = `${folder}/plan.json`;
    writeFileSync(planPath, JSON.stringify(plan));
    const random = prng();

    let kills = 0;
    let killsWhileStarting = 0;
    let cutShortThreads = 0;
    let cutShortDecisions = 0;
    let lives = 0;
    let lastReadyMs = 3000;
    for (;;) {
      lives++;
      // One kill in five lands while the process starts (opening the files, recovering); the rest while it works.
      const kill = kills >= MAX_KILLS ? null : random() < 0.2 ? { from: "start" as const, ms: random() * lastReadyMs } : { from: "ready" as const, ms: random() * MAX_KILL_DELAY_MS };
      const life = await live([h.dataDir, config, planPath], kill);
      if (life.readyAfterMs !== null) lastReadyMs = life.readyAfterMs;
      if (life.ended === "finished") break;
      if (life.ended !== "killed") throw new Error(`the driver failed on its own (start ${lives}): ${life.ended}`);
      kills++;
      if (life.readyAfterMs === null) killsWhileStarting++;
      const cut = cutShort(h.dataDir);
      cutShortThreads += cut.threads;
      cutShortDecisions += cut.decisions;
    }

    // Verified by a fresh host in this process, and by reading the files directly.
    const host = await h.open({ configPath: config });
    const journal = journalRows(h.dataDir);
    expect(journal).toHaveLength(DECISIONS);
    expect(new Set(journal.map((row) => row.item_id)).size).toBe(DECISIONS);
    expect(journal.filter((row) => row.state !== "applied" || row.error !== null)).toEqual([]);

    // The audit log, as the app shows it, page by page: the same decisions, all applied.
    const history: DecisionRecord[] = [];
    for (let before: number | undefined; ; ) {
      const { decisions } = await host.history({ limit: 1000, ...(before === undefined ? {} : { before }) });
      history.push(...decisions);
      if (decisions.length < 1000) break;
      before = decisions.at(-1)!.seq;
    }
    expect(history.map((d) => d.itemId).sort()).toEqual(journal.map((row) => row.item_id).sort());
    expect(history.every((d) => d.state === "applied" && d.finishedAt !== null)).toBe(true);

    let verified = 0;
    for (const thread of plan.threads) {
      // Ended, not paused, not running, not failed.
      expect(host.threadInfo(thread.threadId), thread.threadId).toMatchObject({ graphId: thread.graphId, status: "done", error: null });
      const decided = history.filter((d) => d.threadId === thread.threadId);
      expect(decided, thread.threadId).toHaveLength(thread.decisions);
      // One decision per interrupt: none answered twice under two item ids.
      expect(new Set(decided.map((d) => d.item.interruptId)).size, thread.threadId).toBe(thread.decisions);
      const { values } = await threadState(h.dataDir, thread.threadId);
      if (thread.graphId === "rounds") {
        // Each answer's four effects, once each, in order: no step ran twice into the state, none was skipped.
        expect(values.effects, thread.threadId).toEqual(expectedEffects(thread.threadId, thread.decisions));
      } else {
        expect(demoEnded(thread.graphId, values), `${thread.threadId}: ${JSON.stringify(values).slice(0, 500)}`).toBe(true);
      }
      verified += decided.length;
    }
    expect(verified).toBe(DECISIONS);
    expect((await host.listItems()).total).toBe(0);
    await host.close();

    await expectDataFolderConsistent(h.dataDir);

    // A kill must have landed in the middle of the work, or the test proved nothing.
    expect(kills).toBeGreaterThan(0);
    expect(cutShortThreads + cutShortDecisions).toBeGreaterThan(0);
    reportFigures("crash", {
      threads: THREADS,
      "kills survived": kills,
      "of which while starting or recovering": killsWhileStarting,
      "runs found cut short after a kill": cutShortThreads,
      "decisions found recorded but unfinished after a kill": cutShortDecisions,
      "decisions verified exactly once": verified,
      starts: lives,
    });
  } finally {
    await h.cleanup();
  }
});

/** A demo thread's final state shows its decisions applied: each graph's own end. */
function demoEnded(graphId: string, values: Record<string, unknown>): boolean {
  switch (graphId) {
    case "ship-it":
      return values.answer === "yes";
    case "release-pipeline":
      return typeof values.published === "string" && values.security === "yes" && values.region === "yes";
    case "expense-approval":
      return values.status === "approved";
    case "support-agent": {
      // Every tool call answered by exactly one tool message.
      const messages = (values.messages ?? []) as Array<{ tool_call_id?: string; kwargs?: { tool_call_id?: string } }>;
      const ids = messages.map((m) => m.tool_call_id ?? m.kwargs?.tool_call_id).filter((id): id is string => typeof id === "string");
      return ids.length > 0 && new Set(ids).size === ids.length;
    }
    default:
      throw new Error(`no end state known for ${graphId} (${Object.keys(DEMO_DECISIONS).join(", ")} are)`);
  }
}
