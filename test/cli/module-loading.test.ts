// What each command of the compiled CLI loads, traced by a module-loader hook (module-trace.mjs):
// the commands that run no graph load no graph library, no graph module and no TypeScript loader;
// a run loads LangGraph and its graph, and tsx only for a graph written in TypeScript. Listing the
// inbox and the decision log loads no LangChain library and no JSON Schema validator either.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createHost } from "../../main/host/index.js";
import { tempDir } from "../support/tmp.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/countersign.js", import.meta.url));
const TRACE_HOOK = fileURLToPath(new URL("../support/module-trace.mjs", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/graphs/fixtures.ts", import.meta.url));
const TIMEOUT = 180_000;

/** Module URLs that belong to a graph library, a graph, or a TypeScript loader. */
const GRAPH_LIBRARY = [
  ["@langchain/langgraph", /\/node_modules\/@langchain\/langgraph\//],
  ["langchain", /\/node_modules\/langchain\//],
  ["a demo graph", /\/demos\/[\w-]+\.[jt]s$/],
  ["a fixture graph", /\/test\/fixtures\/graphs\//],
  ["tsx", /\/node_modules\/tsx\//],
  ["TypeScript source", /\.ts$/],
] as const;

/** Libraries that reading plain inbox items and the decision log does without. */
const READ_LIBRARY = [
  ["@langchain/core", /\/node_modules\/@langchain\/core\//],
  ["@langchain/langgraph-checkpoint", /\/node_modules\/@langchain\/langgraph-checkpoint\//],
  ["langsmith", /\/node_modules\/langsmith\//],
  ["ajv", /\/node_modules\/ajv\//],
] as const;

let data: ReturnType<typeof tempDir>;
beforeEach(() => {
  data = tempDir("countersign-modules-");
});
afterEach(() => data.remove());

/** Runs the compiled CLI on this test's data folder; its exit code, stdout, and the URLs of the modules it loaded. */
async function traced(name: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; modules: string[] }> {
  const trace = data.file(`${name}.trace`);
  writeFileSync(trace, "");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", COUNTERSIGN_MODULE_TRACE: trace, NODE_OPTIONS: `--import=${TRACE_HOOK}` };
  delete env.COUNTERSIGN_DATA;
  const child = spawn(process.execPath, [BIN, "--data", data.path, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  return { code, stdout, stderr, modules: readFileSync(trace, "utf8").split("\n").filter(Boolean) };
}

/** Which of these libraries the modules include. */
function loaded(libraries: ReadonlyArray<readonly [string, RegExp]>, modules: string[]): string[] {
  return libraries.filter(([, pattern]) => modules.some((url) => pattern.test(url.split("?")[0]!))).map(([name]) => name);
}

/** Which kinds of graph code the modules include. */
function graphCode(modules: string[]): string[] {
  return loaded(GRAPH_LIBRARY, modules);
}

test("list, show, history, --help and --version load no graph library, graph or TypeScript loader (list and history no LangChain or ajv); run does", async () => {
  // One waiting thread and one decided one, seeded in process.
  const host = await createHost({ dataDir: data.path });
  let pending: string;
  let decided: string;
  try {
    pending = (await host.startRun({ graphId: "support-agent" })).items[0]!.id;
    decided = (await host.startRun({ graphId: "ship-it" })).items[0]!.id;
    await host.decide({ itemId: decided, decision: { type: "resume", value: "go" } });
  } finally {
    await host.close();
  }

  const commands: Record<string, string[]> = {
    list: ["list"],
    "list-json": ["list", "--json", "--search", "send_email"],
    show: ["show", pending],
    "show-decided": ["show", decided, "--json"],
    history: ["history"],
    help: ["--help"],
    "command-help": ["run", "--help"],
    version: ["--version"],
  };
  const results = await Promise.all(Object.entries(commands).map(async ([name, args]) => [name, await traced(name, args)] as const));
  for (const [name, result] of results) {
    expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    // The trace saw the command itself, compiled.
    expect(result.modules, name).toContain(new URL("../../out/cli/countersign.js", import.meta.url).href);
    expect(graphCode(result.modules), name).toEqual([]);
  }
  const byName = Object.fromEntries(results);
  // Plain interrupt values and the decision log read without LangChain, its serializer or ajv.
  for (const name of ["list", "list-json", "history"]) expect(loaded(READ_LIBRARY, byName[name]!.modules), name).toEqual([]);
  // The commands did their work without the graph: the item, its conversation, the decision.
  expect(byName.list!.stdout).toContain("Review 2 tool calls: send_email, run_sql");
  expect(JSON.parse(byName["list-json"]!.stdout)).toMatchObject([{ id: pending }]);
  expect(byName.show!.stdout).toContain("Proposing send_email and run_sql.");
  expect(JSON.parse(byName["show-decided"]!.stdout)).toMatchObject({ thread: { status: "done", values: { answer: "go" } }, decision: { resume: "go" } });
  expect(byName.history!.stdout).toContain(decided);

  // A run loads LangGraph and the compiled demo graph, but no TypeScript loader; a TypeScript graph brings tsx.
  const config = data.file("langgraph.json");
  writeFileSync(config, JSON.stringify({ graphs: { ask: `${FIXTURES}:ask` } }));
  const [demo, typescript] = await Promise.all([traced("run", ["run", "ship-it"]), traced("run-ts", ["--config", config, "run", "ask", "--input", '{"payload":"Proceed?"}'])]);
  expect(demo.code, demo.stderr).toBe(0);
  expect(graphCode(demo.modules)).toEqual(["@langchain/langgraph", "langchain", "a demo graph"]);
  expect(demo.modules).toContain(new URL("../../out/cli/demos/ship-it.js", import.meta.url).href);
  expect(typescript.code, typescript.stderr).toBe(0);
  expect(typescript.stdout).toMatch(/: waiting, 1 pending item\n/);
  expect(graphCode(typescript.modules)).toEqual(expect.arrayContaining(["@langchain/langgraph", "a fixture graph", "tsx", "TypeScript source"]));
}, TIMEOUT);
