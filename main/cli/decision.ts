// The decide flags, turned into the host's DecisionInput. Only the shape of the JSON is checked
// here; whether the item allows the decision is the host's call (it knows the item).
import type { Decision, DecisionInput } from "../../shared/items.js";
import { parseJson, UsageError } from "./usage-error.js";
import { isPlainObject } from "../../shared/values.js";

export const DECISION_FLAGS = ["approve", "reject", "edit", "respond", "ignore", "resume", "decisions"] as const;

/**
 * `flags` holds the decide options that were given; `rejectMessage` the message given with
 * --reject (an empty message counts as none).
 */
export function decisionFromFlags(flags: Record<string, string | boolean | undefined>, rejectMessage: string | undefined): DecisionInput {
  const given = DECISION_FLAGS.filter((flag) => flags[flag] !== undefined && flags[flag] !== false);
  if (given.length !== 1) {
    const choices = "--approve, --reject [MESSAGE], --edit JSON, --respond TEXT, --ignore, --resume JSON or --decisions JSON";
    throw new UsageError(given.length === 0 ? `decide needs one of ${choices}` : `give only one of ${given.map((flag) => `--${flag}`).join(", ")}`);
  }
  const flag = given[0]!;
  const text = String(flags[flag]);
  switch (flag) {
    case "approve":
      return { type: "approve" };
    case "reject":
      return rejectMessage ? { type: "reject", message: rejectMessage } : { type: "reject" };
    case "edit": {
      const args = parseJson("--edit", text);
      if (!isPlainObject(args)) throw new UsageError('--edit takes the edited args as a JSON object, e.g. --edit \'{"to":"ana@example.com"}\'');
      return { type: "edit", args };
    }
    case "respond":
      return { type: "respond", message: text };
    case "ignore":
      return { type: "ignore" };
    case "resume":
      return { type: "resume", value: parseJson("--resume", text) };
    case "decisions": {
      const list = parseJson("--decisions", text);
      if (!Array.isArray(list) || list.some((decision) => !isPlainObject(decision))) {
        throw new UsageError('--decisions takes a JSON list with one decision object per action, e.g. \'[{"type":"approve"},{"type":"reject","message":"no"}]\'');
      }
      return { decisions: list as Decision[] };
    }
  }
}
