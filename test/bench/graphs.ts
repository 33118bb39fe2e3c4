// The graphs the bench drives. Both are real LangGraph StateGraphs compiled against the saver under test.
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { Annotation, END, MessagesAnnotation, START, StateGraph, interrupt } from "@langchain/langgraph";
import { prng, text } from "./util.ts";

export interface ApprovalRequest {
  tool: string;
  args: { to: string; amount: number; currency: string; memo: string };
  requestedBy: string;
}

const ApprovalState = Annotation.Root({
  request: Annotation<ApprovalRequest>,
  decision: Annotation<unknown>,
});

/** 1-node graph: the node asks for approval with interrupt(...) and stores the decision. */
/** The uncompiled builder, also loaded by the host (through a langgraph.json) in the decide bench. */
export const approvalBuilder = new StateGraph(ApprovalState)
  .addNode("approve", (state) => {
    const decision: unknown = interrupt({ kind: "approval", title: `Approve ${state.request.tool}?`, request: state.request });
    return { decision };
  })
  .addEdge(START, "approve")
  .addEdge("approve", END);

export function approvalGraph(checkpointer: BaseCheckpointSaver) {
  return approvalBuilder.compile({ checkpointer });
}

export type ApprovalGraph = ReturnType<typeof approvalGraph>;

/** A realistic-looking approval request (~250 bytes serialized), deterministic per index. */
export function approvalInput(i: number): { request: ApprovalRequest } {
  const rand = prng(1000 + i);
  return {
    request: {
      tool: ["send_payment", "issue_refund", "deploy_release", "grant_access"][i % 4] as string,
      args: { to: `acct-${(i * 7919) % 100000}`, amount: Math.round(rand() * 100000) / 100, currency: "EUR", memo: text(rand, 90, 140) },
      requestedBy: `agent-${i % 17}`,
    },
  };
}

export function approvalDecision(i: number): { approved: boolean; by: string; note: string } {
  return { approved: i % 3 !== 0, by: "bench-reviewer", note: "decided by the benchmark" };
}

/** Chat graph: state is the growing MessagesAnnotation list; the node appends one AI reply per turn. */
export function chatGraph(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(MessagesAnnotation)
    .addNode("reply", (state) => {
      const rand = prng(50_000 + state.messages.length);
      return { messages: [new AIMessage(text(rand, 250, 400))] };
    })
    .addEdge(START, "reply")
    .addEdge("reply", END)
    .compile({ checkpointer });
}

export function humanTurn(turn: number): HumanMessage {
  return new HumanMessage(text(prng(90_000 + turn), 200, 320));
}

/** Runs `turns` turns on one thread (one invoke per turn, each with a new HumanMessage). */
export async function runConversation(checkpointer: BaseCheckpointSaver, threadId: string, turns: number): Promise<number> {
  const graph = chatGraph(checkpointer);
  const config = { configurable: { thread_id: threadId } };
  let messages = 0;
  for (let turn = 0; turn < turns; turn++) {
    const out = await graph.invoke({ messages: [humanTurn(turn)] }, config);
    messages = out.messages.length;
  }
  return messages;
}
