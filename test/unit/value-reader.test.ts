// The inbox reads stored values without LangGraph's serializer when they are plain JSON: what it
// reads must be what the serializer reads, whichever way a value goes. And the names it copies from
// LangGraph are LangGraph's.
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { INTERRUPT, JsonPlusSerializer, RESUME, WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import { INTERRUPT as OUR_INTERRUPT, INTERRUPT_WRITE_IDX, RESUME as OUR_RESUME } from "../../main/host/checkpointer/langgraph-names.js";
import { ValueReader } from "../../main/host/checkpointer/value-reader.js";

const serde = new JsonPlusSerializer();

const values: Array<[string, unknown]> = [
  ["a string", "Proceed?"],
  ["a number and null", [1.5, null, -0, true]],
  ["a plain HITL request", { action_requests: [{ name: "send_email", args: { to: "a@b.c", body: "ünïcode ✓" } }], review_configs: [] }],
  ["an interrupt list", [{ id: "i1", value: { question: "Ship?", lc_like: "not a marker" } }]],
  ["messages", { messages: [new HumanMessage({ content: "hi", id: "h1" }), new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "send", args: { to: "x" } }] })] }],
  ["undefined inside", { kept: 1, gone: undefined, list: [undefined, 2] }],
  ["a set, a map, a date", { set: new Set([1, 2]), map: new Map([["a", 1]]), when: new Date(0) }],
  ["an lc key that is no marker", { lc: 3, type: "constructor" }],
  ["a __proto__ key", JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown],
  ["bytes", new Uint8Array([1, 2, 3])],
];

const prototypeFields = (value: unknown) => (typeof value === "object" && value !== null ? { ...(Object.getPrototypeOf(value) as object) } : undefined);

test.each(values)("%s reads the same as through the serializer", async (_name, value) => {
  const [type, written] = await serde.dumpsTyped(value);
  const stored = Buffer.from(written); // as SQLite hands a blob back
  const expected = await serde.loadsTyped(type, stored);
  const read = await new ValueReader().loadsTyped(type, stored);
  expect(read).toStrictEqual(expected);
  // Prototypes too: JSON.parse and the serializer's reviver differ on a `__proto__` key.
  expect(prototypeFields(read)).toStrictEqual(prototypeFields(expected));
});

test.each([
  ["a leading BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"b"}')])],
  ["bytes that are not UTF-8", Buffer.from([0x22, 0xff, 0xfe, 0x41, 0xe2, 0x82, 0x22])],
  ["a truncated character", Buffer.from([0x5b, 0x22, 0xf0, 0x9f, 0x98, 0x22, 0x5d])],
])("stored bytes with %s decode as the serializer decodes them", async (_name, stored) => {
  expect(await new ValueReader().loadsTyped("json", stored)).toStrictEqual(await serde.loadsTyped("json", stored));
});

test("a serializer given to the saver reads everything", async () => {
  const custom = { loadsTyped: async (type: string) => `read ${type}`, dumpsTyped: serde.dumpsTyped.bind(serde) };
  expect(await new ValueReader(custom).loadsTyped("json", Buffer.from('"plain"'))).toBe("read json");
});

test("the LangGraph names the inbox reads are LangGraph's", () => {
  expect([OUR_INTERRUPT, OUR_RESUME, INTERRUPT_WRITE_IDX]).toEqual([INTERRUPT, RESUME, WRITES_IDX_MAP[INTERRUPT]]);
});
