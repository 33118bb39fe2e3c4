import type { BaseCheckpointSaver, CompiledGraph } from "@langchain/langgraph";
import { isPlainObject } from "../../../shared/values.js";

/** A compiled graph (Pregel) that persists to the host's checkpointer. */
export type HostedGraph = CompiledGraph<string> & { description?: string }; // CompiledStateGraph has one

export class NotAGraphError extends Error {}

/**
 * Turns what a graph module exports into a compiled graph that uses `checkpointer`, accepting what
 * the LangGraph CLI accepts: a compiled graph, a StateGraph builder, an agent from createAgent, a
 * promise of one, or a (sync or async) factory returning one, called like the CLI does with a config.
 * The export itself is never modified, so loading a module twice with two checkpointers is safe.
 */
export async function attachCheckpointer(exported: unknown, checkpointer: BaseCheckpointSaver): Promise<HostedGraph> {
  let value = await exported;
  if (typeof value === "function") value = await (value as (config: object) => unknown)({ configurable: {} });

  // createAgent returns a ReactAgent wrapper around its compiled graph (.graph). Like the LangGraph
  // CLI we run the inner graph, so agents behave as they do on LangGraph Server (the wrapper's own
  // invoke() would also pre-fill middleware state defaults).
  if (isPlainObject(value) && isCompiledGraph(value.graph)) value = value.graph;

  if (isCompiledGraph(value)) {
    // withConfig() is the public way to copy a Pregel (same nodes, channels, options, description);
    // the CLI instead assigns .checkpointer on the shared export.
    const copy = value.withConfig({});
    copy.checkpointer = checkpointer;
    return copy;
  }
  if (isPlainObject(value) && typeof value.compile === "function") {
    return (value as { compile(options: { checkpointer: BaseCheckpointSaver }): HostedGraph }).compile({ checkpointer });
  }
  throw new NotAGraphError(`${typeof exported === "function" ? "it returned " : ""}${describe(value)}`);
}

function isCompiledGraph(value: unknown): value is HostedGraph {
  return isPlainObject(value) && typeof value.invoke === "function" && typeof value.getState === "function" && typeof value.withConfig === "function";
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `an object of class ${name}` : "a plain object";
}
