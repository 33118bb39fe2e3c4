// Graphs only the e2e tests use (listed in ./langgraph.json next to the demos and test/fixtures/graphs).
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
