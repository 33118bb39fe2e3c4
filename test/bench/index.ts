// `npm run bench` — our SQLite checkpointer side by side with the official SqliteSaver.
//
//   npm run bench                         human table on stdout (default --threads 1000)
//   npm run bench -- --json               exactly one JSON object on stdout; progress on stderr
//   npm run bench -- --threads 200        fewer threads for create / inbox / resume
//   npm run bench -- --bulk               one bulk approve of 1,000 items vs 1,000 bare resumes only (decide.ts; also in the default mode)
//   npm run bench -- --savers-only        the saver comparison only (no decide suites: their fields are left out)
//   npm run bench -- --scale              discovery curve 100 → 100k threads; writes docs/bench/discovery.{json,svg}
//   npm run bench -- --scale --max-threads 10000 --real-threads 1000
//   npm run bench -- --ui                 browser-mode inbox in Chromium: startup and approve latency with 10,000 items (ui.ts)
//   npm run bench -- --ui --items 2000 --approvals 10 --ui-runs 3 --real-threads 100
//   npm run bench -- --store              the inbox store through listItems at 1,000 and 100,000 items: first fill, start, page, count, filters, searches (store.ts)
//   npm run bench -- --store --sizes 1000,10000
//   npm run bench -- --responsive         the main thread's longest timer gap and a listItems during a bulk approve, host in its worker vs in the main thread (responsive.ts; also in the default mode)
//   npm run bench -- --responsive --threads 200
//   npm run bench -- --cli                cold `countersign list` on 1,000 items vs `node -e 0` only (cli.ts; also in the default mode)
//   npm run bench -- --remote             a remote inbox of 1,000 interrupted threads on a langgraphjs dev server: our discovery vs the Agent Inbox way (remote.ts)
//   npm run bench -- --remote --threads 200
//
// npm 11 prints its "> countersign@0.1.0 bench" banner on stdout; for machine use run `npm run -s bench -- --json`
// or `npx tsx test/bench/index.ts --json` (the JSON is one line, so `tail -n 1` also works).
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliFields, cliSuite, renderCli } from "./cli.ts";
import { DECIDE_CASES, bulkFields, bulkSuite, decideFields, decideSuite, renderBulk, renderDecide } from "./decide.ts";
import { buildResult, inboxTargetFrom, readDiscovery, renderCompare, type Meta } from "./report.ts";
import { renderResponsive, responsiveFields, responsiveSuite } from "./responsive.ts";
import { renderScale, runScale } from "./scale.ts";
import { OURS_IMPL } from "./savers.ts";
import { discoverySvg } from "./svg.ts";
import { makeTempDir, now, progress, round } from "./util.ts";
import { approvalSuite, bytesSuite, putSuite, sqliteCommitSuite, warmup } from "./workloads.ts";

const HELP = `usage: tsx test/bench/index.ts [--json] [--threads N] [--turns N] [--put-replays N] [--savers-only] [--bulk]
                             [--scale [--max-threads N] [--real-threads N] [--full-check-max N]]
                             [--ui [--items N] [--approvals N] [--ui-runs N] [--real-threads N]]
                             [--store [--sizes N,N]] [--cli] [--responsive] [--remote [--threads N]]`;

const DOCS_DIR = fileURLToPath(new URL("../../docs/bench/", import.meta.url));

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

function compareMeta(threads: number, loadStart: number, loadEnd: number, wall: Record<string, number>): Meta {
  return {
    generated_at: new Date().toISOString(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    ours_impl: OURS_IMPL,
    official_impl: "@langchain/langgraph-checkpoint-sqlite SqliteSaver",
    threads,
    loadavg_1m: { start: loadStart, end: loadEnd },
    wall_ms: wall,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      threads: { type: "string" },
      turns: { type: "string" },
      "put-replays": { type: "string" },
      "savers-only": { type: "boolean", default: false },
      scale: { type: "boolean", default: false },
      "max-threads": { type: "string" },
      "real-threads": { type: "string" },
      "full-check-max": { type: "string" },
      ui: { type: "boolean", default: false },
      items: { type: "string" },
      approvals: { type: "string" },
      "ui-runs": { type: "string" },
      cli: { type: "boolean", default: false },
      store: { type: "boolean", default: false },
      sizes: { type: "string" },
      bulk: { type: "boolean", default: false },
      responsive: { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${HELP}\n`);
    return 0;
  }
  const json = values.json ?? false;
  // In --json mode stdout carries the one JSON object only: anything else that logs goes to stderr.
  const writeResult = process.stdout.write.bind(process.stdout);
  if (json) {
    console.log = console.error;
    console.info = console.error;
    console.debug = console.error;
  }

  const tmp = makeTempDir();
  progress(`temp dir ${tmp.dir}; ours = ${OURS_IMPL}`);
  const started = now();
  const load = (): number => round(loadavg()[0] ?? 0, 2);
  const loadStart = load();
  try {
    if (values.ui) {
      // Loaded on demand: Playwright and the server are not needed by the other modes.
      const { renderUi, runUi } = await import("./ui.ts");
      const result = await runUi({
        items: positiveInt("items", values.items, 10_000),
        realThreads: positiveInt("real-threads", values["real-threads"], 100),
        approvals: positiveInt("approvals", values.approvals, 10),
        runs: positiveInt("ui-runs", values["ui-runs"], 3),
        path: tmp.path,
      });
      result.meta.wall_ms.total = round(now() - started, 0);
      writeResult(json ? `${JSON.stringify(result)}\n` : `${renderUi(result)}\n`);
      return 0;
    }
    if (values.store) {
      const { renderStore, runStore } = await import("./store.ts");
      const sizes = (values.sizes ?? "1000,100000").split(",").map((size) => positiveInt("sizes", size, 0));
      const result = await runStore(sizes, tmp.path);
      writeResult(json ? `${JSON.stringify(result)}\n` : `${renderStore(result)}\n`);
      return 0;
    }
    if (values.cli) {
      const cli = await cliSuite(tmp.path);
      writeResult(json ? `${JSON.stringify({ mode: "cli", ...cliFields(cli), meta: { generated_at: new Date().toISOString(), node: process.versions.node, cpus: availableParallelism(), loadavg_1m: { start: loadStart, end: load() } } })}\n` : `${renderCli(cli)}\n`);
      return 0;
    }
    if (values.bulk) {
      const bulk = await bulkSuite(DECIDE_CASES.approval, positiveInt("threads", values.threads, 1_000), tmp.path);
      writeResult(json ? `${JSON.stringify({ mode: "bulk", ...bulkFields(bulk), meta: { generated_at: new Date().toISOString(), node: process.versions.node, cpus: availableParallelism(), loadavg_1m: { start: loadStart, end: load() } } })}\n` : `${renderBulk(bulk)}\n`);
      return 0;
    }
    if (values.remote) {
      // Loaded on demand: the other modes start no LangGraph server.
      const { remoteFields, remoteSuite, renderRemote } = await import("./remote.ts");
      const remote = await remoteSuite(positiveInt("threads", values.threads, 1_000));
      writeResult(json ? `${JSON.stringify({ mode: "remote", ...remoteFields(remote), meta: { generated_at: new Date().toISOString(), node: process.versions.node, cpus: availableParallelism(), loadavg_1m: { start: loadStart, end: load() } } })}\n` : `${renderRemote(remote)}\n`);
      return 0;
    }
    if (values.responsive) {
      const responsive = await responsiveSuite(positiveInt("threads", values.threads, 1_000), tmp.path);
      writeResult(json ? `${JSON.stringify({ mode: "responsive", ...responsiveFields(responsive), meta: { generated_at: new Date().toISOString(), node: process.versions.node, cpus: availableParallelism(), loadavg_1m: { start: loadStart, end: load() } } })}\n` : `${renderResponsive(responsive)}\n`);
      return 0;
    }
    if (values.scale) {
      const maxThreads = positiveInt("max-threads", values["max-threads"], 100_000);
      const realThreads = Math.min(maxThreads, positiveInt("real-threads", values["real-threads"], 1_000));
      const fullCheckMax = positiveInt("full-check-max", values["full-check-max"], 10_000);
      const result = await runScale({ maxThreads, realThreads, fullCheckMax, path: tmp.path });
      result.meta.wall_ms.total = round(now() - started, 0);
      result.meta.loadavg_1m = { start: loadStart, end: load() };
      mkdirSync(DOCS_DIR, { recursive: true });
      writeFileSync(`${DOCS_DIR}discovery.json`, `${JSON.stringify(result, null, 2)}\n`);
      writeFileSync(`${DOCS_DIR}discovery.svg`, discoverySvg(result));
      progress(`wrote docs/bench/discovery.json and docs/bench/discovery.svg`);
      const target = inboxTargetFrom(result, "this run");
      const out = { ...result, target_inbox_100k: target };
      if (json) writeResult(`${JSON.stringify(out)}\n`);
      else {
        writeResult(`${renderScale(result)}\n`);
        writeResult(
          `target (100k threads, 10k pending: < 5 ms and >= 1000× the official scan): ${target.pass === null ? "not measured" : target.pass ? "PASS" : "FAIL"}${target.query_ms === null ? ` (${target.source})` : ` — ${target.query_ms} ms, ${target.speedup}×`}\n`,
        );
        writeResult(`wrote docs/bench/discovery.json and docs/bench/discovery.svg; total ${round((now() - started) / 1000, 1)} s\n`);
      }
      return 0;
    }

    const threads = positiveInt("threads", values.threads, 1_000);
    const turns = positiveInt("turns", values.turns, 50);
    const replays = positiveInt("put-replays", values["put-replays"], 20);
    const wall: Record<string, number> = {};
    const phase = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
      const t0 = now();
      const value = await fn();
      wall[name] = round(now() - t0, 0);
      return value;
    };
    await phase("warmup", () => warmup(tmp.path));
    const approval = await phase("create_inbox_resume", () => approvalSuite(threads, tmp.path));
    const bytes = await phase("db_bytes", () => bytesSuite(turns, tmp.path));
    const puts = await phase("put", () => putSuite(turns, replays, tmp.path));
    const ceiling = await phase("sqlite_ceiling", () => sqliteCommitSuite(tmp.path));
    if (values["savers-only"]) {
      wall.total = round(now() - started, 0);
      const result = buildResult(compareMeta(threads, loadStart, load(), wall), approval, bytes, puts, ceiling, inboxTargetFrom(readDiscovery(`${DOCS_DIR}discovery.json`), "docs/bench/discovery.json"));
      writeResult(json ? `${JSON.stringify(result)}\n` : `${renderCompare(result)}\n`);
      return 0;
    }
    const decide = await phase("decide", () => decideSuite(DECIDE_CASES.approval, Math.min(threads, 300), tmp.path));
    const decideAgent = await phase("decide_agent", () => decideSuite(DECIDE_CASES.agent, Math.min(threads, 100), tmp.path));
    const bulk = await phase("bulk", () => bulkSuite(DECIDE_CASES.approval, Math.min(threads, 1000), tmp.path));
    const cli = await phase("cli", () => cliSuite(tmp.path));
    const responsive = await phase("responsive", () => responsiveSuite(Math.min(threads, 1000), tmp.path));
    wall.total = round(now() - started, 0);
    const meta = compareMeta(threads, loadStart, load(), wall);
    const inbox100k = inboxTargetFrom(readDiscovery(`${DOCS_DIR}discovery.json`), "docs/bench/discovery.json");
    const result = { ...buildResult(meta, approval, bytes, puts, ceiling, inbox100k), ...decideFields(decide, decideAgent), ...bulkFields(bulk), ...cliFields(cli), ...responsiveFields(responsive) };
    writeResult(json ? `${JSON.stringify(result)}\n` : `${renderCompare(result)}\n${renderDecide(decide, decideAgent)}\n${renderBulk(bulk)}\n${renderCli(cli)}\n`);
    return 0;
  } finally {
    tmp.dispose();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`[bench] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
