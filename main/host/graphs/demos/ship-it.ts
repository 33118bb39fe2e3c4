// Input: {} (nothing to provide). The answer can be any JSON value and is stored as is.
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { demoDescriptions } from "./index.js";

const State = Annotation.Root({
  answer: Annotation<unknown>({ reducer: (_, next) => next, default: () => null }),
});

export const graph = new StateGraph(State)
  .addNode("ask", () => ({ answer: interrupt("Ship it?") }))
  .addEdge(START, "ask")
  .addEdge("ask", END)
  .compile({ name: "ship-it", description: demoDescriptions["ship-it"] });
