import type { ThreadContext } from "../../shared/inbox.js";
import { Disclosure } from "../app/Disclosure.js";
import { dateTime, displayJson, shortId } from "../app/format.js";
import { ChatView } from "./ChatView.js";

const SHOWN_CHECKPOINTS = 8;

/** The thread around an item: conversation, current state values, recent checkpoints. */
export function ThreadContextView({ thread }: { thread: ThreadContext }) {
  return (
    <section className="thread" aria-labelledby="thread-heading">
      <h3 id="thread-heading">
        Thread <code title={thread.threadId}>{shortId(thread.threadId)}</code>{" "}
        <span className={`badge status-${thread.status}`} data-testid="thread-status">
          {thread.status}
        </span>
      </h3>
      {thread.error && <p className="error-text">Error: {thread.error}</p>}
      {thread.messages && (
        <div className="thread-block">
          <h4>Conversation</h4>
          <ChatView messages={thread.messages} />
        </div>
      )}
      <Disclosure className="thread-block" summary="State values">
        <pre className="value-json state-values">{displayJson(thread.values)}</pre>
      </Disclosure>
      <Disclosure className="thread-block" summary={`Checkpoints (${thread.history.length})`}>
        <ol className="checkpoints">
          {thread.history.slice(0, SHOWN_CHECKPOINTS).map((checkpoint) => (
            <li key={checkpoint.checkpointId}>
              <span>step {checkpoint.step ?? "?"}</span> · <span>{checkpoint.source ?? "?"}</span>
              {checkpoint.next.length > 0 && (
                <>
                  {" "}
                  · next: <code>{checkpoint.next.join(", ")}</code>
                </>
              )}{" "}
              <time className="muted" dateTime={checkpoint.createdAt}>
                {dateTime(checkpoint.createdAt)}
              </time>
            </li>
          ))}
        </ol>
        {thread.history.length > SHOWN_CHECKPOINTS && <p className="muted small">…and {thread.history.length - SHOWN_CHECKPOINTS} older.</p>}
      </Disclosure>
    </section>
  );
}
