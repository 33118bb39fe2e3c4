// `--store`: the inbox store at several inbox sizes (default 1,000 and 100,000 pending items), through
// the host's own calls, in this process (no worker, no browser):
//
//   first_fill_ms   the first start after an upgrade: an empty items table over the whole interrupt
//                   index; createHost() → the background pass has stored every item.
//   open_ms         an everyday start on a filled store: createHost() → the first page answered.
//   start_pass_ms   then, until the start-up pass has ended (in the background): nothing to compare
//                   when the index did not change since the store last matched it (its watch) and
//                   the local item count reads as then.
//   compare_pass_ms the same pass after another process changed the index: the index's keys against
//                   the store's, in ranges, in the background.
//   page_ms         listItems first page (100 rows, oldest first) with its counts.
//   count_ms        listItems({ limit: 1 }): one row, the total and the counts.
//   filtered_ms     listItems first page filtered by graph (10% of the items) and by kind.
//   search_rare_ms  listItems search for a substring one item has (full-text index).
//   search_common_ms listItems search for a substring 10% of the items have: costs what it matches.
//   search_short_ms listItems search for 2 characters (LIKE, reads every row).
//   deep_page_ms    listItems page at offset items/2 (a jump down the list).
//   counts_kept_ms / counts_scan_ms  the counts from the kept table vs a GROUP BY over the items.
//
// Population as the ui bench's (ui.ts populate: real threads, then their rows cloned with SQL), plus
// one real expense thread whose employee name appears nowhere else (the rare search).
import Database from "better-sqlite3";
import { join } from "node:path";
import { createHost, type Host } from "../../main/host/index.ts";
import { firstFill, populate } from "./ui.ts";
import { fmtInt, fmtMs, median, now, progress, round } from "./util.ts";

const RARE = "Quillon Vantablack";
const REPEATS = 15;

export interface StoreSizeResult {
  items: number;
  first_fill_ms: number;
  open_ms: number;
  start_pass_ms: number;
  compare_pass_ms: number;
  page_ms: number;
  count_ms: number;
  filtered_graph_ms: number;
  filtered_kind_ms: number;
  search_rare_ms: number;
  search_common_ms: number;
  search_short_ms: number;
  deep_page_ms: number;
  counts_kept_ms: number;
  counts_scan_ms: number;
  host_sqlite_mb: number;
}

export interface StoreResult {
  mode: "store";
  sizes: StoreSizeResult[];
  meta: { generated_at: string; node: string; repeats: number; notes: string };
}

async function medianOf(repeats: number, call: () => Promise<unknown>): Promise<number> {
  await call(); // warm: statements prepared, pages cached
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    await call();
    samples.push(now() - t0);
  }
  return round(median(samples), 2);
}

function medianSync(repeats: number, call: () => unknown): number {
  call();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    call();
    samples.push(now() - t0);
  }
  return round(median(samples), 3);
}

async function measureSize(items: number, path: (name: string) => string): Promise<StoreSizeResult> {
  const dataDir = path(`store-${items}`);
  progress(`store: populating ${fmtInt(items)} pending items in ${dataDir}`);
  await populate(dataDir, items - 1, 100);
  const rare = await createHost({ dataDir });
  try {
    await rare.startRun({ graphId: "expense-approval", input: { expense: { employee: RARE, amount: 7, category: "travel", receipt: "https://example.com/r/q" } } });
  } finally {
    await rare.close();
  }
  progress(`store: first fill of ${fmtInt(items)} items`);
  const fill = await firstFill(dataDir);
  progress(`store: first fill ${fmtMs(fill)}`);

  const t0 = now();
  const host: Host = await createHost({ dataDir });
  try {
    const first = await host.listItems({ limit: 100 });
    const open = now() - t0;
    if (first.counts.all !== items) throw new Error(`expected ${items} items, the host counts ${first.counts.all}`);
    // The start-up pass (the index's keys against the store's) goes on in the background: the calls below are timed after it.
    const t1 = now();
    await host.refresh();
    const reconcile = now() - t1;
    const rareHits = await host.listItems({ search: RARE.slice(2, 12).toLowerCase() });
    if (rareHits.total !== 1) throw new Error(`the rare search found ${rareHits.total} items`);
    const db = new Database(join(dataDir, "host.sqlite"), { readonly: true });
    const kept = db.prepare("SELECT source, kind, graph_id, n FROM item_counts");
    const scan = db.prepare("SELECT source, kind, graph_id, count(*) AS n FROM items GROUP BY source, kind, graph_id");
    const result: StoreSizeResult = {
      items,
      first_fill_ms: round(fill, 0),
      open_ms: round(open, 1),
      start_pass_ms: round(reconcile, 1),
      compare_pass_ms: 0,
      page_ms: await medianOf(REPEATS, () => host.listItems({ limit: 100 })),
      count_ms: await medianOf(REPEATS, () => host.listItems({ limit: 1 })),
      filtered_graph_ms: await medianOf(REPEATS, () => host.listItems({ graphId: "expense-approval", limit: 100 })),
      filtered_kind_ms: await medianOf(REPEATS, () => host.listItems({ kind: "human-interrupt", limit: 100, sort: "newest" })),
      search_rare_ms: await medianOf(REPEATS, () => host.listItems({ search: RARE.slice(2, 12).toLowerCase(), limit: 100 })),
      search_common_ms: await medianOf(REPEATS, () => host.listItems({ search: "R. Okafor", limit: 100 })),
      search_short_ms: await medianOf(REPEATS, () => host.listItems({ search: "zq", limit: 100 })),
      deep_page_ms: await medianOf(REPEATS, () => host.listItems({ cursor: String(Math.floor(items / 2)), limit: 100 })),
      counts_kept_ms: medianSync(REPEATS, () => kept.all()),
      counts_scan_ms: medianSync(REPEATS, () => scan.all()),
      host_sqlite_mb: round((db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").pluck().get() as number) / 2 ** 20, 1),
    };
    db.close();
    await host.close();
    result.compare_pass_ms = round(await comparePass(dataDir), 0);
    progress(`store: ${fmtInt(items)} items: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await host.close();
  }
}

/** The start-up pass after another process changed the index (which ends its watch): ms until it ends. */
async function comparePass(dataDir: string): Promise<number> {
  const db = new Database(join(dataDir, "checkpoints.sqlite"));
  db.exec("UPDATE index_watch SET changed = 1");
  db.close();
  const host = await createHost({ dataDir });
  try {
    const t0 = now();
    await host.refresh();
    return now() - t0;
  } finally {
    await host.close();
  }
}

export async function runStore(sizes: readonly number[], path: (name: string) => string): Promise<StoreResult> {
  const results: StoreSizeResult[] = [];
  for (const size of sizes) results.push(await measureSize(size, path));
  return {
    mode: "store",
    sizes: results,
    meta: {
      generated_at: new Date().toISOString(),
      node: process.versions.node,
      repeats: REPEATS,
      notes:
        "host in this process (no worker); each figure the median of the repeats after one warm-up call; listItems includes the counts. " +
        "Population: ui.ts populate (10% expense-approval, 90% ship-it, cloned with SQL) plus one real expense thread for the rare search.",
    },
  };
}

export function renderStore(r: StoreResult): string {
  const keys = Object.keys(r.sizes[0]!).filter((key) => key !== "items") as Array<keyof StoreSizeResult>;
  const rows = [["measure", ...r.sizes.map((s) => `${fmtInt(s.items)} items`)], ...keys.map((key) => [key, ...r.sizes.map((s) => String(s[key]))])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const out = ["Inbox store through the host's calls (ms unless named otherwise)", ""];
  rows.forEach((row, i) => {
    out.push(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
    if (i === 0) out.push(widths.map((w) => "─".repeat(w)).join("  "));
  });
  out.push(`notes: ${r.meta.notes}`);
  return out.join("\n");
}
