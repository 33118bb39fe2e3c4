import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { applyEnv } from "./apply-env.js";
import { attachCheckpointer, NotAGraphError, type HostedGraph } from "./attach-checkpointer.js";
import { importGraphModule } from "./import-graph-module.js";
import { readLanggraphConfig, type GraphSpec, type LanggraphConfig } from "./langgraph-config.js";
import { messageOf } from "../../../shared/values.js";

export type { HostedGraph } from "./attach-checkpointer.js";

export interface LoadedGraph {
  id: string;
  // From langgraph.json, else the graph's own (compile({ description }), createAgent({ description })).
  description?: string;
  graph: HostedGraph;
  // Absolute path of the module the graph came from.
  sourcePath: string;
}

export interface GraphLoadError {
  id: string;
  // Names the graph and the cause, ready to show to the user.
  message: string;
}

/**
 * Loads every graph of a langgraph.json (LangGraph CLI format) as a compiled graph persisting to
 * `checkpointer`. Applies the config's `env` first. A graph that fails to load becomes an entry of
 * `errors` and never stops the others; only an unreadable langgraph.json or env file throws.
 */
export async function loadGraphs(
  configPath: string,
  checkpointer: BaseCheckpointSaver,
): Promise<{ graphs: LoadedGraph[]; errors: GraphLoadError[] }> {
  const config = await readLanggraphConfig(configPath);
  await applyEnv(config.env, config.dir);
  return loadConfiguredGraphs(config, checkpointer);
}

/** Imports the graphs of a langgraph.json already read (and its env applied); as loadGraphs. */
export async function loadConfiguredGraphs(config: LanggraphConfig, checkpointer: BaseCheckpointSaver): Promise<{ graphs: LoadedGraph[]; errors: GraphLoadError[] }> {
  const graphs: LoadedGraph[] = [];
  const errors: GraphLoadError[] = [...config.invalid];
  for (const spec of config.specs) {
    const result = await loadGraph(spec, checkpointer);
    if ("message" in result) errors.push(result);
    else graphs.push(result);
  }
  return { graphs, errors };
}

async function loadGraph(spec: GraphSpec, checkpointer: BaseCheckpointSaver): Promise<LoadedGraph | GraphLoadError> {
  const fail = (cause: string): GraphLoadError => ({ id: spec.id, message: `Graph "${spec.id}": ${cause}` });
  const where = `export "${spec.exportName}" of ${spec.relativeFile}`;

  if (!(await isFile(spec.file))) return fail(`file not found: ${spec.relativeFile} (${spec.file})`);
  let module: Record<string, unknown>;
  try {
    module = await importGraphModule(spec.file);
  } catch (error) {
    return fail(`importing ${spec.relativeFile} failed: ${messageOf(error)}`);
  }
  if (!(spec.exportName in module)) {
    const available = Object.keys(module);
    return fail(`${spec.relativeFile} has no export "${spec.exportName}" (${available.length ? `available: ${available.join(", ")}` : "it exports nothing"})`);
  }
  try {
    const graph = await attachCheckpointer(module[spec.exportName], checkpointer);
    return { id: spec.id, description: spec.description ?? graph.description, graph, sourcePath: spec.file };
  } catch (error) {
    if (error instanceof NotAGraphError) {
      return fail(`${where} is not a graph: ${error.message}; expected a compiled graph, a StateGraph builder, an agent from createAgent, or a function returning one`);
    }
    return fail(`building ${where} failed: ${messageOf(error)}`);
  }
}

/** Absolute path of the langgraph.json listing the bundled demo graphs. */
export function demoConfigPath(): string {
  return fileURLToPath(new URL("./demos/langgraph.json", import.meta.url));
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
