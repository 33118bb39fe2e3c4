// A decision on a remote item becomes its resume value by the same rules as a local item's, with
// the same refusals. Its own module: the rules load a JSON Schema validator, which discovering and
// showing remote items does without.
import { toResumeValue, type DecisionResult } from "../decisions/resume-value.js";
import { remoteItemView, type RemotePending } from "./remote-deployment.js";

/** A reviewer's decision as the resume value the remote item's payload expects, or the local refusal. */
export function remoteResumeValue(pending: Pick<RemotePending, "value">, decision: unknown): DecisionResult {
  return toResumeValue(remoteItemView(pending), pending.value, decision);
}
