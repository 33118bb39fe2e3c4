import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";

const decoder = new TextDecoder();

/** The text the serializer decodes: UTF-8 without a leading BOM (TextDecoder's rules); Buffer's decoder is the faster one. */
function utf8(bytes: Uint8Array | string): string {
  if (typeof bytes === "string") return bytes;
  const text = Buffer.isBuffer(bytes) ? bytes.toString("utf8") : decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads stored values as the saver's serializer does, without loading it for plain data.
 * LangGraph's default serializer (JsonPlusSerializer) stores "json" values and revives only objects
 * with an `lc` key (messages, sets, maps, undefined...): JSON with none reads the same through
 * JSON.parse. Anything else goes to the serializer, imported on first need, since importing it
 * loads all of @langchain/core. A saver given its own serializer reads everything through it.
 */
export class ValueReader {
  private loading: Promise<SerializerProtocol> | undefined;

  constructor(private readonly serde?: SerializerProtocol) {}

  loadsTyped(type: string, bytes: Uint8Array | string): Promise<unknown> {
    if (this.serde) return this.serde.loadsTyped(type, bytes);
    if (type === "json") {
      const value: unknown = JSON.parse(utf8(bytes));
      if (!needsReviver(value)) return Promise.resolve(value);
    }
    return this.serializer().then((serde) => serde.loadsTyped(type, bytes));
  }

  private serializer(): Promise<SerializerProtocol> {
    this.loading ??= import("@langchain/langgraph-checkpoint").then(({ JsonPlusSerializer }) => new JsonPlusSerializer());
    return this.loading;
  }
}

/**
 * Whether parsed JSON holds an object the serializer's reviver treats differently from JSON.parse:
 * one with an `lc` key, or a `__proto__` key (the reviver assigns keys, which for that one sets the
 * prototype; JSON.parse defines an own property).
 */
function needsReviver(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(needsReviver);
  for (const key in value) {
    if (key === "lc" || key === "__proto__") return true;
    if (needsReviver((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
