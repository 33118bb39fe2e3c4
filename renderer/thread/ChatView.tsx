import type { ChatMessage } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { displayJson } from "../app/format.js";
import { isPlainObject } from "../../shared/values.js";

const ROLE_LABELS: Record<string, string> = { human: "User", ai: "Assistant", tool: "Tool", system: "System" };

/** The thread's conversation as plain text: content is never interpreted as HTML or markdown. */
export function ChatView({ messages }: { messages: ChatMessage[] }) {
  if (messages.length === 0) return <p className="muted">No messages.</p>;
  return (
    <ol className="chat" aria-label="Conversation">
      {messages.map((message, i) => (
        <li key={i} className={`chat-message chat-${message.type}`}>
          <div className="chat-role">
            {ROLE_LABELS[message.type] ?? message.type}
            {message.name ? ` · ${revealControls(message.name)}` : ""}
            {message.toolCallId ? <span className="muted"> (for {message.toolCallId})</span> : null}
          </div>
          <ContentView content={message.content} />
          {message.toolCalls && message.toolCalls.length > 0 && (
            <ul className="tool-calls" aria-label="Tool calls">
              {message.toolCalls.map((call, j) => (
                <li key={call.id ?? j}>
                  <span className="muted">calls</span> <code>{revealControls(call.name)}</code>
                  <pre className="value-json">{displayJson(call.args)}</pre>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function ContentView({ content }: { content: unknown }) {
  if (typeof content === "string") return content ? <p className="chat-text">{revealControls(content)}</p> : null;
  if (Array.isArray(content)) {
    return (
      <>
        {content.map((block, i) => {
          const record = isPlainObject(block) ? block : null;
          if (typeof block === "string") return <p key={i} className="chat-text">{revealControls(block)}</p>;
          if (record && record.type === "text" && typeof record.text === "string") {
            return (
              <p key={i} className="chat-text">
                {revealControls(record.text)}
              </p>
            );
          }
          return (
            <pre key={i} className="value-json">
              {displayJson(block)}
            </pre>
          );
        })}
      </>
    );
  }
  if (content === null || content === undefined) return null;
  return <pre className="value-json">{displayJson(content)}</pre>;
}
