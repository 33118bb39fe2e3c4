// Input: { messages: [{ role: "user", content: "..." }] }, or {} to use DEFAULT_REQUEST.
// The script ignores the wording of the request: it always proposes the same two calls.
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { createAgent, createMiddleware, humanInTheLoopMiddleware, tool } from "langchain";
import { z } from "zod";
import { demoDescriptions } from "./index.js";
import { ScriptedChatModel } from "./scripted-chat-model.js";

export const DEFAULT_REQUEST = "Email Ana the Q3 numbers, then purge sessions idle for more than 30 days.";

const sendEmail = tool(({ to, subject, body }) => `Email sent to ${to} (subject: ${subject}): ${body}`, {
  name: "send_email",
  description: "Send an email.",
  schema: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
});

const runSql = tool(({ sql }) => `SQL executed: ${sql}`, {
  name: "run_sql",
  description: "Run a SQL statement against the production database.",
  schema: z.object({ sql: z.string() }),
});

const PLAN = [
  { name: "send_email", args: { to: "ana@example.com", subject: "Q3", body: "Numbers attached." } },
  { name: "run_sql", args: { sql: "DELETE FROM sessions WHERE last_seen < now() - interval '30 days'" } },
];

/**
 * Proposes every planned call that has no result yet in the current turn, else summarises the results.
 * When a batch holds a rejection, humanInTheLoopMiddleware drops its approved and edited calls and
 * returns to the model: the dropped calls have no result, so they are proposed again, with the
 * original args (the model never saw the edit), as a real model would likely do.
 */
function supportScript(messages: BaseMessage[]): AIMessage {
  const turn = messages.slice(messages.findLastIndex((m) => HumanMessage.isInstance(m)) + 1);
  const results = turn.filter((m) => ToolMessage.isInstance(m));
  const answered = new Set(results.map((m) => m.name));
  const pending = PLAN.filter((call) => !answered.has(call.name));
  if (pending.length > 0) {
    const round = turn.filter((m) => AIMessage.isInstance(m)).length + 1;
    return new AIMessage({
      content: `Proposing ${pending.map((call) => call.name).join(" and ")}.`,
      tool_calls: pending.map((call) => ({ ...call, id: `call_${call.name}_${round}`, type: "tool_call" as const })),
    });
  }
  const lines = results.map((m) => `- ${m.name}${m.status === "error" ? " (not run)" : ""}: ${m.text}`);
  return new AIMessage(["Done.", ...lines].join("\n"));
}

// A thread started with {} still reads like a conversation in the inbox.
const defaultRequest = createMiddleware({
  name: "DefaultRequest",
  beforeAgent: (state) => (state.messages.length > 0 ? undefined : { messages: [new HumanMessage(DEFAULT_REQUEST)] }),
});

export const agent = createAgent({
  model: new ScriptedChatModel(supportScript),
  tools: [sendEmail, runSql],
  middleware: [
    defaultRequest,
    humanInTheLoopMiddleware({
      interruptOn: {
        send_email: { allowedDecisions: ["approve", "edit", "reject"], description: "Outgoing email needs review" },
        run_sql: { allowedDecisions: ["approve", "reject"] },
      },
    }),
  ],
  name: "support-agent",
  description: demoDescriptions["support-agent"],
});
