// The graphs a host runs, imported on first use. Reading the inbox, an item or the decision log
// needs no graph, so a host that only reads (the CLI's list, show and history) loads no graph
// module and no graph library: LangGraph and the graphs' own imports cost most of a second.
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { HostError } from "../../../shared/errors.js";
import { applyEnv } from "./apply-env.js";
import { readLanggraphConfig, type LanggraphConfig } from "./langgraph-config.js";
import { loadConfiguredGraphs, type GraphLoadError, type HostedGraph, type LoadedGraph } from "./load-config.js";

export interface GraphInfo {
  id: string;
  description: string | null;
}

/** The graphs that can be run, and the ones that failed to load. */
export interface GraphList {
  graphs: GraphInfo[];
  errors: GraphLoadError[];
}

interface Loaded {
  graphs: Map<string, LoadedGraph>;
  errors: GraphLoadError[];
}

export class GraphSet {
  private loading: Promise<Loaded> | undefined;

  private constructor(
    private readonly config: LanggraphConfig,
    private readonly checkpointer: () => Promise<BaseCheckpointSaver>,
  ) {}

  /**
   * Reads the langgraph.json and applies its env now, so an unusable one fails at once (throwing,
   * as loadGraphs does); imports no graph module. `checkpointer` is called once graphs load.
   */
  static async open(configPath: string, checkpointer: () => Promise<BaseCheckpointSaver>): Promise<GraphSet> {
    const config = await readLanggraphConfig(configPath);
    await applyEnv(config.env, config.dir);
    return new GraphSet(config, checkpointer);
  }

  async list(): Promise<GraphList> {
    const { graphs, errors } = await this.load();
    return { graphs: [...graphs.values()].map((graph) => ({ id: graph.id, description: graph.description ?? null })), errors };
  }

  async has(graphId: string): Promise<boolean> {
    return (await this.load()).graphs.has(graphId);
  }

  /** The graph to run; "graph-unavailable" when it failed to load, "not-found" when there is no such graph. */
  async get(graphId: string): Promise<HostedGraph> {
    const { graphs, errors } = await this.load();
    const graph = graphs.get(graphId)?.graph;
    if (graph) return graph;
    const failed = errors.find((error) => error.id === graphId);
    if (failed) throw new HostError("graph-unavailable", failed.message);
    throw new HostError("not-found", `No graph "${graphId}" (loaded: ${[...graphs.keys()].join(", ") || "none"})`);
  }

  /** Every graph, imported by the first call; later calls share its result (a failed load is tried again). */
  private load(): Promise<Loaded> {
    this.loading ??= this.checkpointer().then((checkpointer) => loadConfiguredGraphs(this.config, checkpointer)).then(
      ({ graphs, errors }) => ({ graphs: new Map(graphs.map((graph) => [graph.id, graph])), errors }),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }
}
