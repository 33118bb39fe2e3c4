// Builds the `countersign` command into out/cli/ (`npm run build:cli`; `npm ci` runs it as `prepare`):
// plain JavaScript, so the CLI starts with no TypeScript loader.
//
// - ES modules split into chunks: every `import()` of the sources stays a separate chunk, loaded
//   only by the commands that need it (serve, a graph run), never by `list`.
// - npm packages stay imports (node_modules), so a graph and the host share one @langchain/langgraph.
//   JSON files are the exception: inlined, since the bundler drops the `with { type: "json" }`
//   that Node requires to import one. So is zod outside the demo graphs (bundledForHost).
// - Chunks sit directly in out/cli/, two levels below the root like their sources in main/<dir>/,
//   so paths the sources take relative to themselves (../../package.json, ../../out/renderer,
//   ./demos/langgraph.json, as in out/main/) hold for the bundle too.
// - The demo graphs ship compiled in out/cli/demos/, with a langgraph.json naming the .js files.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, URL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI_OUT = join(ROOT, "out/cli");
const DEMOS = join(ROOT, "main/host/graphs/demos");

/** A bare import (an npm package or a node: builtin) stays an import, unless it is a JSON file or the host's zod. */
const packagesExternal = {
  name: "countersign:packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith(".json") || bundledForHost(args) ? undefined : { path: args.path, external: true }));
    // zod's translations of its messages (`z.locales`), a third of its code, which the host never uses; English is imported apart.
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (args.importer.includes("/node_modules/zod/") ? { path: args.path, namespace: "no-zod-locales" } : undefined));
    builder.onLoad({ filter: /./, namespace: "no-zod-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * zod is bundled into the host's chunks: every command loads it, and as a package it is about a
 * hundred files to resolve and link, a fifth of a cold `countersign list`.
 * A demo graph keeps importing the package, the one LangChain reads its tool schemas with.
 */
function bundledForHost(args) {
  return (args.path === "zod" || args.path.startsWith("zod/")) && !args.importer.startsWith(DEMOS);
}

async function buildCli() {
  const demoConfig = JSON.parse(readFileSync(join(DEMOS, "langgraph.json"), "utf8"));
  const demoEntries = {};
  const compiledGraphs = {};
  for (const [id, spec] of Object.entries(demoConfig.graphs)) {
    const match = /^\.\/([\w-]+)\.ts:(\w+)$/.exec(spec);
    if (!match) throw new Error(`main/host/graphs/demos/langgraph.json: expected "./<name>.ts:<export>" for ${id}, got ${JSON.stringify(spec)}`);
    demoEntries[`demos/${match[1]}`] = join(DEMOS, `${match[1]}.ts`);
    compiledGraphs[id] = `./${match[1]}.js:${match[2]}`;
  }
  // Chunk names change with their content: last build's would stay behind.
  rmSync(CLI_OUT, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    // The host's worker thread (serve) is an entry of its own, found next to the chunks as host-worker.js.
    entryPoints: { countersign: join(ROOT, "main/cli/index.ts"), "host-worker": join(ROOT, "main/worker/host-worker.ts"), ...demoEntries },
    outdir: CLI_OUT,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    plugins: [packagesExternal],
    logLevel: "warning",
  });
  mkdirSync(join(CLI_OUT, "demos"), { recursive: true });
  writeFileSync(join(CLI_OUT, "demos/langgraph.json"), `${JSON.stringify({ ...demoConfig, graphs: compiledGraphs }, null, 2)}\n`);
}

await buildCli();
process.stdout.write(`countersign: built ${relative(process.cwd(), CLI_OUT) || "."}\n`);
