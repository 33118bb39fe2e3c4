// The demo graphs bundled with Countersign: deterministic, offline, no API key. Listed in
// ./langgraph.json (LangGraph CLI format) so the host loads them like any user graph.
export const demoDescriptions = {
  "support-agent":
    "createAgent + humanInTheLoopMiddleware with a scripted model: one turn proposes send_email (approve/edit/reject) and run_sql (approve/reject) as one batched interrupt.",
  "expense-approval":
    "Agent Inbox style HumanInterrupt (accept / edit / respond / ignore) for an expense report; the decision is recorded in state.",
  "release-pipeline":
    "Two parallel branches pause at once: a security review and a deploy gate inside a subgraph; publish records both answers.",
  "ship-it": 'A plain interrupt("Ship it?") answered with any JSON value.',
} as const;

export type DemoGraphId = keyof typeof demoDescriptions;
