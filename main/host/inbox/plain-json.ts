import type { BaseMessage } from "@langchain/core/messages";
import type { ChatMessage } from "../../../shared/inbox.js";

/**
 * Graph state and interrupt values may hold class instances (LangChain messages above all).
 * Everything the host hands out is plain JSON, so it crosses IPC, WebSocket and the CLI alike.
 */
export function toPlainJson(value: unknown, ancestors?: WeakSet<object>): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return undefined;
  // Made on the first object only: most interrupt values are a plain string.
  const seen = ancestors ?? new WeakSet<object>();
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (isMessage(value)) return toChatMessage(value);
    if (Array.isArray(value)) return value.map((item) => toPlainJson(item, seen) ?? null);
    if (value instanceof Date) return value.toISOString();
    const source = typeof (value as { toJSON?: unknown }).toJSON === "function" ? (value as { toJSON: () => unknown }).toJSON() : value;
    if (source !== value) return toPlainJson(source, seen);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const plain = toPlainJson(child, seen);
      if (plain !== undefined) out[key] = plain;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export function toChatMessage(message: BaseMessage): ChatMessage {
  const out: ChatMessage = { type: message.getType(), content: toPlainJson(message.content) };
  if (message.name) out.name = message.name;
  const toolCalls = (message as { tool_calls?: Array<{ id?: string; name: string; args: unknown }> }).tool_calls;
  if (toolCalls?.length) out.toolCalls = toolCalls.map((call) => ({ ...(call.id ? { id: call.id } : {}), name: call.name, args: toPlainJson(call.args) }));
  const toolCallId = (message as { tool_call_id?: string }).tool_call_id;
  if (toolCallId) out.toolCallId = toolCallId;
  const status = (message as { status?: unknown }).status;
  if (status === "success" || status === "error") out.status = status;
  return out;
}

/** The conversation in a state, when it has one: a `messages` list of LangChain messages. */
export function conversationOf(values: unknown): ChatMessage[] | null {
  const messages = (values as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || !messages.every(isMessage)) return null;
  return messages.map(toChatMessage);
}

/**
 * LangChain's own test for a message (`isBaseMessage`: a `_getType` method), written out here:
 * importing it loads all of @langchain/core, which reading an inbox of plain values does not need.
 */
function isMessage(value: unknown): value is BaseMessage {
  return typeof (value as { _getType?: unknown } | null)?._getType === "function";
}
