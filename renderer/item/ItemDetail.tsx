import { useEffect, useRef, useState } from "react";
import type { ContractError } from "../../shared/contract.js";
import type { InboxItem } from "../../shared/inbox.js";
import type { DecisionInput } from "../../shared/items.js";
import { revealControls } from "../../shared/text.js";
import { useConnectionStatus } from "../api/ApiContext.js";
import { Disclosure } from "../app/Disclosure.js";
import { dateTime, kindLabel, relativeTime, shortId } from "../app/format.js";
import { OutcomePanel } from "../thread/OutcomePanel.js";
import { failedToolCalls } from "../thread/tool-failures.js";
import { ThreadContextView } from "../thread/ThreadContextView.js";
import type { Outcomes } from "../thread/useOutcomes.js";
import { ActionsForm, type DecisionFormProps } from "./ActionsForm.js";
import { BreakpointForm } from "./BreakpointForm.js";
import { DecidedView } from "./DecidedView.js";
import { GenericForm } from "./GenericForm.js";
import { Markdown } from "./Markdown.js";
import { RawResume } from "./RawResume.js";
import { useItemDetail } from "./useItemDetail.js";

export interface ItemDetailProps {
  itemId: string;
  /** The item as the inbox knows it (listed or announced), when it does: shown at once, before getItem answers. */
  listItem: InboxItem | undefined;
  outcomes: Outcomes;
  onOpen: (itemId: string) => void;
  /** The decision taken here was applied and the run goes on or is done: the inbox moves on to the next item. */
  onDecided?: (item: InboxItem, phase: "done" | "running") => void;
}

const ERROR_TITLES: Partial<Record<ContractError["code"], string>> = {
  "already-decided": "Already decided",
  "invalid-decision": "Decision not accepted",
  "not-found": "Not found",
  "graph-unavailable": "Graph unavailable",
  "host-unavailable": "Host restarting",
};

export function ItemDetail({ itemId, listItem, outcomes, onOpen, onDecided }: ItemDetailProps) {
  const { detail, error, reload } = useItemDetail(itemId);
  const [hostError, setHostError] = useState<ContractError | null>(null);
  const [dirty, setDirty] = useState(false);
  const connected = useConnectionStatus() === "connected";
  const alertRef = useRef<HTMLDivElement>(null);
  const item = listItem ?? detail?.item;
  const outcome = outcomes.get(itemId);
  const settled = outcome && !outcome.submitting && outcome.phase !== "running";

  // Once the run settles, show the thread as it is now (new messages, state, the decision record).
  useEffect(() => {
    if (settled) reload();
  }, [settled, outcome?.phase, reload]);

  // Once the host has the decision and this pane shows the thread after it: on to the next item, unless
  // the reviewer must look here (a failed run or tool call, the thread waiting again).
  const answered = outcome !== undefined && !outcome.submitting;
  const answeredPhase = answered ? outcome.phase : null;
  const reloaded = detail?.decision != null && (answeredPhase === "running" || detail.thread.status === answeredPhase);
  const toolFailed = reloaded && failedToolCalls(detail.thread.messages).length > 0;
  const movedOn = useRef(false);
  useEffect(() => {
    if (!item || movedOn.current || !reloaded || toolFailed || (answeredPhase !== "done" && answeredPhase !== "running")) return;
    movedOn.current = true;
    onDecided?.(item, answeredPhase);
  }, [answeredPhase, item, onDecided, reloaded, toolFailed]);

  useEffect(() => {
    if (hostError) alertRef.current?.scrollIntoView({ block: "nearest" });
  }, [hostError]);

  if (!item) {
    return (
      <div className="detail-empty" role="status">
        {error ? <p className="error-text">Could not load the item: {error}</p> : <p className="muted">Loading…</p>}
      </div>
    );
  }

  const submit = async (input: DecisionInput) => {
    setHostError(null);
    const refused = await outcomes.decide(item, input);
    // The form is gone: keep the keyboard in the inbox rather than on <body>.
    if (!refused && (document.activeElement === null || document.activeElement === document.body)) {
      document.querySelector<HTMLElement>("[role=grid]")?.focus({ preventScroll: true });
    }
    if (refused) {
      setHostError(refused);
      if (refused.code === "already-decided" || refused.code === "not-found") reload();
    }
  };

  const submitting = outcome?.submitting === true;
  const pending = !outcome && !detail?.decision;
  // Decided in another window or process while this one shows the form: a draft being typed stays.
  const decidedElsewhere = !outcome && detail?.decision != null;
  const showForm = pending || submitting || (decidedElsewhere && dirty);
  const blocked = decidedElsewhere
    ? "This item was decided elsewhere: your draft was not sent."
    : !connected && !submitting
      ? "Not connected to Countersign: deciding waits until the connection is back."
      : null;
  // A decided item whose thread failed after it (here, or seen in another window or the CLI).
  const retryable = !submitting && detail?.decision != null && (outcome ? outcome.phase === "error" : detail.thread.status === "error");
  const retry = async () => {
    setHostError(null);
    const refused = await outcomes.retry(item);
    if (refused) {
      setHostError(refused);
      reload();
    }
  };
  const formProps: DecisionFormProps = { item, submitting, blocked, onDraftChange: setDirty, onSubmit: (input) => void submit(input) };

  return (
    <article className="detail" aria-labelledby="item-title">
      <header className="detail-header">
        <h2 id="item-title">{revealControls(item.title)}</h2>
        <p className="detail-meta">
          <span className={`badge badge-kind kind-${item.kind}`}>{kindLabel(item.kind)}</span>
          {item.source !== "local" && (
            <span data-testid="item-source">
              from <strong>{revealControls(item.source)}</strong>
            </span>
          )}
          <span>
            graph <code>{revealControls(item.graphId)}</code>
          </span>
          <span>
            thread <code title={item.threadId}>{shortId(item.threadId)}</code>
          </span>
          <time dateTime={item.createdAt} title={dateTime(item.createdAt)}>
            {relativeTime(item.createdAt, Date.now())}
          </time>
        </p>
      </header>
      {item.description && <Markdown text={item.description} className="item-description" />}
      <div ref={alertRef} className="alert-region" role="alert" data-testid="decision-error">
        {hostError && (
          <p className="error-banner">
            <strong>{ERROR_TITLES[hostError.code] ?? "Refused"}:</strong> {hostError.message}
          </p>
        )}
      </div>
      {outcome && <OutcomePanel outcome={outcome} onOpen={onOpen} failedTools={settled ? failedToolCalls(detail?.thread.messages) : []} />}
      {detail?.decision && (!outcome || settled) && <DecidedView record={detail.decision} />}
      {retryable && (
        <p className="retry-row">
          <button type="button" className="button" onClick={() => void retry()}>
            Retry the run
          </button>{" "}
          <span className="muted small">The tasks that failed run again, with the answers already given.</span>
        </p>
      )}
      {showForm && decidedElsewhere && (
        <p className="warning" role="status" data-testid="decided-elsewhere">
          <strong>Decided elsewhere.</strong> Another window or process decided this item while you were deciding: your draft below was not sent. It is kept
          so you can copy it.
        </p>
      )}
      {showForm && !decidedElsewhere && !connected && (
        <p className="warning" role="status" data-testid="disconnected-notice">
          <strong>Not connected.</strong> Deciding is paused until the connection to Countersign is back; your choices stay in the form.
        </p>
      )}
      {showForm && <DecisionForm kind={item.kind} {...formProps} />}
      {(pending || submitting) && item.kind !== "generic" && item.kind !== "breakpoint" && (
        <Disclosure className="raw-details" summary="Advanced: send a raw resume value">
          <p className="muted small">Replaces the whole resume value the graph receives; no checks apply.</p>
          <RawResume initial="null" submitting={submitting} disabled={blocked !== null} onSend={(value) => void submit({ type: "resume", value })} />
        </Disclosure>
      )}
      {detail?.thread ? <ThreadContextView thread={detail.thread} /> : error ? <p className="error-text">Could not load the thread: {error}</p> : <p className="muted">Loading thread…</p>}
    </article>
  );
}

function DecisionForm({ kind, ...props }: DecisionFormProps & { kind: InboxItem["kind"] }) {
  switch (kind) {
    case "generic":
      return <GenericForm {...props} />;
    case "breakpoint":
      return <BreakpointForm {...props} />;
    default:
      return <ActionsForm {...props} />;
  }
}
