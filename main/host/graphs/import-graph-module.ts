import { pathToFileURL } from "node:url";

// Running as TypeScript means our loader (tsx, vitest) also handles the user's .ts graphs. Compiled
// to JS under plain node it does not, so tsx's loader hooks are registered once, globally, when a
// TypeScript module is first imported: tsx is imported only then, so a host that loads no graph
// (or only .js ones) never loads it.
// tsx's tsImport() is not used: it loads a file and everything it imports, node_modules included,
// under a fresh namespace, so each graph would get its own copy of @langchain/langgraph (~600
// modules, separate classes) instead of sharing the host's.
let loadsTypeScript = import.meta.url.endsWith(".ts");

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** Imports a graph module (.ts, .js, .mts, ...) by absolute path. */
export async function importGraphModule(file: string): Promise<Record<string, unknown>> {
  if (!loadsTypeScript && TYPESCRIPT.test(file)) {
    const { register } = await import("tsx/esm/api");
    register();
    loadsTypeScript = true;
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}
