// Loading graphs from langgraph.json files written to temp dirs: every kind of export, env, and every way one can fail.
import { spawnSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MemorySaver } from "@langchain/langgraph";
import ts from "typescript";
import { loadGraphs } from "../../main/host/graphs/load-config.js";
import { tempDir } from "../support/tmp.js";

const repoNodeModules = fileURLToPath(new URL("../../node_modules", import.meta.url));

// A counter graph each module builds in its own way: running it once gives { n: 1 }.
const COUNTER = `
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
const State = Annotation.Root({ n: Annotation({ reducer: (_, next) => next, default: () => 0 }) });
const counter = () => new StateGraph(State).addNode("inc", (s) => ({ n: s.n + 1 })).addEdge(START, "inc").addEdge("inc", END);
`;

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
  // Graph modules import @langchain/langgraph like a user's project would.
  symlinkSync(repoNodeModules, dir.file("node_modules"));
  writeFileSync(dir.file("package.json"), JSON.stringify({ type: "module" }));
});
afterEach(() => dir.remove());

function write(files: Record<string, string | object>): string {
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(dir.file(name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir.file("langgraph.json");
}

let threadCount = 0;
async function runOnce(graph: { invoke: (input: unknown, config: object) => Promise<unknown> }) {
  const config = { configurable: { thread_id: `t${++threadCount}` } };
  return { result: await graph.invoke({}, config), config };
}

describe("exports that load", () => {
  test("compiled graph (.ts), builder (.js, default export), sync and async factories, a promise; each persists to the given checkpointer", async () => {
    const configPath = write({
      "compiled.ts": `${COUNTER}export const graph = counter().compile({ description: "counts to one" });`,
      "builder.js": `${COUNTER}export default counter();`,
      "factories.ts": `${COUNTER}
        export function makeCompiled(config: { configurable?: object }) { if (!config.configurable) throw new Error("no config"); return counter().compile(); }
        export async function makeBuilder() { await new Promise((r) => setTimeout(r, 1)); return counter(); }
        export const later = Promise.resolve(counter().compile());`,
      "langgraph.json": {
        graphs: {
          compiled: "./compiled.ts:graph",
          builder: "./builder.js",
          "sync-factory": "./factories.ts:makeCompiled",
          "async-factory": { path: "./factories.ts:makeBuilder", description: "from the object form" },
          promise: "./factories.ts:later",
        },
      },
    });
    const saver = new MemorySaver();
    const { graphs, errors } = await loadGraphs(configPath, saver);
    expect(errors).toEqual([]);
    expect(graphs.map((g) => [g.id, g.description, g.sourcePath])).toEqual([
      ["compiled", "counts to one", dir.file("compiled.ts")],
      ["builder", undefined, dir.file("builder.js")],
      ["sync-factory", undefined, dir.file("factories.ts")],
      ["async-factory", "from the object form", dir.file("factories.ts")],
      ["promise", undefined, dir.file("factories.ts")],
    ]);
    for (const { graph } of graphs) {
      const { result, config } = await runOnce(graph);
      expect(result).toEqual({ n: 1 });
      expect(await saver.getTuple(config)).toBeDefined();
    }
  });

  test("a compiled export keeps its own checkpointer: each load gets a copy using the host's", async () => {
    const configPath = write({
      "own-saver.ts": `${COUNTER}import { MemorySaver } from "@langchain/langgraph";
        export const ownSaver = new MemorySaver();
        export const graph = counter().compile({ checkpointer: ownSaver });`,
      "langgraph.json": { graphs: { g: "./own-saver.ts:graph" } },
    });
    const first = new MemorySaver();
    const second = new MemorySaver();
    const [a] = (await loadGraphs(configPath, first)).graphs;
    const [b] = (await loadGraphs(configPath, second)).graphs;
    const { config } = await runOnce(a!.graph);
    expect(await first.getTuple(config)).toBeDefined();
    expect(await second.getTuple(config)).toBeUndefined();
    expect(await b!.graph.getState(config)).toMatchObject({ values: {} });

    const module = await import(pathToFileURL(dir.file("own-saver.ts")).href);
    expect(module.graph.checkpointer).toBe(module.ownSaver);
    expect(await module.ownSaver.getTuple(config)).toBeUndefined();
  });
});

describe("env", () => {
  const keys = ["CS_TEST_FROM_FILE", "CS_TEST_PRESET", "CS_TEST_FROM_OBJECT"];
  afterEach(() => keys.forEach((key) => delete process.env[key]));

  // The module reads process.env when imported, so its description proves env was applied first.
  const envGraph = `${COUNTER}export const graph = counter().compile({ description: [process.env.CS_TEST_FROM_FILE, process.env.CS_TEST_PRESET, process.env.CS_TEST_FROM_OBJECT].join("/") });`;

  test("a .env file relative to langgraph.json is applied before import, without overwriting set variables", async () => {
    process.env.CS_TEST_PRESET = "from-shell";
    const configPath = write({
      "config.env": "CS_TEST_FROM_FILE=from-file\nCS_TEST_PRESET=from-file\n",
      "env-graph.ts": envGraph,
      "langgraph.json": { graphs: { g: "./env-graph.ts:graph" }, env: "./config.env" },
    });
    const { graphs } = await loadGraphs(configPath, new MemorySaver());
    expect(graphs[0]!.description).toBe("from-file/from-shell/");
    expect(process.env.CS_TEST_FROM_FILE).toBe("from-file");
  });

  test("an env object is applied the same way", async () => {
    process.env.CS_TEST_PRESET = "from-shell";
    const configPath = write({
      "env-graph.ts": envGraph,
      "langgraph.json": { graphs: { g: "./env-graph.ts:graph" }, env: { CS_TEST_FROM_OBJECT: "from-object", CS_TEST_PRESET: "from-object" } },
    });
    const { graphs } = await loadGraphs(configPath, new MemorySaver());
    expect(graphs[0]!.description).toBe("/from-shell/from-object");
  });

  test("an env file that does not exist fails the whole load, naming the file", async () => {
    const configPath = write({ "langgraph.json": { graphs: {}, env: ".env.missing" } });
    await expect(loadGraphs(configPath, new MemorySaver())).rejects.toThrow(`Cannot read the env file ${dir.file(".env.missing")}`);
  });
});

describe("errors", () => {
  test("every broken graph is reported with its id and cause, and the good one still loads", async () => {
    const configPath = write({
      "good.ts": `${COUNTER}export const graph = counter().compile();`,
      "values.ts": `${COUNTER}
        export const answer = 42;
        export const settings = { model: "x" };
        export function makeNothing() { return undefined; }
        export function explode(): never { throw new Error("boom in factory"); }
        export const noEntry = new StateGraph(State).addNode("inc", (s) => ({ n: s.n + 1 }));`,
      "broken.ts": `throw new Error("DATABASE_URL is not set");`,
      "langgraph.json": {
        graphs: {
          malformed: 42,
          "missing-file": "./nope.ts:graph",
          "missing-export": "./good.ts:grpah",
          "not-a-graph": "./values.ts:answer",
          "plain-object": "./values.ts:settings",
          "factory-returns-nothing": "./values.ts:makeNothing",
          "throws-at-import": "./broken.ts:graph",
          "factory-throws": "./values.ts:explode",
          "compile-fails": "./values.ts:noEntry",
          good: "./good.ts:graph",
        },
      },
    });
    const { graphs, errors } = await loadGraphs(configPath, new MemorySaver());
    expect(graphs.map((g) => g.id)).toEqual(["good"]);
    expect(await runOnce(graphs[0]!.graph)).toMatchObject({ result: { n: 1 } });

    const messages = Object.fromEntries(errors.map((e) => [e.id, e.message]));
    expect(Object.keys(messages)).toEqual([
      "malformed",
      "missing-file",
      "missing-export",
      "not-a-graph",
      "plain-object",
      "factory-returns-nothing",
      "throws-at-import",
      "factory-throws",
      "compile-fails",
    ]);
    expect(messages).toEqual({
      malformed: 'Graph "malformed": expected "./file.ts:export" or { "path": "./file.ts:export" }, got 42',
      "missing-file": `Graph "missing-file": file not found: ./nope.ts (${dir.file("nope.ts")})`,
      "missing-export": 'Graph "missing-export": ./good.ts has no export "grpah" (available: graph)',
      "not-a-graph": expect.stringMatching(/^Graph "not-a-graph": export "answer" of \.\/values\.ts is not a graph: a number; expected a compiled graph, a StateGraph builder/),
      "plain-object": expect.stringContaining('export "settings" of ./values.ts is not a graph: a plain object;'),
      "factory-returns-nothing": expect.stringContaining('export "makeNothing" of ./values.ts is not a graph: it returned undefined;'),
      "throws-at-import": 'Graph "throws-at-import": importing ./broken.ts failed: DATABASE_URL is not set',
      "factory-throws": 'Graph "factory-throws": building export "explode" of ./values.ts failed: boom in factory',
      "compile-fails": expect.stringMatching(/^Graph "compile-fails": building export "noEntry" of \.\/values\.ts failed: .+/),
    });
  });

  test("a module with no exports says so", async () => {
    const configPath = write({ "empty.ts": "export {};", "langgraph.json": { graphs: { e: "./empty.ts:graph" } } });
    const { errors } = await loadGraphs(configPath, new MemorySaver());
    expect(errors).toEqual([{ id: "e", message: 'Graph "e": ./empty.ts has no export "graph" (it exports nothing)' }]);
  });

  test("an unreadable or invalid langgraph.json fails the whole load", async () => {
    await expect(loadGraphs(dir.file("absent.json"), new MemorySaver())).rejects.toThrow(`Cannot read ${dir.file("absent.json")}`);
    writeFileSync(dir.file("bad.json"), "{ graphs: ");
    await expect(loadGraphs(dir.file("bad.json"), new MemorySaver())).rejects.toThrow("is not valid JSON");
    writeFileSync(dir.file("no-graphs.json"), JSON.stringify({ dependencies: ["."] }));
    await expect(loadGraphs(dir.file("no-graphs.json"), new MemorySaver())).rejects.toThrow('has no "graphs" object');
  });
});

// The host may run compiled to JS under plain node, where nothing loads .ts: importGraphModule then
// registers tsx, and the graph must share the host's @langchain/langgraph, not a copy of its own.
test("under plain node, a .ts graph module loads through tsx and shares the host's @langchain/langgraph", () => {
  const source = readFileSync(new URL("../../main/host/graphs/import-graph-module.ts", import.meta.url), "utf8");
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  write({
    "import-graph-module.mjs": compiled.outputText,
    "graph.ts": `import { Command } from "@langchain/langgraph";\nexport { Command };\nexport const answer: number = 42;`,
    "host.mjs": `import { Command } from "@langchain/langgraph";
      import { importGraphModule } from "./import-graph-module.mjs";
      const module = await importGraphModule(process.argv[2]);
      console.log(JSON.stringify({ answer: module.answer, sharesLangGraph: module.Command === Command }));`,
  });
  const run = spawnSync(process.execPath, [dir.file("host.mjs"), dir.file("graph.ts")], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  expect(run.stderr).toBe("");
  expect(JSON.parse(run.stdout)).toEqual({ answer: 42, sharesLangGraph: true });
});
