// The small value rules every runtime shares: error text, plain-object check, zod issues as one line.
import { z } from "zod";
import { formatIssues, isPlainObject, messageOf } from "../../shared/values.js";

describe("messageOf", () => {
  it.each([
    [new Error("disk full"), "disk full"],
    [new TypeError("not a function"), "not a function"],
    [Object.assign(new Error(""), { name: "Empty" }), ""],
    ["a thrown string", "a thrown string"],
    [42, "42"],
    [null, "null"],
    [undefined, "undefined"],
    [{ message: "looks like an Error" }, "[object Object]"],
  ])("%o -> %j", (thrown, text) => {
    expect(messageOf(thrown)).toBe(text);
  });
});

describe("isPlainObject", () => {
  it.each([{}, { a: 1 }, Object.create(null), JSON.parse('{"__proto__":{"x":1}}'), new (class Graph {})()])("accepts %o", (value) => {
    expect(isPlainObject(value)).toBe(true);
  });

  it.each([null, undefined, [], [1, 2], "text", 0, true, () => ({})])("refuses %o", (value) => {
    expect(isPlainObject(value)).toBe(false);
  });
});

describe("formatIssues", () => {
  const Query = z.object({ limit: z.number().int(), filter: z.object({ kinds: z.array(z.string()) }) });

  it("joins path and message, issues separated by semicolons", () => {
    const parsed = Query.safeParse({ limit: 1.5, filter: { kinds: ["a", 2] } });
    expect(parsed.success).toBe(false);
    expect(formatIssues(parsed.error!.issues)).toMatch(/^limit: .+; filter\.kinds\.1: .+$/);
  });

  it("names a root issue by `root` when given, else shows its message alone", () => {
    const issues = [{ path: [], message: "Expected object, received string" }];
    expect(formatIssues(issues, "input")).toBe("input: Expected object, received string");
    expect(formatIssues(issues)).toBe("Expected object, received string");
  });

  it("stringifies symbol and number path keys", () => {
    expect(formatIssues([{ path: ["a", 0, Symbol("s")], message: "bad" }])).toBe("a.0.Symbol(s): bad");
  });
});
