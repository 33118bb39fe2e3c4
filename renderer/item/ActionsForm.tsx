// Decision form for items made of actions (HITL batches, tool approvals, HumanInterrupts): one decision
// control per action, offering only what the action allows; submitted in action order.
import { useEffect, useRef, useState } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import type { DecisionInput } from "../../shared/items.js";
import { decisionLabel } from "../app/format.js";
import { useItemCommands } from "../app/keyboard.js";
import { ActionCard } from "./ActionCard.js";
import { approveAllDiscards, approveAllInput, buildInput, canApproveAll, hasDraft, initialDrafts, isMixedBatch, type ActionDraft } from "./decisions.js";

export interface DecisionFormProps {
  item: InboxItem;
  submitting: boolean;
  onSubmit: (input: DecisionInput) => void;
  /** Why deciding is not possible right now (not connected, decided elsewhere); the draft stays as it is. */
  blocked?: string | null;
  /** Told whether the form holds a draft (anything chosen or typed). */
  onDraftChange?: (dirty: boolean) => void;
}

export function ActionsForm({ item, submitting, onSubmit, blocked = null, onDraftChange }: DecisionFormProps) {
  const [drafts, setDrafts] = useState<ActionDraft[]>(() => initialDrafts(item));
  const [errors, setErrors] = useState<string[]>([]);
  const [focus, setFocus] = useState({ index: -1, token: 0 });
  const [confirming, setConfirming] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const batch = item.actions.length > 1;
  const approvable = canApproveAll(item);
  const mixed = isMixedBatch(item, drafts);
  const inactive = submitting || blocked !== null;
  const dirty = hasDraft(item, drafts);

  useEffect(() => {
    onDraftChange?.(dirty);
  }, [dirty, onDraftChange]);

  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  const update = (index: number, change: Partial<ActionDraft>) => {
    setErrors([]);
    setConfirming(false);
    setDrafts((current) => current.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  };

  const submit = () => {
    if (inactive) return;
    const built = buildInput(item, drafts);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    onSubmit(built.input);
  };

  // Approving the whole item replaces the per-action choices: never without asking when some would be lost.
  const approveAll = (discard: boolean) => {
    if (inactive) return;
    if (!discard && approveAllDiscards(item, drafts)) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    onSubmit(approveAllInput(item));
  };

  useItemCommands({
    approve() {
      if (!approvable) {
        const blocked = item.actions.filter((action) => !action.allowedDecisions.includes("approve")).map((action) => action.name);
        return `This item cannot be approved as a whole: ${blocked.join(", ")} does not allow approve.`;
      }
      if (blocked !== null) return blocked;
      approveAll(false);
      return null;
    },
    reject() {
      const target = item.actions.some((action) => action.allowedDecisions.includes("reject")) ? "reject" : "respond";
      const indexes = item.actions.flatMap((action, i) => (action.allowedDecisions.includes(target) ? [i] : []));
      if (indexes.length === 0) return "No action of this item can be rejected.";
      setDrafts((current) => current.map((draft, i) => (indexes.includes(i) ? { ...draft, type: target } : draft)));
      setFocus((current) => ({ index: indexes[0]!, token: current.token + 1 }));
      return null;
    },
    edit() {
      const index = item.actions.findIndex((action) => action.allowedDecisions.includes("edit"));
      if (index < 0) return "No action of this item can be edited.";
      update(index, { type: "edit" });
      setFocus((current) => ({ index, token: current.token + 1 }));
      return null;
    },
    submit() {
      submit();
    },
  });

  const decided = drafts.filter((draft) => draft.type !== null).length;
  return (
    <form
      className="decision-form"
      aria-label="Decision"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {approvable && (
        <div className="quick-actions">
          <button type="button" className="button primary" disabled={inactive} onClick={() => approveAll(false)} aria-keyshortcuts="a">
            {batch ? "Approve all" : decisionLabel("approve", item.kind)}
          </button>
          <span className="muted small">{batch ? "Approves every action at once (a)." : "Press a to approve."} Or decide each action below.</span>
        </div>
      )}
      {confirming && (
        <div className="warning" role="alert" data-testid="discard-draft">
          <p>
            <strong>{batch ? "Approve all" : decisionLabel("approve", item.kind)} discards the choices made below.</strong> Your per-action decisions and
            messages would not be sent.
          </p>
          <p className="button-row">
            <button ref={keepRef} type="button" className="button" onClick={() => setConfirming(false)}>
              Keep my choices
            </button>{" "}
            <button type="button" className="button" disabled={inactive} onClick={() => approveAll(true)}>
              Discard them and approve
            </button>
          </p>
        </div>
      )}
      {item.actions.map((action, i) => (
        <ActionCard
          key={i}
          kind={item.kind}
          action={action}
          index={i}
          count={item.actions.length}
          draft={drafts[i]!}
          onDraft={(change) => update(i, change)}
          focusToken={focus.index === i ? focus.token : 0}
          disabled={submitting}
          showDescription={batch || item.description !== action.description}
        />
      ))}
      {mixed && (
        <div className="warning" role="status" data-testid="mixed-batch-warning">
          <strong>This batch mixes a rejection with approved or edited calls.</strong> The agent drops the approved and edited calls of a batch that
          contains any rejection: they will not run now, the rejection goes back to the model, and it may propose them again.
        </div>
      )}
      {errors.length > 0 && (
        <ul className="form-errors error-text" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="submit-row">
        <button type="submit" className="button primary" disabled={inactive} aria-keyshortcuts="Control+Enter Meta+Enter">
          {submitting ? "Submitting…" : batch ? `Submit decisions (${decided}/${item.actions.length})` : "Submit decision"}
        </button>
        <span className="muted small">Ctrl+Enter</span>
      </div>
    </form>
  );
}
