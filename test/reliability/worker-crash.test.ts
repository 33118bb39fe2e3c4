// A worker thread that dies mid-decision: the host in its worker (as the app and `serve` run it)
// works through `rounds` threads while, before a seeded share of the decisions, the step after the
// answer is armed to call process.exit. The worker dies in the middle of applying that decision;
// the main thread answers the call with the reason, starts a new worker, and its recovery applies
// the decision. At the end each answer's effects are in the state exactly once.
import { writeFileSync } from "node:fs";
import type { Logger } from "../../main/host/log.js";
import { HostWorker } from "../../main/worker/host-client.js";
import { expectDataFolderConsistent, hostHarness, journalRows, threadState, waitFor } from "../support/host.js";
import { answerFor, expectedEffects } from "./crash-plan.js";
import { prng, reportFigures, scaled } from "./scale.js";

const THREADS = scaled(8);
const ROUNDS = 5;
/** The share of decisions armed to take the worker down. */
const ARMED = 0.3;

test(`the worker dies in the step after ${Math.round(ARMED * 100)}% of ${THREADS * ROUNDS} decisions: each is applied exactly once by the restarted host`, async () => {
  const h = hostHarness();
  const stops: string[] = [];
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message: string) => void (message === "The host stopped; restarting it" && stops.push(message)),
  } as unknown as Logger;
  const worker = await HostWorker.start({ dataDir: h.dataDir, configPath: h.fixtures, logger, restartDelaysMs: [0] });
  try {
    const host = worker.client();
    const random = prng();
    const crashFile = (threadId: string) => h.dir.file(`crash-${threadId}`);
    const threads = await Promise.all(
      Array.from({ length: THREADS }, async (_, i) => {
        const threadId = `worker-${i}`;
        await host.startRun({ graphId: "rounds", threadId, input: { rounds: ROUNDS, ms: 5, crashFile: crashFile(threadId) } });
        return threadId;
      }),
    );
    let armed = 0;
    let unavailable = 0;
    for (;;) {
      const { items } = await host.listItems({ limit: 1000 });
      // Each decision returns once its run ended, and a restarted host has recovered before it answers: nothing left runs.
      if (items.length === 0) break;
      for (const item of items) {
        if (random() < ARMED) {
          writeFileSync(crashFile(item.threadId), "");
          armed++;
        }
        const response = await worker.call("decide", { itemId: item.id, decision: answerFor(item) });
        if (!response.ok) {
          // Only the worker's death may refuse it; the recorded decision is applied by the next worker.
          expect(response.error.code, response.error.message).toBe("host-unavailable");
          unavailable++;
          await waitFor(async () => (await host.health()).problem === null, 60_000, "the restarted host");
        }
      }
    }
    await worker.close();

    const journal = journalRows(h.dataDir);
    expect(journal).toHaveLength(THREADS * ROUNDS);
    expect(journal.filter((row) => row.state !== "applied" || row.error !== null)).toEqual([]);
    for (const threadId of threads) expect((await threadState(h.dataDir, threadId)).values.effects, threadId).toEqual(expectedEffects(threadId, ROUNDS));
    await expectDataFolderConsistent(h.dataDir);
    expect(stops.length).toBeGreaterThan(0);
    expect(unavailable).toBeGreaterThan(0);
    reportFigures("worker-crash", { "decisions verified exactly once": journal.length, "decisions armed to crash": armed, "worker deaths survived": stops.length, "calls answered host-unavailable": unavailable });
  } finally {
    await worker.close();
    await h.cleanup();
  }
});
