// How fast the `countersign` command starts: a cold `countersign list` (a new process each time,
// as a user or a script runs it) on a data folder with 1,000 pending items, against a bare
// `node -e 0`, the floor of any Node command. Medians of five spawns each, taken in turns.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createHost } from "../../main/host/index.ts";
import { ensureCliBuilt } from "../support/cli-build.ts";
import { approvalInput } from "./graphs.ts";
import { CLI_LIST_RATIO_MAX } from "./report.ts";
import { median, now, progress, round } from "./util.ts";

const BIN = fileURLToPath(new URL("../../bin/countersign.js", import.meta.url));
const APPROVAL_GRAPH = `${fileURLToPath(new URL("./graphs.ts", import.meta.url))}:approvalBuilder`;

export interface CliResult {
  items: number;
  runs: number;
  cli_list_ms: number;
  node_baseline_ms: number;
  cli_list_ratio: number;
  samples: { cli_list_ms: number[]; node_baseline_ms: number[] };
}

/** Wall time of one process from spawn to exit; fails unless it exits 0 (and, for list, prints every item). */
async function spawnMs(args: string[], expectLines?: number): Promise<number> {
  const t0 = now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const ms = now() - t0;
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited ${code}: ${stderr.trim()}`);
  const lines = stdout.split("\n").filter(Boolean).length;
  if (expectLines !== undefined && lines !== expectLines) throw new Error(`node ${args.join(" ")} printed ${lines} lines, expected ${expectLines}`);
  return ms;
}

/** `items` pending items, one thread each, of the bench's one-node approval graph. */
async function seed(dir: string, items: number): Promise<void> {
  const config = `${dir}/langgraph.json`;
  writeFileSync(config, JSON.stringify({ graphs: { approval: APPROVAL_GRAPH } }));
  const host = await createHost({ dataDir: dir, configPath: config });
  try {
    for (let i = 0; i < items; i++) await host.startRun({ graphId: "approval", input: approvalInput(i) as unknown as Record<string, unknown> });
    const { total } = await host.listItems({ limit: 1 });
    if (total !== items) throw new Error(`expected ${items} pending items, found ${total}`);
  } finally {
    await host.close();
  }
}

export async function cliSuite(path: (name: string) => string, options: { items?: number; runs?: number } = {}): Promise<CliResult> {
  const items = options.items ?? 1_000;
  const runs = options.runs ?? 5;
  ensureCliBuilt();
  const dir = path("cli");
  mkdirSync(dir, { recursive: true });
  progress(`cli: seeding ${items} pending items`);
  await seed(dir, items);
  const list = [BIN, "--data", dir, "list"];
  progress(`cli: cold \`countersign list\` vs \`node -e 0\`, ${runs} spawns each, in turns`);
  // One of each first, unmeasured: the files are in the OS cache for every measured spawn alike.
  await spawnMs(["-e", "0"]);
  await spawnMs(list, items + 1);
  const cli: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(await spawnMs(["-e", "0"]));
    cli.push(await spawnMs(list, items + 1));
  }
  const cliMs = median(cli);
  const nodeMs = median(node);
  return {
    items,
    runs,
    cli_list_ms: round(cliMs, 0),
    node_baseline_ms: round(nodeMs, 0),
    cli_list_ratio: round(cliMs / nodeMs, 2),
    samples: { cli_list_ms: cli.map((ms) => round(ms, 0)), node_baseline_ms: node.map((ms) => round(ms, 0)) },
  };
}

export function cliFields(r: CliResult) {
  return {
    cli_list_ms: r.cli_list_ms,
    node_baseline_ms: r.node_baseline_ms,
    cli_list_ratio: r.cli_list_ratio,
    cli_list_items: r.items,
    cli_list_samples_ms: r.samples.cli_list_ms,
    node_baseline_samples_ms: r.samples.node_baseline_ms,
    target_cli_list_within_3x_node: r.cli_list_ratio <= CLI_LIST_RATIO_MAX,
  };
}

export function renderCli(r: CliResult): string {
  return [
    `cli: cold \`countersign list\` on ${r.items.toLocaleString("en-US")} pending items vs \`node -e 0\` (median of ${r.runs} spawns each)`,
    `  cli_list_ms ${r.cli_list_ms} (samples ${r.samples.cli_list_ms.join(", ")}), node_baseline_ms ${r.node_baseline_ms} (samples ${r.samples.node_baseline_ms.join(", ")}): ${r.cli_list_ratio}×`,
    `  target: list within ${CLI_LIST_RATIO_MAX}× a bare node -e 0: ${r.cli_list_ratio <= CLI_LIST_RATIO_MAX ? "met" : "not met"}`,
  ].join("\n");
}
