// Remote crash: a host in a child process decides the items of a real LangGraph Server deployment
// (`langgraphjs dev`) through its outbox while, at moments a seeded PRNG picks, the host is killed
// with SIGKILL and the deployment is taken down and brought back. At the end every interrupt was
// answered exactly once on the server (one run tagged with its decision, the answer in the thread's
// state), every journal entry is applied, and nothing is left queued.
import { spawn } from "node:child_process";
import { Client } from "@langchain/langgraph-sdk";
import { hostHarness, journalRows } from "../support/host.js";
import { startDevServer } from "../support/langgraph-dev.js";
import { prng, reportFigures, scaled } from "./scale.js";

const THREADS = scaled(20);
const MAX_HOST_KILLS = scaled(6);
const MAX_OUTAGES = scaled(2);

/** Runs the driver once; SIGKILLs it `killAfterMs` after "ready", or lets it finish. */
async function live(args: string[], killAfterMs: number | null, outage: () => Promise<void>): Promise<"finished" | "killed"> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/remote-crash-driver.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += String(chunk);
    if (killAfterMs !== null && timer === undefined && stdout.includes("ready\n")) {
      timer = setTimeout(() => (killed = child.exitCode === null && child.kill("SIGKILL")), killAfterMs);
      void outage();
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += String(chunk)));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once("exit", (c, s) => resolve([c, s])));
  clearTimeout(timer);
  if (killed && signal === "SIGKILL") return "killed";
  if (code === 0 && stdout.includes("finished\n")) return "finished";
  throw new Error(`the driver exited ${code ?? signal}: ${stderr.slice(-2000)}`);
}

test(`SIGKILL of the host and outages of the deployment while ${THREADS} remote decisions go through the outbox: each delivered exactly once`, async () => {
  const h = hostHarness();
  const server = await startDevServer({ graphs: { "ship-it": "main/host/graphs/demos/ship-it.ts:graph" } });
  try {
    const sdk = new Client({ apiUrl: server.url, apiKey: null, callerOptions: { maxRetries: 0 } });
    const threads: string[] = [];
    for (let i = 0; i < THREADS; i++) {
      const thread = await sdk.threads.create({ graphId: "ship-it" });
      await sdk.runs.wait(thread.thread_id, "ship-it", { input: {} });
      threads.push(thread.thread_id);
    }
    const random = prng();
    let hostKills = 0;
    let outages = 0;
    let lives = 0;
    for (;;) {
      lives++;
      const kill = hostKills < MAX_HOST_KILLS ? 200 + Math.floor(random() * 3000) : null;
      // Now and then the deployment goes down while the host works, and comes back a moment later.
      const outage = async () => {
        if (outages >= MAX_OUTAGES || random() < 0.6) return;
        outages++;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1500)));
        await server.down();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await server.up();
      };
      let pendingOutage: Promise<void> = Promise.resolve();
      const ended = await live([h.dataDir, server.url], kill, () => (pendingOutage = outage()));
      await pendingOutage;
      if (ended === "finished") break;
      hostKills++;
    }

    // On the server: one tagged run per decision, and the answer in each thread's state.
    for (const threadId of threads) {
      const state = await sdk.threads.getState<{ answer: unknown }>(threadId);
      expect(state.values.answer, threadId).toBe(`answer for ${threadId}`);
      const runs = await sdk.runs.list(threadId, { limit: 100 });
      expect(runs.filter((run) => typeof (run.metadata as Record<string, unknown>).countersign_decision === "string"), threadId).toHaveLength(1);
    }
    const journal = journalRows(h.dataDir);
    expect(journal).toHaveLength(THREADS);
    expect(journal.filter((row) => row.state !== "applied")).toEqual([]);
    expect(hostKills).toBeGreaterThan(0);
    reportFigures("remote-crash", { "host kills survived": hostKills, "deployment outages survived": outages, "driver lives": lives, "remote decisions verified exactly once": THREADS });
  } finally {
    await server.stop();
    await h.cleanup();
  }
}, 600_000);
