// Small real graphs that pause in every way LangGraph can, for checkpointer and host tests.
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";

export const LogState = Annotation.Root({
  log: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
});

/** One node that asks one question. */
export function askGraph(checkpointer: BaseCheckpointSaver, question: unknown = "Ship it?") {
  return new StateGraph(LogState)
    .addNode("ask", () => ({ log: [`answer:${JSON.stringify(interrupt(question))}`] }))
    .addEdge(START, "ask")
    .addEdge("ask", END)
    .compile({ checkpointer });
}

/** Two parallel branches that each pause: `review` directly, `gate` inside a subgraph. */
export function parallelGraph(checkpointer: BaseCheckpointSaver) {
  const gate = new StateGraph(LogState)
    .addNode("gate_ask", () => ({ log: [`gate:${interrupt({ question: "Open the gate?" })}`] }))
    .addEdge(START, "gate_ask")
    .compile();
  return new StateGraph(LogState)
    .addNode("review", () => ({ log: [`review:${interrupt({ question: "Reviewed?" })}`] }))
    .addNode("gate", gate)
    .addNode("publish", () => ({ log: ["published"] }))
    .addEdge(START, "review")
    .addEdge(START, "gate")
    .addEdge("review", "publish")
    .addEdge("gate", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

/** One node that calls interrupt() twice. */
export function twoQuestionsGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(LogState)
    .addNode("ask", () => {
      const first = interrupt("first?");
      const second = interrupt("second?");
      return { log: [`${first}+${second}`] };
    })
    .addEdge(START, "ask")
    .addEdge("ask", END)
    .compile({ checkpointer });
}

/** Pauses at a static breakpoint before `deploy`. */
export function breakpointGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(LogState)
    .addNode("build", () => ({ log: ["built"] }))
    .addNode("deploy", () => ({ log: ["deployed"] }))
    .addEdge(START, "build")
    .addEdge("build", "deploy")
    .addEdge("deploy", END)
    .compile({ checkpointer, interruptBefore: ["deploy"] });
}

export const threadConfig = (threadId: string) => ({ configurable: { thread_id: threadId } });
