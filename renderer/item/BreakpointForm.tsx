import { useItemCommands } from "../app/keyboard.js";
import type { DecisionFormProps } from "./ActionsForm.js";

/** A static breakpoint: nothing to answer, only whether to run on. */
export function BreakpointForm({ item, submitting, onSubmit, blocked = null }: DecisionFormProps) {
  const proceed = () => {
    if (!submitting && blocked === null) onSubmit({ type: "approve" });
  };
  useItemCommands({
    approve() {
      if (blocked !== null) return blocked;
      proceed();
      return null;
    },
    reject: () => "A breakpoint cannot be rejected: continue it, or leave it waiting.",
    edit: () => "A breakpoint has nothing to edit.",
    submit: proceed,
  });
  return (
    <div className="decision-form">
      <p>The graph paused at a static breakpoint ({item.title}). Continue runs it on from here.</p>
      <div className="submit-row">
        <button type="button" className="button primary" disabled={submitting || blocked !== null} onClick={proceed} aria-keyshortcuts="a Control+Enter">
          {submitting ? "Continuing…" : "Continue"}
        </button>
        <span className="muted small">a or Ctrl+Enter</span>
      </div>
    </div>
  );
}
