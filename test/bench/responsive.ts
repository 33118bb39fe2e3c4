// Whether the main thread stays responsive while graphs run: a 10 ms timer on the main thread
// records the longest gap between its ticks while 1,000 support-agent runs start (10 at a time)
// and then one bulk call approves their 1,000 items, all through a HostLink, the path the app's
// IPC and browser mode's WebSocket take; halfway through the bulk a listItems call is made and its
// round trip timed. Measured with the host in its worker thread (as the app and `serve` run it)
// and, for comparison, with the host in the main thread.
import { mkdirSync } from "node:fs";
import { createHost } from "../../main/host/index.ts";
import { silentLogger } from "../../main/host/log.ts";
import { linkTo, type HostLink } from "../../main/transport/host-link.ts";
import { HostWorker } from "../../main/worker/host-client.ts";
import { now, progress, round } from "./util.ts";

export const MAX_GAP_MS = 50;
export const LIST_DURING_BULK_MS = 100;
const TICK_MS = 10;
const START_CONCURRENCY = 10;

export interface ResponsiveSide {
  main_thread_max_gap_ms: number;
  list_during_bulk_ms: number;
  start_runs_ms: number;
  bulk_ms: number;
}

export interface ResponsiveResult {
  runs: number;
  worker: ResponsiveSide;
  in_process: ResponsiveSide;
}

async function measure(link: HostLink, runs: number): Promise<ResponsiveSide> {
  let last = now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const t = now();
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }, TICK_MS);
  try {
    const t0 = now();
    let next = 0;
    const starter = async () => {
      while (next < runs) {
        next++;
        const answer = await link.call("startRun", { graphId: "support-agent", input: {} });
        if (!answer.ok) throw new Error(`startRun failed: ${answer.error.message}`);
      }
    };
    await Promise.all(Array.from({ length: START_CONCURRENCY }, starter));
    const startRunsMs = now() - t0;

    const page = await link.call("listItems", { limit: 10_000 });
    if (!page.ok) throw new Error(page.error.message);
    const itemIds = (page.result as { items: Array<{ id: string }> }).items.map((item) => item.id);
    if (itemIds.length !== runs) throw new Error(`expected ${runs} items, found ${itemIds.length}`);

    let resolved = 0;
    let listMs: Promise<number> | undefined;
    const unsubscribe = link.subscribe((event) => {
      if (event.type !== "item-resolved" || ++resolved !== Math.floor(runs / 2)) return;
      // Asked from a task of its own, as a request arriving on a socket or IPC channel is: with the
      // host in this thread it waits for the loop to turn; timed from the moment the event was seen.
      const asked = now();
      listMs = new Promise<void>((turned) => setImmediate(turned)).then(() => link.call("listItems", { limit: 100 })).then(() => now() - asked);
    });
    const t1 = now();
    const bulk = await link.call("decideMany", { itemIds, decision: { type: "approve" } });
    const bulkMs = now() - t1;
    unsubscribe();
    if (!bulk.ok) throw new Error(`decideMany failed: ${bulk.error.message}`);
    const failed = (bulk.result as { results: Array<{ ok: boolean }> }).results.filter((result) => !result.ok).length;
    if (failed > 0) throw new Error(`${failed} items of the bulk approve failed`);
    if (!listMs) throw new Error("no item-resolved event reached the middle of the bulk");
    return { main_thread_max_gap_ms: round(maxGap, 1), list_during_bulk_ms: round(await listMs, 1), start_runs_ms: round(startRunsMs, 0), bulk_ms: round(bulkMs, 0) };
  } finally {
    clearInterval(ticker);
  }
}

export async function responsiveSuite(runs: number, path: (name: string) => string): Promise<ResponsiveResult> {
  progress(`responsiveness: ${runs} support-agent runs, then one bulk approve, host in its worker thread`);
  const workerDir = path("responsive-worker");
  mkdirSync(workerDir, { recursive: true });
  const worker = await HostWorker.start({ dataDir: workerDir, logger: silentLogger });
  let inWorker: ResponsiveSide;
  try {
    inWorker = await measure(worker, runs);
  } finally {
    await worker.close();
  }
  progress(`responsiveness: the same with the host in the main thread`);
  const localDir = path("responsive-local");
  mkdirSync(localDir, { recursive: true });
  const host = await createHost({ dataDir: localDir, logger: silentLogger });
  let inProcess: ResponsiveSide;
  try {
    inProcess = await measure(linkTo(host), runs);
  } finally {
    await host.close();
  }
  return { runs, worker: inWorker, in_process: inProcess };
}

export function responsiveFields(r: ResponsiveResult) {
  return {
    responsive_runs: r.runs,
    main_thread_max_gap_ms: r.worker.main_thread_max_gap_ms,
    list_during_bulk_ms: r.worker.list_during_bulk_ms,
    in_process_main_thread_max_gap_ms: r.in_process.main_thread_max_gap_ms,
    in_process_list_during_bulk_ms: r.in_process.list_during_bulk_ms,
    worker_start_runs_ms: r.worker.start_runs_ms,
    worker_bulk_ms: r.worker.bulk_ms,
    in_process_start_runs_ms: r.in_process.start_runs_ms,
    in_process_bulk_ms: r.in_process.bulk_ms,
    target_main_thread_gap_under_50ms: r.worker.main_thread_max_gap_ms < MAX_GAP_MS,
    target_list_during_bulk_under_100ms: r.worker.list_during_bulk_ms < LIST_DURING_BULK_MS,
  };
}

export function renderResponsive(r: ResponsiveResult): string {
  const line = (name: string, s: ResponsiveSide) =>
    `  ${name}: main_thread_max_gap_ms ${s.main_thread_max_gap_ms}, list_during_bulk_ms ${s.list_during_bulk_ms} (starting the runs ${s.start_runs_ms} ms, the bulk ${s.bulk_ms} ms)`;
  return [
    `responsiveness: a ${TICK_MS} ms timer on the main thread while ${r.runs} support-agent runs start and one bulk call approves their items; a listItems halfway through the bulk`,
    line("host in its worker thread", r.worker),
    line("host in the main thread (for comparison)", r.in_process),
    `  targets (worker): longest gap under ${MAX_GAP_MS} ms: ${r.worker.main_thread_max_gap_ms < MAX_GAP_MS ? "PASS" : "FAIL"}; listItems under ${LIST_DURING_BULK_MS} ms: ${r.worker.list_during_bulk_ms < LIST_DURING_BULK_MS ? "PASS" : "FAIL"}`,
  ].join("\n");
}
