import type { ChatMessage } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { displayJson } from "../app/format.js";
import { splitStack } from "./tool-failures.js";
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

/** A message's text; a stack trace in it is folded away (it holds local paths and is rarely what matters). */
function ChatText({ text }: { text: string }) {
  const { message, stack } = splitStack(text);
  return (
    <>
      {message && <p className="chat-text">{revealControls(message)}</p>}
      {stack !== null && (
        <details className="stack-trace">
          <summary>Stack trace ({stack.split("\n").length} lines)</summary>
          <pre className="value-json">{revealControls(stack)}</pre>
        </details>
      )}
    </>
  );
}

function ContentView({ content }: { content: unknown }) {
  if (typeof content === "string") return content ? <ChatText text={content} /> : null;
  if (Array.isArray(content)) {
    return (
      <>
        {content.map((block, i) => {
          const record = isPlainObject(block) ? block : null;
          if (typeof block === "string") return <ChatText key={i} text={block} />;
          if (record && record.type === "text" && typeof record.text === "string") {
            return <ChatText key={i} text={record.text} />;
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
