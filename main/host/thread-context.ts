import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import type { SqliteCheckpointer } from "./checkpointer/sqlite-checkpointer.js";
import type { CheckpointSummary, ThreadContext, ThreadInfo } from "../../shared/inbox.js";
import { conversationOf, toPlainJson } from "./inbox/plain-json.js";

const HISTORY_LIMIT = 50;

/** The channel of a graph whose whole state is one value (LangGraph's ROOT). */
const ROOT = "__root__";
/** Where LangGraph triggers a node: a value in `branch:to:<node>` (`__start__` for the input step). */
const TRIGGER_PREFIX = "branch:to:";
const START = "__start__";

/**
 * What a reviewer sees around an item: the state now, the conversation, and recent checkpoints,
 * read from the checkpointer rather than through the graph, so that showing an item loads no graph.
 * The state is the stored channel values: a key a run never wrote is absent, where the graph's
 * getState() would fill in its schema's default.
 */
export async function threadContext(checkpointer: SqliteCheckpointer, info: ThreadInfo): Promise<ThreadContext> {
  const history: CheckpointSummary[] = [];
  let latest: Checkpoint | undefined;
  // The thread's own checkpoints (the root namespace), not those of its subgraphs; newest first.
  for await (const tuple of checkpointer.list({ configurable: { thread_id: info.threadId, checkpoint_ns: "" } }, { limit: HISTORY_LIMIT })) {
    latest ??= tuple.checkpoint;
    const metadata = tuple.metadata as { step?: number; source?: string } | undefined;
    history.push({
      checkpointId: tuple.checkpoint.id,
      createdAt: tuple.checkpoint.ts,
      step: metadata?.step ?? null,
      source: metadata?.source ?? null,
      next: nextNodes(tuple.checkpoint.channel_values),
    });
  }
  if (!latest) return { ...info, values: null, messages: null, history };
  const values = stateValues(latest.channel_values);
  return { ...info, values: toPlainJson(values) ?? null, messages: conversationOf(values), history };
}

/**
 * The state keys among a checkpoint's channels. LangGraph's own channels are left out: theirs are
 * the reserved `__` names and the names with a colon (`branch:to:<node>`, `join:<nodes>:<node>`).
 */
function stateValues(channels: Record<string, unknown>): unknown {
  if (ROOT in channels) return channels[ROOT];
  return Object.fromEntries(Object.entries(channels).filter(([name]) => !name.startsWith("__") && !name.includes(":")));
}

/** The nodes a checkpoint runs next, as LangGraph names them: those with a trigger value, `__start__` for the input. */
function nextNodes(channels: Record<string, unknown>): string[] {
  const nodes = Object.keys(channels)
    .filter((name) => name.startsWith(TRIGGER_PREFIX))
    .map((name) => name.slice(TRIGGER_PREFIX.length));
  return START in channels ? [START, ...nodes] : nodes;
}
