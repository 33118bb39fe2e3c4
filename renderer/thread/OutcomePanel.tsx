import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import type { Outcome } from "./useOutcomes.js";

/** The visible progress after a decision: Running…, then done / error / waiting again. */
export function OutcomePanel({ outcome, onOpen }: { outcome: Outcome; onOpen: (itemId: string) => void }) {
  return (
    <div className={`outcome outcome-${outcome.phase}`} role="status" aria-live="polite" data-testid="outcome" data-phase={outcome.phase}>
      {outcome.phase === "running" && (
        <p>
          <span className="spinner" aria-hidden="true" /> {outcome.submitting ? "Sending your decision…" : "Running… The graph is working on your decision."}
        </p>
      )}
      {outcome.phase === "done" && <p>✓ Done: the decision was applied and the run finished.</p>}
      {outcome.phase === "error" && (
        <p className="error-text">
          ✗ The run failed after your decision{outcome.error ? `: ${outcome.error}` : "."}
        </p>
      )}
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
