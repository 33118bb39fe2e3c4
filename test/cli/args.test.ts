// The CLI's command line and output helpers, in process: every flag combination without a spawn.
import { readFileSync } from "node:fs";
import { parseCommandLine, type Invocation } from "../../main/cli/args.js";
import type { Io } from "../../main/cli/commands.js";
import { decisionText, oneLine, outcomeText, style, table } from "../../main/cli/format.js";
import { helpText } from "../../main/cli/help.js";
import { main } from "../../main/cli/main.js";
import { UsageError } from "../../main/cli/usage-error.js";

const command = (argv: string[]) => {
  const invocation = parseCommandLine(argv);
  if (invocation.kind !== "command") throw new Error(`expected a command, got ${invocation.kind}`);
  return invocation;
};
const decision = (...argv: string[]) => {
  const { command: parsed } = command(["decide", ...argv]);
  if (parsed.name !== "decide") throw new Error("not decide");
  return { itemId: parsed.itemId, decision: parsed.decision };
};
const usageError = (argv: string[]): string => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
};

test("the command is the first argument that is not an option or an option's value, global options go anywhere", () => {
  expect(command(["--data", "/tmp/d", "--config", "lg.json", "list", "--graph", "g", "--json"])).toEqual<Invocation>({
    kind: "command",
    global: { data: "/tmp/d", config: "lg.json", json: true, verbose: false },
    command: { name: "list", query: { graphId: "g" } },
  });
  expect(command(["--input", '{"a":1}', "run", "ship-it", "--data=/x"])).toEqual<Invocation>({
    kind: "command",
    global: { data: "/x", config: undefined, json: false, verbose: false },
    command: { name: "run", graphId: "ship-it", input: { a: 1 }, threadId: undefined },
  });
  expect(command(["run", "ship-it", "--thread", "t-1"]).command).toEqual({ name: "run", graphId: "ship-it", input: {}, threadId: "t-1" });
  expect(command(["list", "--kind", "hitl", "--search", "sql", "--sort", "newest"]).command).toEqual({
    name: "list",
    query: { kind: "hitl", search: "sql", sort: "newest" },
  });
  expect(command(["list", "--source", "staging"]).command).toEqual({ name: "list", query: { source: "staging" } });
  expect(command(["show", "abc"]).command).toEqual({ name: "show", itemId: "abc" });
  expect(command(["history"]).command).toEqual({ name: "history", limit: 100 });
  expect(command(["history", "--limit", "5"]).command).toEqual({ name: "history", limit: 5 });
  expect(command(["graphs"]).command).toEqual({ name: "graphs" });
});

test("help and version", () => {
  expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
  expect(parseCommandLine(["--help"])).toEqual({ kind: "help" });
  expect(parseCommandLine(["-h"])).toEqual({ kind: "help" });
  expect(parseCommandLine(["help"])).toEqual({ kind: "help" });
  expect(parseCommandLine(["help", "decide"])).toEqual({ kind: "help", command: "decide" });
  // --help wins over everything else on the line, even a missing argument.
  expect(parseCommandLine(["decide", "--help"])).toEqual({ kind: "help", command: "decide" });
  expect(parseCommandLine(["run", "-h", "--input", "{"])).toEqual({ kind: "help", command: "run" });

  const main = helpText();
  for (const name of ["graphs", "run <graphId>", "list", "show <itemId>", "decide <itemId>", "history", "--data DIR", "--config PATH", "--json", "--version", "Exit codes"]) {
    expect(main).toContain(name);
  }
  const decide = helpText("decide");
  expect(decide).toMatch(/^Usage: countersign decide <itemId> \(--approve \| --reject \[MESSAGE\] \| --edit JSON \| --respond TEXT \| --ignore \| --resume JSON \| --decisions JSON\)/);
  for (const flag of ["--approve", "--reject [MESSAGE]", "--edit JSON", "--respond TEXT", "--ignore", "--resume JSON", "--decisions JSON", "--data DIR"]) expect(decide).toContain(flag);
  expect(helpText("list")).toContain("--kind KIND");
  expect(helpText("history")).toContain("--limit N");
});

test("each decide flag becomes the host's DecisionInput", () => {
  expect(decision("i1", "--approve")).toEqual({ itemId: "i1", decision: { type: "approve" } });
  expect(decision("i1", "--ignore")).toEqual({ itemId: "i1", decision: { type: "ignore" } });
  expect(decision("i1", "--respond", "Which client?")).toEqual({ itemId: "i1", decision: { type: "respond", message: "Which client?" } });
  expect(decision("i1", "--edit", '{"amount":380}')).toEqual({ itemId: "i1", decision: { type: "edit", args: { amount: 380 } } });
  expect(decision("i1", "--resume", "42").decision).toEqual({ type: "resume", value: 42 });
  expect(decision("i1", "--resume", '{"ship":true}').decision).toEqual({ type: "resume", value: { ship: true } });
  expect(decision("i1", "--decisions", '[{"type":"approve"},{"type":"reject","message":"no"}]').decision).toEqual({
    decisions: [{ type: "approve" }, { type: "reject", message: "no" }],
  });
});

test("--reject takes an optional message: alone, after it, before the item id, or with =", () => {
  const plain = { itemId: "i1", decision: { type: "reject" } };
  const withMessage = { itemId: "i1", decision: { type: "reject", message: "too late" } };
  expect(decision("i1", "--reject")).toEqual(plain);
  expect(decision("--reject", "i1")).toEqual(plain);
  expect(decision("i1", "--reject", "")).toEqual(plain);
  expect(decision("i1", "--reject=")).toEqual(plain);
  expect(decision("i1", "--reject", "too late")).toEqual(withMessage);
  expect(decision("--reject", "too late", "i1")).toEqual(withMessage);
  expect(decision("i1", "--reject=too late")).toEqual(withMessage);
  expect(decision("i1", "--json", "--reject", "too late", "--data", "/d")).toEqual(withMessage);
  expect(decision("i1", "--reject", "--", "-1 is wrong")).toEqual({ itemId: "i1", decision: { type: "reject", message: "-1 is wrong" } });
  expect(usageError(["decide", "i1", "--reject", "a", "b"])).toMatch(/unexpected argument "b"/);
  // A second argument is only a message when it follows --reject.
  expect(usageError(["decide", "i1", "extra", "--approve"])).toMatch(/unexpected argument "extra"/);
});

test("usage errors are one line and name the problem", () => {
  expect(usageError([])).toMatch(/missing command/);
  expect(usageError(["--json"])).toMatch(/missing command/);
  expect(usageError(["bogus"])).toMatch(/unknown command "bogus"/);
  expect(usageError(["list", "--nope"])).toMatch(/Unknown option '--nope'.*\(see countersign list --help\)$/);
  expect(usageError(["run"])).toMatch(/run needs <graphId>/);
  expect(usageError(["retry"])).toMatch(/retry needs <threadId>/);
  expect(command(["list", "--verbose"]).global.verbose).toBe(true);
  expect(command(["--verbose", "serve"]).global).toMatchObject({ verbose: true, json: false });
  expect(command(["retry", "t-1", "--json"])).toMatchObject({ global: { json: true }, command: { name: "retry", threadId: "t-1" } });
  expect(usageError(["run", "a", "b"])).toMatch(/unexpected argument "b"/);
  expect(usageError(["run", "a", "--input"])).toMatch(/--input/);
  expect(usageError(["run", "a", "--input", "{bad"])).toMatch(/^--input is not valid JSON: /);
  expect(usageError(["run", "a", "--input", "[1]"])).toBe("--input must be a JSON object");
  expect(usageError(["run", "a", "--thread", " "])).toBe("--thread must not be empty");
  expect(usageError(["list", "--kind", "nope"])).toMatch(/unknown --kind "nope" \(kinds: hitl, human-interrupt, tool-approval, breakpoint, generic\)/);
  expect(usageError(["list", "--sort", "random"])).toMatch(/unknown --sort "random"/);
  expect(usageError(["history", "--limit", "0"])).toMatch(/--limit must be a positive whole number/);
  expect(usageError(["show"])).toMatch(/show needs <itemId>/);
  expect(usageError(["decide", "--approve"])).toMatch(/decide needs <itemId>/);
  expect(usageError(["decide", "i1"])).toMatch(/decide needs one of --approve, --reject \[MESSAGE\]/);
  expect(usageError(["decide", "i1", "--approve", "--ignore"])).toBe("give only one of --approve, --ignore");
  expect(usageError(["decide", "i1", "--edit", "[1]"])).toMatch(/^--edit takes the edited args as a JSON object/);
  expect(usageError(["decide", "i1", "--edit", "{"])).toMatch(/^--edit is not valid JSON/);
  expect(usageError(["decide", "i1", "--decisions", '{"type":"approve"}'])).toMatch(/^--decisions takes a JSON list/);
  expect(usageError(["decide", "i1", "--decisions", "[1]"])).toMatch(/^--decisions takes a JSON list/);
  expect(usageError(["decide", "i1", "--resume", "nope"])).toMatch(/^--resume is not valid JSON/);
  expect(usageError(["graphs", "--version"])).toMatch(/Unknown option '--version'/);
});

test("main: usage errors exit 2 with one line on stderr and open no host; help and version exit 0", async () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    const sink: Io = { out: (text) => out.push(text), err: (text) => err.push(text), style: style(false) };
    return { out, err, sink };
  };
  const bad = io();
  expect(await main(["decide", "i1", "--edit", "{"], bad.sink)).toBe(2);
  expect(bad.out).toEqual([]);
  expect(bad.err).toHaveLength(1);
  expect(bad.err[0]).toMatch(/^countersign: --edit is not valid JSON: [^\n]+$/);

  const version = io();
  expect(await main(["--version"], version.sink)).toBe(0);
  expect(version.out).toEqual([JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version]);

  const help = io();
  expect(await main(["show", "--help"], help.sink)).toBe(0);
  expect(help.out[0]).toMatch(/^Usage: countersign show <itemId>/);
  expect(help.err).toEqual([]);
});

test("tables are aligned, plain when not styled, and cut to the terminal's width", () => {
  const plain = style(false);
  expect(table(["ID", "TITLE"], [["a", "First"], ["bbbb", "Second\nline\u001b[31m"]], plain)).toBe("ID    TITLE\na     First\nbbbb  Second line [31m");
  expect(table(["A", "B"], [["x", "0123456789abcdefghij"]], plain, { columns: 15 })).toBe("A  B\nx  0123456789a…");
  expect(table(["A", "B"], [["0123456789", "x"]], plain, { max: [5] })).toBe("A      B\n0123…  x");
  expect(style(true).bold("x")).toBe("\u001b[1mx\u001b[22m");
  expect(oneLine(" a\tb\r\n\u0007c ")).toBe("a b c");
});

test("decisions and outcomes in a few words", () => {
  expect(decisionText({ type: "approve" })).toBe("approve");
  expect(decisionText({ type: "reject" })).toBe("reject");
  expect(decisionText({ type: "reject", message: "no" })).toBe('reject "no"');
  expect(decisionText({ type: "respond", message: "why?" })).toBe('respond "why?"');
  expect(decisionText({ type: "edit", args: { a: 1 } })).toBe('edit {"a":1}');
  expect(decisionText({ type: "resume", value: [1] })).toBe("resume [1]");
  expect(decisionText({ decisions: [{ type: "approve" }, { type: "ignore" }] })).toBe("approve, ignore");
  expect(outcomeText({ state: "applied", outcome: "done", error: null })).toBe("applied, thread done");
  expect(outcomeText({ state: "failed", outcome: "error", error: "boom" })).toBe("failed: boom");
  expect(outcomeText({ state: "recorded", outcome: null, error: null })).toBe("recorded, running");
});

test("source add, list, remove and sync: repeated headers kept, add-only flags refused elsewhere, one-line errors", () => {
  expect(command(["source", "add", "--name", "prod", "--url", "https://lg.example.com", "--api-key", "sk-1", "--header", "X-Team=ops", "--header", "X-Env=a=b", "--graph", "agent"]).command).toEqual({
    name: "source",
    action: "add",
    source: { name: "prod", url: "https://lg.example.com", apiKey: "sk-1", headers: { "X-Team": "ops", "X-Env": "a=b" }, graphId: "agent" },
  });
  expect(command(["source", "list", "--json"]).command).toEqual({ name: "source", action: "list" });
  expect(command(["source", "remove", "prod"]).command).toEqual({ name: "source", action: "remove", sourceName: "prod" });
  expect(command(["source", "sync"]).command).toEqual({ name: "source", action: "sync" });
  expect(command(["source", "sync", "prod"]).command).toEqual({ name: "source", action: "sync", sourceName: "prod" });
  expect(usageError(["source"])).toMatch(/source needs one of add, list, remove, sync/);
  expect(usageError(["source", "rename"])).toMatch(/not "rename"/);
  expect(usageError(["source", "add", "--url", "https://a.example"])).toMatch(/needs --name N and --url U/);
  expect(usageError(["source", "add", "--name", "a", "--url", "https://a.example", "--header", "novalue"])).toMatch(/--header takes NAME=VALUE/);
  expect(usageError(["source", "list", "--url", "https://a.example"])).toMatch(/--url is for source add/);
  expect(usageError(["source", "remove"])).toMatch(/needs <name>/);
  expect(usageError(["source", "sync", "a", "b"])).toMatch(/unexpected argument "b"/);
});
