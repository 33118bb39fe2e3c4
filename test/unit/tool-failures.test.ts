// Failed tool calls in a conversation and the stack traces folded away in it.
import type { ChatMessage } from "../../shared/inbox.js";
import { failedToolCalls, splitStack } from "../../renderer/thread/tool-failures.js";

const TRACE = "    at Object.openSync (node:fs:573:18)\n    at fetchReport (/home/ana/agent/tools.ts:12:5)";

describe("failedToolCalls", () => {
  it("names the tool messages that are errors or carry a stack trace", () => {
    const messages: ChatMessage[] = [
      { type: "human", content: "Error: this is the user talking" },
      { type: "tool", name: "send_email", content: "Email sent." },
      { type: "tool", name: "fetch_report", content: `Error: ENOENT\n${TRACE}` },
      { type: "tool", name: "run_sql", content: [{ type: "text", text: `failed\n${TRACE}` }] },
      { type: "tool", toolCallId: "call_9", content: "error invoking tool" },
    ];
    expect(failedToolCalls(messages)).toEqual(["fetch_report", "run_sql", "call_9"]);
    expect(failedToolCalls(null)).toEqual([]);
  });

  it("trusts a tool message's own status over its text", () => {
    const messages: ChatMessage[] = [
      { type: "tool", name: "lookup", content: "No such customer.", status: "error" },
      { type: "tool", name: "grep_logs", content: "Error lines found: 3", status: "success" },
    ];
    expect(failedToolCalls(messages)).toEqual(["lookup"]);
  });
});

describe("splitStack", () => {
  it("cuts a JavaScript or Python trace from the message", () => {
    expect(splitStack(`Error: ENOENT\n${TRACE}`)).toEqual({ message: "Error: ENOENT", stack: TRACE });
    const python = 'Traceback (most recent call last):\n  File "/home/ana/tools.py", line 3, in fetch\n    open(path)\nFileNotFoundError: x';
    expect(splitStack(python)).toEqual({ message: "Traceback (most recent call last):\nFileNotFoundError: x", stack: '  File "/home/ana/tools.py", line 3, in fetch\n    open(path)' });
  });
  it("leaves text without a trace alone", () => {
    expect(splitStack("All good.\n  indented line")).toEqual({ message: "All good.\n  indented line", stack: null });
  });
});
