import { useEffect, useId, useRef } from "react";
import type { AllowedDecision, ItemAction, ItemKind } from "../../shared/items.js";
import { revealControls } from "../../shared/text.js";
import { decisionLabel } from "../app/format.js";
import type { ActionDraft } from "./decisions.js";
import { EditPanel } from "./EditPanel.js";
import { Markdown } from "./Markdown.js";
import { ArgsTable } from "./ValueView.js";

export interface ActionCardProps {
  kind: ItemKind;
  action: ItemAction;
  index: number;
  count: number;
  draft: ActionDraft;
  onDraft: (update: Partial<ActionDraft>) => void;
  /** Bumped to move the focus to the message box or the editor. */
  focusToken: number;
  disabled: boolean;
  showDescription: boolean;
}

/** One action of an item: what it would do, and the reviewer's decision on it. */
export function ActionCard({ kind, action, index, count, draft, onDraft, focusToken, disabled, showDescription }: ActionCardProps) {
  const headingId = useId();
  const groupName = useId();
  const messageRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusToken > 0) messageRef.current?.focus();
  }, [focusToken]);
  const name = revealControls(action.name);
  const choose = (type: AllowedDecision) => onDraft({ type });
  return (
    <section className="action-card" aria-labelledby={headingId} data-testid="action-card">
      <h3 id={headingId} className="action-name">
        {count > 1 && <span className="muted">Action {index + 1} of {count}: </span>}
        <code>{name}</code>
      </h3>
      {showDescription && action.description && <Markdown text={action.description} className="action-description" />}
      <ArgsTable args={action.args} name={action.name} />
      <fieldset className="decision-choices" disabled={disabled}>
        <legend>Decision for {name}</legend>
        {action.allowedDecisions.length === 0 && <p className="muted">This action allows no decision here; use a raw resume value below.</p>}
        {action.allowedDecisions.map((type) => (
          <label key={type} className={`choice choice-${type}`}>
            <input type="radio" name={groupName} value={type} checked={draft.type === type} onChange={() => choose(type)} />
            {decisionLabel(type, kind)}
          </label>
        ))}
      </fieldset>
      {draft.type === "reject" && (
        <label className="field">
          <span>Rejection message (optional)</span>
          <textarea ref={messageRef} aria-label={`Rejection message for ${action.name}`} value={draft.message} rows={2} disabled={disabled} placeholder="Why? The agent sees this." onChange={(event) => onDraft({ message: event.target.value })} />
        </label>
      )}
      {draft.type === "respond" && (
        <label className="field">
          <span>Response</span>
          <textarea ref={messageRef} aria-label={`Response for ${action.name}`} value={draft.message} rows={3} disabled={disabled} placeholder="Your answer to the agent" onChange={(event) => onDraft({ message: event.target.value })} />
        </label>
      )}
      {draft.type === "edit" && <EditPanel action={action} text={draft.editText} onChange={(editText) => onDraft({ editText })} focusToken={focusToken} />}
    </section>
  );
}
