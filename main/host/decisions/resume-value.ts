// Turns a reviewer's DecisionInput into exactly the resume value the interrupt's format expects
// (see the agent-inboxes reference, section 2). Anything the payload did not allow is refused with
// a message naming the action, never sent: a wrong resume value fails or misleads the agent.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import draft07 from "ajv/dist/refs/json-schema-draft-07.json" with { type: "json" };
import { linearRegExp } from "./linear-regexp.js";
import { formatIssues, isPlainObject, messageOf } from "../../../shared/values.js";
import { Decision, type AllowedDecision, type DecisionInput, type ItemAction, type ItemKind, type NormalizedView } from "../../../shared/items.js";

export type ResumeResult = { ok: true; value: unknown } | { ok: false; error: string };
/** The resume value, with the reviewer's decision as validated (what the journal records). */
export type DecisionResult = { ok: true; value: unknown; decision: DecisionInput } | { ok: false; error: string };
type Gated = Exclude<Decision, { type: "resume" }>;

const LISTED_SCHEMA_ERRORS = 3;

export function toResumeValue(view: NormalizedView, rawValue: unknown, input: unknown): DecisionResult {
  // Callers pass data from IPC or the CLI: each decision is validated here, against its action.
  const single = !(isPlainObject(input) && "decisions" in input);
  const list = single ? [input] : input.decisions;
  if (!Array.isArray(list)) return fail("Invalid decision: decisions must be an array, one decision per action in order");

  const decisions: Decision[] = [];
  for (const [i, item] of list.entries()) {
    const parsed = Decision.safeParse(item);
    if (!parsed.success) return fail(`Invalid decision for ${label(view, i)}: ${formatIssues(parsed.error.issues)}`);
    decisions.push(parsed.data);
  }
  const resume = resumeFor(view, rawValue, decisions, single);
  return resume.ok ? { ...resume, decision: single ? decisions[0]! : { decisions } } : resume;
}

function resumeFor(view: NormalizedView, rawValue: unknown, decisions: Decision[], single: boolean): ResumeResult {
  const resume = decisions.find((decision) => decision.type === "resume");
  if (resume) return single ? ok(resume.value) : fail("resume replaces the whole resume value: send it alone, not inside decisions");

  if (decisions.length !== view.actions.length) {
    const names = view.actions.map((action) => action.name).join(", ");
    return fail(`Expected ${view.actions.length} decision(s), one per action in order (${names}), as { decisions: [...] }; got ${decisions.length}`);
  }

  // Python payloads (snake_case HITL, per-call tool approval) expect snake_case decisions.
  const snake = view.kind === "tool-approval" || (isPlainObject(rawValue) && "action_requests" in rawValue);
  const answers: unknown[] = [];
  for (const [i, action] of view.actions.entries()) {
    const answer = answerFor(view.kind, action, decisions[i] as Gated, label(view, i), snake); // same length, checked above
    if (!answer.ok) return answer;
    answers.push(answer.value);
  }

  switch (view.kind) {
    case "hitl":
      return ok({ decisions: answers });
    case "human-interrupt":
      return ok(answers); // Agent Inbox graphs read interrupt([request])[0]: a one-element list.
    default:
      return ok(answers[0]);
  }
}

function answerFor(kind: ItemKind, action: ItemAction, decision: Gated, name: string, snake: boolean): ResumeResult {
  switch (kind) {
    case "hitl":
    case "tool-approval":
      return toolDecision(action, decision, name, snake);
    case "human-interrupt":
      return humanResponse(action, decision, name);
    case "generic":
      return decision.type === "respond" && allows(action, "respond") ? ok(decision.message) : notAllowed(name, decision, action);
    case "breakpoint":
      // The host continues a static breakpoint by resuming with no input.
      return decision.type === "approve" && allows(action, "approve") ? ok(null) : notAllowed(name, decision, action);
  }
}

function toolDecision(action: ItemAction, decision: Gated, name: string, snake: boolean): ResumeResult {
  if (decision.type === "ignore" || !allows(action, decision.type)) return notAllowed(name, decision, action);
  switch (decision.type) {
    case "approve":
      return ok({ type: "approve" });
    case "edit": {
      const invalid = checkArgs(name, action.argsSchema, decision.args);
      if (invalid) return fail(invalid);
      const edited = { name: action.name, args: decision.args };
      return ok(snake ? { type: "edit", edited_action: edited } : { type: "edit", editedAction: edited });
    }
    case "reject":
      return ok(decision.message === undefined ? { type: "reject" } : { type: "reject", message: decision.message });
    case "respond":
      return ok({ type: "respond", message: decision.message });
  }
}

function humanResponse(action: ItemAction, decision: Gated, name: string): ResumeResult {
  if (decision.type === "reject") {
    // HumanResponse has no reject: send the closest answer the graph allows.
    if (allows(action, "respond")) return ok({ type: "response", args: decision.message ?? "Rejected" });
    if (allows(action, "ignore")) return ok({ type: "ignore", args: null });
    return fail(`${name} cannot be rejected: it allows neither respond nor ignore (allowed: ${allowedText(action)})`);
  }
  if (!allows(action, decision.type)) return notAllowed(name, decision, action);
  switch (decision.type) {
    case "approve":
      return ok({ type: "accept", args: null });
    case "edit": {
      const invalid = checkArgs(name, action.argsSchema, decision.args);
      return invalid ? fail(invalid) : ok({ type: "edit", args: { action: action.name, args: decision.args } });
    }
    case "respond":
      return ok({ type: "response", args: decision.message });
    case "ignore":
      return ok({ type: "ignore", args: null });
  }
}

// One shared instance: argsSchemas are compiled per edit and removed again, so a long-running host
// does not accumulate them. Payload schemas are 2020-12 (zod, pydantic) or draft-07. Formats
// (email, date-time) are not checked: that needs ajv-formats, and ajv would warn on every compile.
// Patterns run on a linear-time engine (`linearRegExp`).
let ajv: Ajv2020 | undefined;
function schemaValidator(schema: Record<string, unknown>): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, code: { regExp: linearRegExp } });
    ajv.addMetaSchema(draft07);
  }
  try {
    return ajv.compile(schema);
  } finally {
    ajv.removeSchema(schema);
  }
}

function checkArgs(name: string, schema: Record<string, unknown> | undefined, args: Record<string, unknown>): string | undefined {
  if (!schema) return undefined;
  let validate: ValidateFunction;
  try {
    validate = schemaValidator(schema);
  } catch (error) {
    return `Cannot check the edit of ${name}: its argsSchema is unusable (${messageOf(error)})`;
  }
  if (validate(args)) return undefined;
  const errors = validate.errors ?? [];
  const listed = errors.slice(0, LISTED_SCHEMA_ERRORS).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  const more = errors.length > LISTED_SCHEMA_ERRORS ? `; and ${errors.length - LISTED_SCHEMA_ERRORS} more` : "";
  return `Edited args of ${name} do not match its argsSchema: ${listed.join("; ")}${more}`;
}

function allows(action: ItemAction, type: AllowedDecision): boolean {
  return action.allowedDecisions.includes(type);
}

function allowedText(action: ItemAction): string {
  return action.allowedDecisions.join(", ") || "none";
}

function notAllowed(name: string, decision: Gated, action: ItemAction): ResumeResult {
  return fail(`${name} does not allow "${decision.type}" (allowed: ${allowedText(action)})`);
}

function label(view: NormalizedView, index: number): string {
  const action = view.actions[index];
  if (!action) return `decision ${index + 1}`;
  return view.actions.length > 1 ? `action ${index + 1} "${action.name}"` : `"${action.name}"`;
}

function ok(value: unknown): ResumeResult {
  return { ok: true, value };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
