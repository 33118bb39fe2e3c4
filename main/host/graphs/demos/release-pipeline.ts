// Input: { version: "v2.4.0" }, or {} for DEFAULT_VERSION.
// START fans out to two branches that pause in the same step, so one thread holds two pending
// interrupts; the deploy gate's comes from inside a subgraph.
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { demoDescriptions } from "./index.js";

export const DEFAULT_VERSION = "v2.4.0";

const lastValue = <T>(initial: () => T) => Annotation<T>({ reducer: (_, next) => next, default: initial });

const DeployState = Annotation.Root({
  version: lastValue(() => DEFAULT_VERSION),
  region: lastValue<unknown>(() => null),
});

// Compiled without a checkpointer: a subgraph uses the parent's, so its interrupt is persisted
// with the parent thread.
const deployGate = new StateGraph(DeployState)
  .addNode("choose_region", (state) => ({
    region: interrupt({ question: `Which region gets ${state.version} first?`, options: ["eu-west-1", "us-east-1"] }),
  }))
  .addEdge(START, "choose_region")
  .addEdge("choose_region", END)
  .compile({ name: "deploy_gate" });

const PipelineState = Annotation.Root({
  version: lastValue(() => DEFAULT_VERSION),
  security: lastValue<unknown>(() => null),
  region: lastValue<unknown>(() => null),
  published: lastValue<string | null>(() => null),
});

export const graph = new StateGraph(PipelineState)
  .addNode("security_review", (state) => ({
    security: interrupt({ question: `Security review: release ${state.version} with 2 medium findings open?`, options: ["approve", "block"] }),
  }))
  .addNode("deploy_gate", deployGate)
  .addNode("publish", (state) => ({
    published: `${state.version} published (security: ${JSON.stringify(state.security)}, first region: ${JSON.stringify(state.region)})`,
  }))
  .addEdge(START, "security_review")
  .addEdge(START, "deploy_gate")
  .addEdge(["security_review", "deploy_gate"], "publish")
  .addEdge("publish", END)
  .compile({ name: "release-pipeline", description: demoDescriptions["release-pipeline"] });
