import type { HostedGraph } from "./graphs/load-config.js";
import type { CheckpointSummary, ThreadContext, ThreadInfo } from "../../shared/inbox.js";
import { conversationOf, toPlainJson } from "./inbox/plain-json.js";

const HISTORY_LIMIT = 50;

/** What a reviewer sees around an item: the state now, the conversation, and recent checkpoints. */
export async function threadContext(graph: HostedGraph | undefined, info: ThreadInfo): Promise<ThreadContext> {
  if (!graph) return { ...info, values: null, messages: null, history: [] };
  const config = { configurable: { thread_id: info.threadId } };
  const state = await graph.getState(config);
  const history: CheckpointSummary[] = [];
  for await (const snapshot of graph.getStateHistory(config, { limit: HISTORY_LIMIT })) {
    const metadata = snapshot.metadata as { step?: number; source?: string } | undefined;
    history.push({
      checkpointId: String(snapshot.config.configurable?.checkpoint_id ?? ""),
      createdAt: snapshot.createdAt ?? "",
      step: metadata?.step ?? null,
      source: metadata?.source ?? null,
      next: [...snapshot.next],
    });
  }
  return { ...info, values: toPlainJson(state.values) ?? null, messages: conversationOf(state.values), history };
}
