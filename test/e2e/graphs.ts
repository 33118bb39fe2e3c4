// Graphs only the e2e tests use (listed in ./langgraph.json next to the demos and test/fixtures/graphs).
import { AIMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const State = Annotation.Root({
  answer: Annotation<unknown>({ reducer: (_, next) => next, default: () => null }),
  ms: Annotation<number>({ reducer: (_, next) => next, default: () => 1500 }),
  worked: Annotation<boolean>({ reducer: (_, next) => next, default: () => false }),
});

/**
 * Asks "Proceed?", then works `ms` in a second node: once answered, the item is resolved (the ask
 * node's checkpoint is written) well before the thread is done.
 */
export const askThenWork = new StateGraph(State)
  .addNode("ask", () => ({ answer: interrupt("Proceed?") }))
  .addNode("work", async (state) => {
    await sleep(state.ms);
    return { worked: true };
  })
  .addEdge(START, "ask")
  .addEdge("ask", "work")
  .addEdge("work", END)
  .compile();

const Conversation = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: (current, next) => current.concat(next), default: () => [] }),
});

/**
 * Asks "Run the report tool?", then records a tool call that failed (an error message with a stack
 * trace holding local paths, as ToolNode's error handling leaves it) and a final answer: the thread is done.
 */
export const toolFails = new StateGraph(Conversation)
  .addNode("ask", () => {
    interrupt("Run the report tool?");
    return {};
  })
  .addNode("tool", () => ({
    messages: [
      new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "fetch_report", args: { month: "2026-11" } }] }),
      new ToolMessage({
        content: "Error: ENOENT: no such file or directory, open '/home/ana/reports/2026-11.csv'\n    at Object.openSync (node:fs:573:18)\n    at fetchReport (/home/ana/agent/tools.ts:12:5)",
        tool_call_id: "call_1",
        name: "fetch_report",
        status: "error",
      }),
      new AIMessage("I could not fetch the report."),
    ],
  }))
  .addEdge(START, "ask")
  .addEdge("ask", "tool")
  .addEdge("tool", END)
  .compile();
