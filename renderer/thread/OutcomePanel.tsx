import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import type { Outcome } from "./useOutcomes.js";

/** The visible progress after a decision: Running…, then done / error / waiting again. */
export function OutcomePanel({ outcome, onOpen, failedTools = [] }: { outcome: Outcome; onOpen: (itemId: string) => void; failedTools?: readonly string[] }) {
  // The run finished, but the conversation holds a tool call whose result is an error: not a plain success.
  const toolFailed = outcome.phase === "done" && failedTools.length > 0;
  return (
    <div className={`outcome outcome-${toolFailed ? "tool-failed" : outcome.phase}`} role="status" aria-live="polite" data-testid="outcome" data-phase={outcome.phase}>
      {outcome.phase === "running" && (
        <p>
          <span className="spinner" aria-hidden="true" /> {outcome.submitting ? "Sending your decision…" : "Running… The graph is working on your decision."}
        </p>
      )}
      {outcome.phase === "done" && !toolFailed && <p>✓ Done: the decision was applied and the run finished.</p>}
      {toolFailed && (
        <p data-testid="tool-failed">
          ⚠ Done, but a tool call failed: {failedTools.map(revealControls).join(", ")}. The run finished; see the error in the conversation below.
        </p>
      )}
      {outcome.phase === "error" && (
        <p className="error-text">
          ✗ The run failed after your decision{outcome.error ? `: ${outcome.error}` : "."}
        </p>
      )}
      {outcome.phase === "queued" && <p>Queued: {outcome.source} is out of reach. The decision is saved and delivered once it is back.</p>}
      {outcome.phase === "conflict" && <p className="error-text">This interrupt was answered elsewhere before your decision could be delivered; nothing was sent.</p>}
      {outcome.phase === "waiting" && <WaitingAgain items={outcome.waitingOn} onOpen={onOpen} />}
    </div>
  );
}

function WaitingAgain({ items, onOpen }: { items: InboxItem[]; onOpen: (itemId: string) => void }) {
  if (items.length === 0) return <p>✓ Decision applied. The thread is waiting for input again.</p>;
  return (
    <>
      <p>✓ Decision applied. The thread is waiting for input again:</p>
      <ul className="link-list">
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className="link-button" onClick={() => onOpen(item.id)}>
              Open “{revealControls(item.title)}”
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
