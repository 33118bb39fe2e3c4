import type { Command } from "@langchain/langgraph";
import type { CheckpointStore } from "../checkpointer/checkpoint-store.js";
import type { HostedGraph } from "../graphs/load-config.js";
import type { ThreadLocks } from "../store/thread-locks.js";
import type { ThreadRegistry } from "../store/thread-registry.js";
import { endedStatus } from "./thread-status.js";
import type { ThreadInfo } from "../../../shared/inbox.js";
import { messageOf } from "../../../shared/values.js";

/** What a graph is invoked with: a new run's input, a resume command, or null to run on from the latest checkpoint. */
export type RunInput = Record<string, unknown> | Command | null;

export interface RunSpec {
  threadId: string;
  graphId: string;
  /** Read once the lease is held; `undefined`: nothing is left to run, only the outcome is recorded. */
  input: RunInput | (() => Promise<RunInput | undefined>);
  /** Runs in the transaction that takes the lease (checks, the journal entry); throwing writes nothing. */
  taking?: () => void;
  /** Called once the lease is held and `taking`'s writes are committed. */
  taken?: () => void;
  /** Runs in the transaction that records the outcome and gives the lease back. */
  ended?: (info: ThreadInfo) => void;
}

export interface RunPathDeps {
  locks: ThreadLocks;
  registry: ThreadRegistry;
  checkpointer: CheckpointStore;
  graph: (graphId: string) => Promise<HostedGraph>;
  /** The thread is about to run (announced to listeners). */
  starting: (info: ThreadInfo) => void;
  /** The run ended and its outcome is committed: bring the thread's items up to date and announce them. */
  ended: (info: ThreadInfo) => Promise<void>;
}

/**
 * The one way a graph runs on a thread, for new runs, decisions, retries and recovery alike: take
 * the thread's lease (recording that it runs), invoke the graph, then record how it ended and give
 * the lease back in one commit. A crash anywhere in between leaves the thread recorded as running
 * with no live owner, which is what recovery looks for.
 */
export class RunPath {
  constructor(private readonly deps: RunPathDeps) {}

  async run(spec: RunSpec): Promise<ThreadInfo> {
    const { threadId, graphId } = spec;
    const { locks, registry, checkpointer } = this.deps;
    const graph = await this.deps.graph(graphId);
    const info = await locks.withLock(
      threadId,
      async () => {
        spec.taken?.();
        this.deps.starting({ threadId, graphId, status: "running", error: null });
        let error: string | null = null;
        try {
          const input = typeof spec.input === "function" ? await spec.input() : spec.input;
          if (input !== undefined) await graph.invoke(input, { configurable: { thread_id: threadId } });
        } catch (cause) {
          error = messageOf(cause);
        }
        // Read under the lease: nobody else runs the thread, so a pause before nodes is a real one.
        const status = endedStatus(error, checkpointer.countPendingInterrupts(threadId));
        const ended: ThreadInfo = { threadId, graphId, status, error };
        return {
          value: ended,
          outcome: () => {
            registry.ended(threadId, status, error);
            spec.ended?.(ended);
          },
        };
      },
      () => {
        spec.taking?.();
        registry.started(threadId, graphId);
      },
    );
    await this.deps.ended(info);
    return info;
  }
}

/** `Command({ resume: { [interruptId]: value } })`, or null for a pause before nodes (run on). */
export async function resumeInput(interruptId: string | null, value: unknown): Promise<RunInput> {
  if (interruptId === null) return null;
  // Loaded with the graphs, never before: commands that run no graph do not load LangGraph.
  const { Command } = await (langgraph ??= import("@langchain/langgraph"));
  return new Command({ resume: { [interruptId]: value } });
}

/** Kept once imported: each dynamic import is a trip through the module loader (see host.ts). */
let langgraph: Promise<typeof import("@langchain/langgraph")> | undefined;
