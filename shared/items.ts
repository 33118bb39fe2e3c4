// The shared vocabulary of a pending item: what the reviewer is shown (NormalizedView) and what
// they may answer (Decision). Only zod, no Node or DOM APIs, so host, CLI and renderer share it.
import { z } from "zod";
import { isPlainObject } from "./values.js";

/** An object as JSON.parse builds it: a class instance (Date, Map, a message object) is not one. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for values JSON can carry unchanged: no undefined, NaN, functions, class instances or cycles. */
function isJsonValue(value: unknown, ancestors = new Set<object>()): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (!(Array.isArray(value) || isJsonObject(value)) || ancestors.has(value)) return false;
  ancestors.add(value);
  const ok = Object.values(value).every((child) => isJsonValue(child, ancestors));
  ancestors.delete(value);
  return ok;
}

// z.custom returns the caller's own object: zod's record parser would copy it and silently
// drop keys such as "__proto__", and payloads must pass through untouched.
export const JsonObject = z.custom<Record<string, unknown>>(
  (value) => isJsonObject(value) && isJsonValue(value),
  "must be a JSON object",
);
const JsonValue = z.custom<unknown>((value) => isJsonValue(value), "must be a JSON value");

export const ItemKind = z.enum(["hitl", "human-interrupt", "tool-approval", "breakpoint", "generic"]);
export type ItemKind = z.infer<typeof ItemKind>;

/** Decision types an action can allow. `resume` is not among them: it is never gated. */
export const AllowedDecision = z.enum(["approve", "edit", "reject", "respond", "ignore"]);
export type AllowedDecision = z.infer<typeof AllowedDecision>;

export const ItemAction = z.object({
  name: z.string(),
  args: JsonObject,
  description: z.string().optional(),
  allowedDecisions: z.array(AllowedDecision),
  argsSchema: JsonObject.optional(),
});
export type ItemAction = z.infer<typeof ItemAction>;

export const NormalizedView = z.object({
  kind: ItemKind,
  title: z.string(),
  description: z.string().optional(),
  actions: z.array(ItemAction),
});
export type NormalizedView = z.infer<typeof NormalizedView>;

export const Decision = z.discriminatedUnion("type", [
  z.object({ type: z.literal("approve") }),
  z.object({ type: z.literal("edit"), args: JsonObject }),
  z.object({ type: z.literal("reject"), message: z.string().optional() }),
  z.object({ type: z.literal("respond"), message: z.string() }),
  z.object({ type: z.literal("ignore") }),
  // Expert escape hatch: the whole resume value, sent as is.
  z.object({ type: z.literal("resume"), value: JsonValue }),
]);
export type Decision = z.infer<typeof Decision>;

/** One decision per action, in order; a single Decision is enough for a one-action item. */
export const DecisionInput = z.union([z.object({ decisions: z.array(Decision) }), Decision]);
export type DecisionInput = z.infer<typeof DecisionInput>;
