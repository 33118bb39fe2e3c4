// Input: { expense: { employee, amount, category, receipt } }, or {} for SAMPLE_EXPENSE.
// Speaks the prebuilt HumanInterrupt schema that Agent Inbox was built for: the graph calls
// interrupt([request])[0] and expects a one-element list of HumanResponse back.
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import type { HumanInterrupt, HumanResponse } from "@langchain/langgraph/prebuilt";
import { demoDescriptions } from "./index.js";

export interface Expense {
  employee: string;
  amount: number;
  category: string;
  receipt: string;
}

export const SAMPLE_EXPENSE: Expense = {
  employee: "R. Okafor",
  amount: 412.5,
  category: "travel",
  receipt: "https://example.com/r/8812",
};

const State = Annotation.Root({
  expense: Annotation<Expense>({ reducer: (_, next) => next, default: () => SAMPLE_EXPENSE }),
  status: Annotation<"pending" | "approved" | "needs-info" | "ignored">({ reducer: (_, next) => next, default: () => "pending" }),
  // What was approved: the submitted expense, or the reviewer's edited version of it.
  approved: Annotation<Expense | undefined>(),
  // The reviewer's question when they respond instead of deciding.
  message: Annotation<string | undefined>(),
});

function review(state: typeof State.State): Partial<typeof State.State> {
  const { employee, amount, category, receipt } = state.expense;
  const request: HumanInterrupt = {
    action_request: { action: "approve_expense", args: { ...state.expense } },
    config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
    description: `# Expense report\n\n**${employee}** claims **${amount}** for ${category}.\n\n[Receipt](${receipt})`,
  };
  const [response] = interrupt<HumanInterrupt[], HumanResponse[]>([request]);
  switch (response?.type) {
    case "accept":
      return { status: "approved", approved: state.expense };
    case "edit":
      if (typeof response.args !== "object" || response.args === null) throw new Error("An edit response needs args: { action, args }");
      return { status: "approved", approved: response.args.args as Expense };
    case "response":
      return { status: "needs-info", message: String(response.args) };
    case "ignore":
      return { status: "ignored" };
    default:
      throw new Error(`Expected a one-element list of HumanResponse, got ${JSON.stringify(response)}`);
  }
}

export const graph = new StateGraph(State)
  .addNode("review", review)
  .addEdge(START, "review")
  .addEdge("review", END)
  .compile({ name: "expense-approval", description: demoDescriptions["expense-approval"] });
