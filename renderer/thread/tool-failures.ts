// What the conversation says about the tool calls: which failed, and where an error's stack trace
// starts (folded away by default: it holds local file paths and is rarely what a reviewer needs).
import type { ChatMessage } from "../../shared/inbox.js";
import { isPlainObject } from "../../shared/values.js";

/** A line of a JavaScript or Python stack trace ("    at f (file:1:2)", '  File "x.py", line 3'). */
const STACK_LINE = /^\s+(at\s+\S|File\s+".*",\s+line\s+\d)/;

/** The text of a message's content: a string, or its text blocks joined. */
export function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => (typeof block === "string" ? block : isPlainObject(block) && typeof block.text === "string" ? block.text : ""))
    .join("\n");
}

/**
 * The names of the tool calls whose result is an error: a tool message whose status says so, or,
 * for messages without one, that starts with "Error" (what LangGraph's ToolNode writes for a tool
 * that threw) or carries a stack trace.
 */
export function failedToolCalls(messages: readonly ChatMessage[] | null | undefined): string[] {
  const names: string[] = [];
  for (const message of messages ?? []) {
    if (message.type !== "tool") continue;
    const text = messageText(message.content);
    if (message.status === "error" || (message.status === undefined && (/^\s*error\b/i.test(text) || splitStack(text).stack !== null))) names.push(message.name ?? message.toolCallId ?? "a tool");
  }
  return names;
}

/** `text` cut where its first stack-trace line starts: the message, and the trace (null when there is none). */
export function splitStack(text: string): { message: string; stack: string | null } {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => STACK_LINE.test(line));
  if (start < 0) return { message: text, stack: null };
  let end = start;
  while (end < lines.length && (STACK_LINE.test(lines[end]!) || /^\s{2,}\S/.test(lines[end]!))) end++;
  const message = [...lines.slice(0, start), ...lines.slice(end)].join("\n").trimEnd();
  return { message, stack: lines.slice(start, end).join("\n") };
}
