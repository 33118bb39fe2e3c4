import type { DecisionRecord } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { dateTime, displayJson } from "../app/format.js";
import { summarizeDecision } from "./decisions.js";

/** An item that was decided already (here, in another window, or by the CLI). */
export function DecidedView({ record }: { record: DecisionRecord }) {
  return (
    <div className="decided" data-testid="decided">
      <p>
        <strong>Decided</strong> <time dateTime={record.decidedAt}>{dateTime(record.decidedAt)}</time>: {revealControls(summarizeDecision(record.decision))}.
      </p>
      <p>
        {record.state === "recorded" && "Running…"}
        {record.state === "applied" && `Applied${record.outcome ? `; the thread is ${record.outcome}` : ""}.`}
        {record.state === "failed" && <span className="error-text">The run failed{record.error ? `: ${record.error}` : "."}</span>}
      </p>
      <details>
        <summary>Resume value sent</summary>
        <pre className="value-json">{displayJson(record.resume)}</pre>
      </details>
    </div>
  );
}
