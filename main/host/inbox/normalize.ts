// Recognises the interrupt payload formats an inbox meets (see the agent-inboxes reference, section 2)
// and turns any value into a NormalizedView. Total by design: a malformed lookalike becomes "generic"
// instead of throwing, and strings are carried as data; only titles are flattened to one line.
import { z } from "zod";
import { isPlainObject } from "../../../shared/values.js";
import { JsonObject, type AllowedDecision, type ItemAction, type NormalizedView } from "../../../shared/items.js";

const TITLE_MAX = 120;
const FALLBACK_TITLE = "Input requested";
// Fields that usually carry the question of a plain `interrupt({ ... })` value, best first.
const TITLE_FIELDS = ["question", "title", "message", "description", "prompt", "instructions"];
const HITL_DECISIONS: readonly string[] = ["approve", "edit", "reject", "respond"];
const TOOL_APPROVAL_DEFAULT: AllowedDecision[] = ["approve", "edit", "reject"];

// Python sends None as null; both mean "absent" here.
const optionalText = z.string().nullish().transform((text) => text ?? undefined);
const optionalSchema = JsonObject.nullish().transform((schema) => schema ?? undefined);
// Decision types we cannot produce are dropped, not fatal: the item stays answerable via resume.
const hitlDecisions = z
  .array(z.string())
  .transform((list) => [...new Set(list)].filter((type): type is AllowedDecision => HITL_DECISIONS.includes(type)));

const ActionRequest = z.object({ name: z.string(), args: JsonObject, description: optionalText });
type ReviewConfig = { name: string; allowed: AllowedDecision[]; schema?: Record<string, unknown> | undefined };

const CamelHitl = z
  .object({
    actionRequests: z.array(ActionRequest).min(1),
    reviewConfigs: z.array(z.object({ actionName: z.string(), allowedDecisions: hitlDecisions, argsSchema: optionalSchema })),
  })
  .transform(({ actionRequests, reviewConfigs }) => ({
    requests: actionRequests,
    configs: reviewConfigs.map((c): ReviewConfig => ({ name: c.actionName, allowed: c.allowedDecisions, schema: c.argsSchema })),
  }));

const SnakeHitl = z
  .object({
    action_requests: z.array(ActionRequest).min(1),
    review_configs: z.array(z.object({ action_name: z.string(), allowed_decisions: hitlDecisions, args_schema: optionalSchema })),
  })
  .transform(({ action_requests, review_configs }) => ({
    requests: action_requests,
    configs: review_configs.map((c): ReviewConfig => ({ name: c.action_name, allowed: c.allowed_decisions, schema: c.args_schema })),
  }));

const ToolApproval = z.object({
  type: z.literal("tool_approval"),
  name: z.string(),
  args: JsonObject,
  description: optionalText,
  allowed_decisions: hitlDecisions.optional(),
  args_schema: optionalSchema,
});

const HumanInterruptRequest = z.object({
  action_request: z.object({ action: z.string(), args: JsonObject }),
  config: z.object({ allow_accept: z.boolean(), allow_edit: z.boolean(), allow_respond: z.boolean(), allow_ignore: z.boolean() }),
  description: optionalText,
});
// Agent Inbox graphs call interrupt([request]); a bare request is accepted too.
const HumanInterrupt = z.union([z.tuple([HumanInterruptRequest]), HumanInterruptRequest]).transform((v) => (Array.isArray(v) ? v[0] : v));
const HUMAN_CONFIG = [
  ["allow_accept", "approve"],
  ["allow_edit", "edit"],
  ["allow_respond", "respond"],
  ["allow_ignore", "ignore"],
] as const;

export function normalizeInterrupt(value: unknown, opts: { breakpointNodes?: string[] } = {}): NormalizedView {
  try {
    const nodes = opts.breakpointNodes ?? [];
    if (value === undefined && nodes.length > 0) return breakpointView(nodes);
    return hitlView(value) ?? toolApprovalView(value) ?? humanInterruptView(value) ?? genericView(value);
  } catch {
    // Only exotic objects (throwing getters, revoked proxies, absurd nesting) get here; JSON never does.
    return { kind: "generic", title: FALLBACK_TITLE, actions: [replyAction()] };
  }
}

function hitlView(value: unknown): NormalizedView | undefined {
  const hitl = (hasKey(value, "actionRequests") ? CamelHitl.safeParse(value).data : undefined) ?? (hasKey(value, "action_requests") ? SnakeHitl.safeParse(value).data : undefined);
  if (!hitl) return undefined;
  const seen = new Map<string, number>();
  const actions: ItemAction[] = [];
  for (const request of hitl.requests) {
    const occurrence = seen.get(request.name) ?? 0;
    seen.set(request.name, occurrence + 1);
    // JS sends one config per request; a sender may also send one per tool name. The n-th
    // request of a name takes the n-th config of that name, or the last one there is.
    const candidates = hitl.configs.filter((config) => config.name === request.name);
    const config = candidates[Math.min(occurrence, candidates.length - 1)];
    if (!config) return undefined;
    actions.push({ ...request, allowedDecisions: [...config.allowed], argsSchema: config.schema });
  }
  const names = actions.map((action) => action.name);
  const title = names.length === 1 ? `Approve ${names[0]}` : `Review ${names.length} tool calls: ${names.join(", ")}`;
  return { kind: "hitl", title: toTitle(title), description: actions.length === 1 ? actions[0]?.description : undefined, actions };
}

function toolApprovalView(value: unknown): NormalizedView | undefined {
  const call = hasKey(value, "type") ? ToolApproval.safeParse(value).data : undefined;
  if (!call) return undefined;
  const action: ItemAction = {
    name: call.name,
    args: call.args,
    description: call.description,
    allowedDecisions: call.allowed_decisions ?? [...TOOL_APPROVAL_DEFAULT],
    argsSchema: call.args_schema,
  };
  return { kind: "tool-approval", title: toTitle(`Approve ${call.name}`), description: call.description, actions: [action] };
}

function humanInterruptView(value: unknown): NormalizedView | undefined {
  const request = Array.isArray(value) || hasKey(value, "action_request") ? HumanInterrupt.safeParse(value).data : undefined;
  if (!request) return undefined;
  const { action_request: { action: name, args }, config, description } = request;
  const allowedDecisions = HUMAN_CONFIG.filter(([flag]) => config[flag]).map(([, decision]) => decision);
  return { kind: "human-interrupt", title: toTitle(name) || FALLBACK_TITLE, description, actions: [{ name, args, description, allowedDecisions }] };
}

function breakpointView(nodes: string[]): NormalizedView {
  return {
    kind: "breakpoint",
    title: toTitle(`Paused before ${nodes.join(", ")}`),
    actions: [{ name: "continue", args: {}, allowedDecisions: ["approve"] }],
  };
}

function genericView(value: unknown): NormalizedView {
  const source = typeof value === "string" ? value : isPlainObject(value) ? titleField(value) : undefined;
  return { kind: "generic", title: toTitle(source ?? "") || FALLBACK_TITLE, actions: [replyAction()] };
}

function titleField(value: Record<string, unknown>): string | undefined {
  return TITLE_FIELDS.map((field) => value[field]).find((text): text is string => typeof text === "string" && text.trim() !== "");
}

/**
 * Whether a schema needing `key` can match at all: a cheap test that spares most values (a string
 * question above all) a failing parse, whose error objects cost more than the parse.
 */
function hasKey(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && key in value;
}

/** A plain interrupt is answered with free text, or a raw resume value. */
function replyAction(): ItemAction {
  return { name: "reply", args: {}, allowedDecisions: ["respond"] };
}

/** One line, control characters blanked (a title may reach a terminal), at most TITLE_MAX code points. */
function toTitle(text: string): string {
  const line = text.replace(/[\s\p{Cc}]+/gu, " ").trim();
  if (line.length <= TITLE_MAX) return line; // no more code points than UTF-16 units
  const chars = Array.from(line);
  return chars.length <= TITLE_MAX ? line : `${chars.slice(0, TITLE_MAX - 1).join("")}…`;
}
