import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { sameData, snapshotData } from "../../main/host/checkpointer/same-data.js";

const toolCall = (args: Record<string, unknown>) => new AIMessage({ content: "", id: "ai-1", tool_calls: [{ id: "call-1", name: "send", args }] });
const alike = (before: unknown, after: unknown) => sameData(snapshotData(before), after);

test("equal messages built apart are alike; any change in their fields is not", () => {
  expect(alike(new HumanMessage({ content: "hi", id: "h" }), new HumanMessage({ content: "hi", id: "h" }))).toBe(true);
  expect(alike(toolCall({ to: "a", n: [1, 2] }), toolCall({ to: "a", n: [1, 2] }))).toBe(true);
  expect(alike(toolCall({ to: "a", n: [1, 2] }), toolCall({ to: "a", n: [1, 3] }))).toBe(false);
  expect(alike(new HumanMessage({ content: "hi", id: "h" }), new AIMessage({ content: "hi", id: "h" }))).toBe(false);
});

test("a change made in place after the snapshot is seen, however deep", () => {
  // As LangChain's HITL middleware does to an AI message's tool calls.
  const message = toolCall({ to: "a", nested: { list: [1] } });
  const snapshot = snapshotData(message);
  expect(sameData(snapshot, message)).toBe(true);
  message.tool_calls = [{ id: "call-1", name: "send", args: { to: "b" } }];
  expect(sameData(snapshot, message)).toBe(false);
  const data = { a: { b: [1, { c: "x" }] } };
  const before = snapshotData(data);
  (data.a.b[1] as { c: string }).c = "y";
  expect(sameData(before, data)).toBe(false);
});

test("plain data is alike only with the same keys in the same order and the same values", () => {
  expect(alike({ a: 1, b: [true, null, "x"] }, { a: 1, b: [true, null, "x"] })).toBe(true);
  expect(alike({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  expect(alike({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  expect(alike([1, 2], [1, 2, 3])).toBe(false);
  expect(alike({ a: "1" }, { a: 1 })).toBe(false);
});

test("values whose bytes are not in their own fields count as different, even from themselves", () => {
  const date = new Date(0);
  expect(alike(date, date)).toBe(false);
  expect(alike({ at: date }, { at: date })).toBe(false);
  expect(alike(new Map([["a", 1]]), new Map([["a", 1]]))).toBe(false);
  expect(alike(Uint8Array.of(1), Uint8Array.of(1))).toBe(false);
  expect(alike(Number.NaN, Number.NaN)).toBe(false);
  class Point {
    constructor(readonly x: number) {}
  }
  expect(alike(new Point(1), new Point(1))).toBe(false);
});

test("cyclic and very deep data counts as different instead of looping", () => {
  const a: Record<string, unknown> = {};
  a.self = a;
  expect(alike(a, a)).toBe(false);
  const deep = (n: number): unknown => (n === 0 ? 1 : { next: deep(n - 1) });
  expect(alike(deep(100), deep(100))).toBe(false);
  expect(alike(deep(10), deep(10))).toBe(true);
});
