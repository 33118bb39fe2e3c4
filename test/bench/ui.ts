// `--ui`: the browser-mode inbox under a big load, measured in Chromium (Playwright) against a real
// `serve()` on a data folder with N pending items (default 10,000).
//
//   (a) startup: from calling serve() to the inbox being interactive — the grid shows rows and the
//       count reads "10,000 items" (first animation frame after both hold). Median of --ui-runs.
//   (b) approve: from the click on Accept to the item's row leaving the list (next frame). Median
//       of --approvals, each taken once the list refetch of the previous one has arrived.
//
// Population: `--real-threads` (default 100) real threads through a host on the data folder — 90%
// ship-it (a question) and 10% expense-approval (approvable, for (b)) — then, with the host closed,
// their rows cloned with SQL INSERT ... SELECT into new thread ids until there are N threads, in
// every table with a thread_id column of checkpoints.sqlite (checkpoints, channel_values,
// value_chunks, writes, pending_interrupts) and of host.sqlite (threads): scale.ts's cloneThreads.
// Clones keep their template's created_at, so the expense items (created first) sort first.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "@playwright/test";
import { createHost } from "../../main/host/index.ts";
import { serve, type RunningServe } from "../../main/server/serve.ts";
import buildRendererIfStale from "../e2e/global-setup.ts";
import { cloneThreads } from "./scale.ts";
import { fmtInt, fmtMs, median, now, progress, round } from "./util.ts";

export const UI_TARGETS = { startup_max_ms: 1500, approve_max_ms: 100 } as const;

const CHROMIUM = process.env.COUNTERSIGN_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VIEWPORT = { width: 1280, height: 800 };
/**
 * The host's worker as `npm start` and `countersign serve` run it: compiled (out/cli, kept fresh by
 * buildRendererIfStale), not loaded from the sources through a TypeScript loader.
 */
const WORKER_ENTRY = new URL("../../out/cli/host-worker.js", import.meta.url);
/**
 * Headless Chromium loads its own omnibox WebUI into a renderer of its own when a window opens, which
 * competes with the page for the cores: the clock starts once the window has settled, so that it times
 * Countersign's start, not the browser's.
 */
const WINDOW_SETTLE_MS = 2000;
/** Share of real threads that are expense approvals (approvable with one click). */
const EXPENSE_EVERY = 10;

export interface UiOptions {
  items: number;
  realThreads: number;
  approvals: number;
  runs: number;
  path: (name: string) => string;
}

export interface UiResult {
  mode: "ui";
  items: number;
  startup_ms: number;
  startup_samples_ms: number[];
  /** serve() alone: open the databases, start loading the item cache (it goes on in the background), listen. */
  startup_serve_ms: number[];
  /** The rest: load the page, connect, listItems (the rows in view, once the host's load is done), render. */
  startup_page_ms: number[];
  /** The first start after an upgrade: an empty inbox store filled from the whole interrupt index (firstFill). */
  first_fill_ms: number;
  /** A host's resident memory after start-up on the filled store (createHost + first page), in a process of its own. */
  host_rss_mb: number;
  /** The same process before createHost, the host's modules imported. */
  host_rss_before_mb: number;
  approve_ms: number;
  approve_samples_ms: number[];
  targets: { startup_under_1500ms: boolean; approve_under_100ms: boolean };
  meta: {
    generated_at: string;
    node: string;
    chromium: string;
    viewport: string;
    real_threads: { ship_it: number; expense_approval: number };
    cloned_threads: number;
    cloned_tables: { checkpoints: string[]; host: string[] };
    population: string;
    notes: string;
    wall_ms: Record<string, number>;
  };
}

/** Real threads, then clones of them up to `items`; returns the tables cloned. */
export async function populate(dataDir: string, items: number, realThreads: number): Promise<{ shipIt: number; expense: number; tables: UiResult["meta"]["cloned_tables"] }> {
  const real = Math.min(items, realThreads);
  const expense = Math.max(1, Math.floor(real / EXPENSE_EVERY));
  const host = await createHost({ dataDir });
  const templates: string[] = [];
  try {
    for (let i = 0; i < real; i++) {
      const graphId = i < expense ? "expense-approval" : "ship-it";
      const threadId = `ui-${String(i).padStart(4, "0")}`;
      const run = await host.startRun({ graphId: graphId, threadId });
      if (run.status !== "waiting" || run.items.length !== 1) throw new Error(`${graphId} thread ${threadId} ended ${run.status} with ${run.items.length} items`);
      templates.push(threadId);
    }
  } finally {
    await host.close();
  }
  let count = real;
  let batch = 0;
  let tables: UiResult["meta"]["cloned_tables"] = { checkpoints: [], host: [] };
  while (count < items) {
    const take = templates.slice(0, items - count);
    const prefix = `c${++batch}-`;
    // The inbox store's rows are not cloned: the next host fills the store from the index, as the first start after an upgrade does.
    tables = { checkpoints: cloneThreads(join(dataDir, "checkpoints.sqlite"), prefix, take), host: cloneThreads(join(dataDir, "host.sqlite"), prefix, take, ["items"]) };
    count += take.length;
  }
  return { shipIt: real - expense, expense, tables };
}

/**
 * The first start after an upgrade: the items table emptied (as the migration leaves it), then a
 * host started; ms until its background pass has stored every item of the index.
 */
export async function firstFill(dataDir: string): Promise<number> {
  const db = new Database(join(dataDir, "host.sqlite"));
  db.exec("DELETE FROM items");
  db.close();
  const t0 = now();
  const host = await createHost({ dataDir });
  try {
    await host.refresh();
    return now() - t0;
  } finally {
    await host.close();
  }
}

/** The resident memory of a host after start-up on `dataDir`, measured in a process of its own (host-rss.ts). */
export function hostRss(dataDir: string): { items: number; rss_before_mb: number; rss_after_mb: number } {
  const script = fileURLToPath(new URL("./host-rss.ts", import.meta.url));
  const child = spawnSync(process.execPath, ["--import", "tsx", script, dataDir], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`host-rss.ts failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!);
}

/** Before any script of the page: record (epoch ms) the first frame where the grid has rows and the count reads `expected`. */
function readyProbe(expected: string): string {
  return `(() => {
    const ready = () => document.querySelector('[role=grid] [role=row]') && document.querySelector('[data-testid=inbox-count]')?.textContent === ${JSON.stringify(expected)};
    const observer = new MutationObserver(() => {
      if (window.__readyAt || !ready()) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__readyAt = performance.timeOrigin + performance.now(); });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })()`;
}

async function measureStartup(browser: Browser, dataDir: string, expectedCount: string): Promise<{ total: number; serve: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-US" });
  await context.addInitScript(readyProbe(expectedCount));
  const page = await context.newPage();
  let running: RunningServe | undefined;
  try {
    await page.waitForTimeout(WINDOW_SETTLE_MS);
    const startedAt = Date.now();
    running = await serve({ dataDir, workerEntry: WORKER_ENTRY, port: 0, explicitHost: false, handleSignals: false, print: () => undefined, warn: () => undefined });
    const serveMs = Date.now() - startedAt;
    await page.goto(running.url);
    await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt, undefined, { timeout: 120_000, polling: 50 });
    const readyAt = (await page.evaluate("window.__readyAt")) as number;
    return { total: readyAt - startedAt, serve: serveMs };
  } finally {
    await context.close();
    await running?.close();
  }
}

/**
 * Clicks Accept on the current item (in the page, no Playwright actionability overhead); ms until its
 * row is gone and a frame drawn. A string, not a function: tsx's esbuild would wrap a function's inner
 * functions in a `__name` helper that does not exist in the page.
 */
function clickAndWaitGone(page: Page, itemId: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const id = ${JSON.stringify(itemId)};
    const button = [...document.querySelectorAll("#detail-pane button")].find((b) => b.textContent === "Accept" && !b.disabled);
    if (!button) return reject(new Error("no enabled Accept button"));
    const gone = () => !document.querySelector('[role=row][data-item-id="' + CSS.escape(id) + '"]');
    const timer = setTimeout(() => reject(new Error("row " + id + " still listed after 30 s")), 30000);
    const observer = new MutationObserver(() => {
      if (!gone()) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.querySelector("[role=grid]"), { subtree: true, childList: true });
    const t0 = performance.now();
    button.click();
  })`);
}

async function measureApprovals(browser: Browser, dataDir: string, expectedCount: string, approvals: number): Promise<number[]> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "en-US" });
  const page = await context.newPage();
  // listItems answers (the only results with a nextCursor) tell when the refetch after a decision has arrived.
  let listAnswers = 0;
  page.on("websocket", (socket) => socket.on("framereceived", (frame) => void (String(frame.payload).includes('"nextCursor"') && listAnswers++)));
  const running = await serve({ dataDir, workerEntry: WORKER_ENTRY, port: 0, explicitHost: false, handleSignals: false, print: () => undefined, warn: () => undefined });
  try {
    await page.goto(running.url);
    await page.getByTestId("inbox-count").getByText(expectedCount, { exact: true }).waitFor({ timeout: 120_000 });
    const samples: number[] = [];
    for (let i = 0; i < approvals; i++) {
      const row = page.getByRole("grid", { name: "Inbox items" }).getByRole("row").filter({ hasText: "approve_expense" }).first();
      const itemId = await row.getAttribute("data-item-id");
      if (!itemId) throw new Error("no expense item left to approve");
      await row.click();
      await page.getByRole("region", { name: "Selected item" }).getByRole("button", { name: "Accept", exact: true }).waitFor();
      await page.waitForTimeout(200); // let the detail's getItem settle
      const answersBefore = listAnswers;
      samples.push(await clickAndWaitGone(page, itemId));
      // The next sample starts once the list refetch this decision triggers has arrived and rendered.
      const deadline = Date.now() + 15_000;
      while (listAnswers === answersBefore && Date.now() < deadline) await page.waitForTimeout(50);
      await page.waitForTimeout(300);
      progress(`ui: approve ${i + 1}/${approvals}: ${fmtMs(samples[i]!)}`);
    }
    return samples;
  } finally {
    await context.close();
    await running.close();
  }
}

export async function runUi(opts: UiOptions): Promise<UiResult> {
  const wall: Record<string, number> = {};
  let t0 = now();
  buildRendererIfStale();
  wall.build = round(now() - t0, 0);

  const dataDir = opts.path("ui-data");
  progress(`ui: populating ${fmtInt(opts.items)} pending items in ${dataDir} (${opts.realThreads} real threads, the rest cloned)`);
  t0 = now();
  const population = await populate(dataDir, opts.items, opts.realThreads);
  wall.populate = round(now() - t0, 0);
  const expectedCount = `${opts.items.toLocaleString("en-US")} item${opts.items === 1 ? "" : "s"}`;

  progress(`ui: first fill of the inbox store (${fmtInt(opts.items)} items)`);
  t0 = now();
  const fillMs = await firstFill(dataDir);
  wall.first_fill = round(now() - t0, 0);
  progress(`ui: first fill ${fmtMs(fillMs)}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    t0 = now();
    const startups: Array<{ total: number; serve: number }> = [];
    for (let run = 0; run < opts.runs; run++) {
      startups.push(await measureStartup(browser, dataDir, expectedCount));
      progress(`ui: startup ${run + 1}/${opts.runs}: ${fmtMs(startups[run]!.total)} (serve() ${fmtMs(startups[run]!.serve)})`);
    }
    wall.startup = round(now() - t0, 0);
    const rss = hostRss(dataDir);
    if (rss.items !== opts.items) throw new Error(`host-rss.ts saw ${rss.items} items, expected ${opts.items}`);
    progress(`ui: host resident memory after start-up ${rss.rss_after_mb} MB (${rss.rss_before_mb} MB before createHost)`);
    t0 = now();
    const approvals = await measureApprovals(browser, dataDir, expectedCount, Math.min(opts.approvals, population.expense));
    wall.approve = round(now() - t0, 0);

    const startupMs = median(startups.map((s) => s.total));
    const approveMs = median(approvals);
    return {
      mode: "ui",
      items: opts.items,
      startup_ms: round(startupMs, 0),
      startup_samples_ms: startups.map((s) => round(s.total, 0)),
      startup_serve_ms: startups.map((s) => round(s.serve, 0)),
      startup_page_ms: startups.map((s) => round(s.total - s.serve, 0)),
      first_fill_ms: round(fillMs, 0),
      host_rss_mb: rss.rss_after_mb,
      host_rss_before_mb: rss.rss_before_mb,
      approve_ms: round(approveMs, 1),
      approve_samples_ms: approvals.map((ms) => round(ms, 1)),
      targets: { startup_under_1500ms: startupMs < UI_TARGETS.startup_max_ms, approve_under_100ms: approveMs < UI_TARGETS.approve_max_ms },
      meta: {
        generated_at: new Date().toISOString(),
        node: process.versions.node,
        chromium: `${CHROMIUM} ${browser.version()}`,
        viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
        real_threads: { ship_it: population.shipIt, expense_approval: population.expense },
        cloned_threads: opts.items - population.shipIt - population.expense,
        cloned_tables: population.tables,
        population:
          `${population.expense} expense-approval + ${population.shipIt} ship-it threads run through a host on the data folder, ` +
          `then cloned with SQL INSERT ... SELECT into new thread ids (checkpoints.sqlite and host.sqlite) up to ${fmtInt(opts.items)} pending items`,
        notes:
          "startup = serve() called (the host's worker compiled, as npm start and countersign serve run it; the browser's new window settled first) → first frame with grid rows and the full count, on a data folder whose inbox store is filled (the everyday start; the first start " +
          "after an upgrade fills it, first_fill_ms, measured beforehand); serve() returns once the server listens, the host reconciles the store with the interrupt index meanwhile " +
          "(the page's first listItems waits for it); host_rss_mb: a host after createHost and its first page in a process of its own; the graph modules are already imported by the population step (warm module cache), " +
          "Chromium is launched beforehand. approve = click on Accept → next frame after the row left the list.",
        wall_ms: wall,
      },
    };
  } finally {
    await browser.close();
  }
}

export function renderUi(r: UiResult): string {
  const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");
  const rows = [
    ["measure", "median", "samples", "target", "result"],
    [`startup to interactive (${fmtInt(r.items)} items)`, fmtMs(r.startup_ms), r.startup_samples_ms.map(fmtMs).join(", "), `< ${fmtMs(UI_TARGETS.startup_max_ms)}`, verdict(r.targets.startup_under_1500ms)],
    ["  of which serve()", fmtMs(median(r.startup_serve_ms)), r.startup_serve_ms.map(fmtMs).join(", "), "", ""],
    ["  of which the page", fmtMs(median(r.startup_page_ms)), r.startup_page_ms.map(fmtMs).join(", "), "", ""],
    ["first start after an upgrade: store filled", fmtMs(r.first_fill_ms), "", "", ""],
    ["host resident memory after start-up", `${r.host_rss_mb} MB`, `${r.host_rss_before_mb} MB before createHost`, "", ""],
    ["approve click to row gone", fmtMs(r.approve_ms), r.approve_samples_ms.map(fmtMs).join(", "), `< ${fmtMs(UI_TARGETS.approve_max_ms)}`, verdict(r.targets.approve_under_100ms)],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const out = [`Browser-mode inbox in Chromium (${r.meta.chromium}, ${r.meta.viewport}) against serve() with ${fmtInt(r.items)} pending items`, `population: ${r.meta.population}`, ""];
  rows.forEach((row, i) => {
    out.push(row.map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
    if (i === 0) out.push(widths.map((w) => "─".repeat(w)).join("  "));
  });
  out.push(`notes: ${r.meta.notes}`);
  out.push(`cloned tables: checkpoints.sqlite [${r.meta.cloned_tables.checkpoints.join(", ")}], host.sqlite [${r.meta.cloned_tables.host.join(", ")}]`);
  out.push(`wall time: ${Object.entries(r.meta.wall_ms).map(([k, v]) => `${k} ${fmtMs(v)}`).join(", ")}`);
  return out.join("\n");
}
