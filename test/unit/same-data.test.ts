import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { sameData } from "../../main/host/checkpointer/same-data.js";

const toolCall = (args: Record<string, unknown>) => new AIMessage({ content: "", id: "ai-1", tool_calls: [{ id: "call-1", name: "send", args }] });

test("equal messages built apart are alike; any change in their fields is not", () => {
  expect(sameData(new HumanMessage({ content: "hi", id: "h" }), new HumanMessage({ content: "hi", id: "h" }))).toBe(true);
  expect(sameData(toolCall({ to: "a", n: [1, 2] }), toolCall({ to: "a", n: [1, 2] }))).toBe(true);
  expect(sameData(toolCall({ to: "a", n: [1, 2] }), toolCall({ to: "a", n: [1, 3] }))).toBe(false);
  expect(sameData(new HumanMessage({ content: "hi", id: "h" }), new AIMessage({ content: "hi", id: "h" }))).toBe(false);
  // Changed in place after being built, as LangChain's HITL middleware does to tool calls.
  const edited = toolCall({ to: "a" });
  edited.tool_calls = [{ id: "call-1", name: "send", args: { to: "b" } }];
  expect(sameData(toolCall({ to: "a" }), edited)).toBe(false);
});

test("plain data is alike only with the same keys in the same order and the same values", () => {
  expect(sameData({ a: 1, b: [true, null, "x"] }, { a: 1, b: [true, null, "x"] })).toBe(true);
  expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  expect(sameData([1, 2], [1, 2, 3])).toBe(false);
  expect(sameData({ a: "1" }, { a: 1 })).toBe(false);
});

test("values whose bytes are not in their own fields count as different", () => {
  expect(sameData(new Date(0), new Date(1))).toBe(false);
  expect(sameData(new Map([["a", 1]]), new Map([["a", 2]]))).toBe(false);
  expect(sameData(Uint8Array.of(1), Uint8Array.of(2))).toBe(false);
  expect(sameData(Number.NaN, Number.NaN)).toBe(false);
  class Point {
    constructor(readonly x: number) {}
  }
  expect(sameData(new Point(1), new Point(1))).toBe(false);
});

test("cyclic and very deep data counts as different instead of looping", () => {
  const a: Record<string, unknown> = {};
  a.self = a;
  const b: Record<string, unknown> = {};
  b.self = b;
  expect(sameData(a, b)).toBe(false);
  const deep = (n: number): unknown => (n === 0 ? 1 : { next: deep(n - 1) });
  expect(sameData(deep(100), deep(100))).toBe(false);
  expect(sameData(deep(10), deep(10))).toBe(true);
});
