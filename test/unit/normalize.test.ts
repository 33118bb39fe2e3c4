import { normalizeInterrupt } from "../../main/host/inbox/normalize.js";
import { NormalizedView } from "../../shared/items.js";
import generic from "../fixtures/interrupts/generic.json" with { type: "json" };
import hitlJs from "../fixtures/interrupts/hitl-js-camelcase.json" with { type: "json" };
import hitlPy from "../fixtures/interrupts/hitl-python-snakecase.json" with { type: "json" };
import humanInterrupt from "../fixtures/interrupts/human-interrupt.json" with { type: "json" };
import toolApproval from "../fixtures/interrupts/tool-approval-per-call.json" with { type: "json" };

const reply = { name: "reply", args: {}, allowedDecisions: ["respond"] };

/** The camelCase HITL payload spelled the Python way. */
function toSnake(value: typeof hitlJs.interrupt.value) {
  return {
    action_requests: value.actionRequests,
    review_configs: value.reviewConfigs.map((c) => ({ action_name: c.actionName, allowed_decisions: c.allowedDecisions })),
  };
}

function hitl(requests: unknown[], configs: unknown[]) {
  return { actionRequests: requests, reviewConfigs: configs };
}

describe("LangChain v1 HITL", () => {
  const [sendEmail, runSql] = hitlJs.interrupt.value.actionRequests;

  it("reads the captured camelCase batch", () => {
    expect(normalizeInterrupt(hitlJs.interrupt.value)).toEqual({
      kind: "hitl",
      title: "Review 2 tool calls: send_email, run_sql",
      actions: [
        { name: "send_email", args: sendEmail?.args, description: "Outgoing email needs review", allowedDecisions: ["approve", "edit", "reject"] },
        { name: "run_sql", args: runSql?.args, description: runSql?.description, allowedDecisions: ["approve", "reject"] },
      ],
    });
  });

  it("reads the same batch in snake_case identically", () => {
    expect(normalizeInterrupt(toSnake(hitlJs.interrupt.value))).toEqual(normalizeInterrupt(hitlJs.interrupt.value));
  });

  it("reads the Python fixture with its args_schema and respond", () => {
    const [request] = hitlPy.interrupt.value.action_requests;
    expect(normalizeInterrupt(hitlPy.interrupt.value)).toEqual({
      kind: "hitl",
      title: "Approve transfer_funds",
      description: "Tool execution requires approval\n\nTool: transfer_funds",
      actions: [
        {
          name: "transfer_funds",
          args: request?.args,
          description: "Tool execution requires approval\n\nTool: transfer_funds",
          allowedDecisions: ["approve", "edit", "reject", "respond"],
          argsSchema: hitlPy.interrupt.value.review_configs[0]?.args_schema,
        },
      ],
    });
  });

  it("passes args through by reference, keys such as __proto__ included", () => {
    const args = JSON.parse('{"__proto__": {"polluted": true}, "to": "<b>x</b>"}') as Record<string, unknown>;
    const view = normalizeInterrupt(hitl([{ name: "send", args }], [{ actionName: "send", allowedDecisions: ["approve"] }]));
    expect(view.actions[0]?.args).toBe(args);
    expect(Object.keys(view.actions[0]?.args ?? {})).toEqual(["__proto__", "to"]);
  });

  it("matches review configs by name, whatever their order", () => {
    const value = hitl(
      [{ name: "a", args: {} }, { name: "b", args: {} }],
      [{ actionName: "b", allowedDecisions: ["reject"] }, { actionName: "a", allowedDecisions: ["approve"] }],
    );
    expect(normalizeInterrupt(value).actions.map((a) => a.allowedDecisions)).toEqual([["approve"], ["reject"]]);
  });

  it("matches repeated names by position", () => {
    const value = hitl(
      [{ name: "send", args: { n: 1 } }, { name: "other", args: {} }, { name: "send", args: { n: 2 } }],
      [
        { actionName: "send", allowedDecisions: ["approve"] },
        { actionName: "other", allowedDecisions: ["reject"] },
        { actionName: "send", allowedDecisions: ["edit"], argsSchema: { type: "object" } },
      ],
    );
    const view = normalizeInterrupt(value);
    expect(view.title).toBe("Review 3 tool calls: send, other, send");
    expect(view.actions.map((a) => [a.allowedDecisions, a.argsSchema])).toEqual([
      [["approve"], undefined],
      [["reject"], undefined],
      [["edit"], { type: "object" }],
    ]);
  });

  it("lets one config per tool name cover repeated requests", () => {
    const value = hitl([{ name: "send", args: {} }, { name: "send", args: {} }], [{ actionName: "send", allowedDecisions: ["approve", "edit"] }]);
    expect(normalizeInterrupt(value).actions.map((a) => a.allowedDecisions)).toEqual([["approve", "edit"], ["approve", "edit"]]);
  });

  it("drops decision types it cannot produce and duplicates", () => {
    const value = hitl([{ name: "a", args: {} }], [{ actionName: "a", allowedDecisions: ["approve", "defer", "approve", "ignore"] }]);
    expect(normalizeInterrupt(value).actions[0]?.allowedDecisions).toEqual(["approve"]);
  });

  it("treats Python None (null) description and args_schema as absent", () => {
    const value = {
      action_requests: [{ name: "a", args: {}, description: null }],
      review_configs: [{ action_name: "a", allowed_decisions: ["approve"], args_schema: null }],
    };
    expect(normalizeInterrupt(value)).toEqual({ kind: "hitl", title: "Approve a", actions: [{ name: "a", args: {}, allowedDecisions: ["approve"] }] });
  });

  it("flattens the title but keeps the action name and description untouched", () => {
    const name = "send\n\u001b[31mall\u0007";
    const description = "# Heading\n<script>alert(1)</script>";
    const view = normalizeInterrupt(hitl([{ name, args: {}, description }], [{ actionName: name, allowedDecisions: ["approve"] }]));
    expect(view.title).toBe("Approve send [31mall");
    expect(view.actions[0]?.name).toBe(name);
    expect(view.description).toBe(description);
  });
});

describe("per-call tool approval", () => {
  it("reads the fixture with the default decisions", () => {
    expect(normalizeInterrupt(toolApproval.interrupt.value)).toEqual({
      kind: "tool-approval",
      title: "Approve deploy",
      description: "Deploys to production",
      actions: [
        {
          name: "deploy",
          args: { service: "billing", version: "2.14.0", region: "eu-west-1" },
          description: "Deploys to production",
          allowedDecisions: ["approve", "edit", "reject"],
        },
      ],
    });
  });

  it("honours allowed_decisions and args_schema when the payload sends them", () => {
    const value = { ...toolApproval.interrupt.value, allowed_decisions: ["approve", "respond"], args_schema: { type: "object" } };
    expect(normalizeInterrupt(value).actions[0]).toMatchObject({ allowedDecisions: ["approve", "respond"], argsSchema: { type: "object" } });
  });
});

describe("HumanInterrupt", () => {
  const [request] = humanInterrupt.interrupt.value;
  const expected = {
    kind: "human-interrupt",
    title: "approve_expense",
    description: "# Expense report\n\nHotel for the Lisbon offsite, **2 nights**.",
    actions: [
      {
        name: "approve_expense",
        args: request?.action_request.args,
        description: "# Expense report\n\nHotel for the Lisbon offsite, **2 nights**.",
        allowedDecisions: ["approve", "edit", "respond", "ignore"],
      },
    ],
  };

  it("reads the one-element list of the fixture", () => {
    expect(normalizeInterrupt(humanInterrupt.interrupt.value)).toEqual(expected);
  });

  it("reads a bare request the same way", () => {
    expect(normalizeInterrupt(request)).toEqual(expected);
  });

  it("maps each config.allow_* flag on its own", () => {
    const flags = [
      ["allow_accept", "approve"],
      ["allow_edit", "edit"],
      ["allow_respond", "respond"],
      ["allow_ignore", "ignore"],
    ] as const;
    for (const [flag, decision] of flags) {
      const config = { allow_accept: false, allow_edit: false, allow_respond: false, allow_ignore: false, [flag]: true };
      expect(normalizeInterrupt([{ ...request, config }]).actions[0]?.allowedDecisions).toEqual([decision]);
    }
  });
});

describe("static breakpoints", () => {
  it("names the node it paused before", () => {
    expect(normalizeInterrupt(undefined, { breakpointNodes: ["send_email"] })).toEqual({
      kind: "breakpoint",
      title: "Paused before send_email",
      actions: [{ name: "continue", args: {}, allowedDecisions: ["approve"] }],
    });
    expect(normalizeInterrupt(undefined, { breakpointNodes: ["a", "b"] }).title).toBe("Paused before a, b");
  });

  it("needs both an undefined value and a node", () => {
    expect(normalizeInterrupt(undefined)).toEqual({ kind: "generic", title: "Input requested", actions: [reply] });
    expect(normalizeInterrupt(undefined, { breakpointNodes: [] }).kind).toBe("generic");
    expect(normalizeInterrupt(null, { breakpointNodes: ["a"] }).kind).toBe("generic");
    expect(normalizeInterrupt(toolApproval.interrupt.value, { breakpointNodes: ["a"] }).kind).toBe("tool-approval");
  });
});

describe("generic values", () => {
  it("titles each fixture", () => {
    expect(generic.interrupts.map(({ value }) => normalizeInterrupt(value))).toEqual([
      { kind: "generic", title: "Ship it?", actions: [reply] },
      { kind: "generic", title: "Which region first?", actions: [reply] },
      { kind: "generic", title: "Edit the announcement before it is posted", actions: [reply] },
    ]);
  });

  it("prefers question, then title, message, description", () => {
    const all = { description: "d", message: "m", title: "t", question: "q" };
    expect(normalizeInterrupt(all).title).toBe("q");
    expect(normalizeInterrupt({ ...all, question: 3 }).title).toBe("t");
    expect(normalizeInterrupt({ ...all, question: "  ", title: undefined }).title).toBe("m");
    expect(normalizeInterrupt({ description: "d" }).title).toBe("d");
  });

  it("falls back to 'Input requested'", () => {
    for (const value of [null, 42, true, "", " \n ", [], ["Ship it?"], {}, { options: ["a"] }]) {
      expect(normalizeInterrupt(value).title).toBe("Input requested");
    }
  });

  it("keeps titles to one line of at most 120 characters", () => {
    expect(normalizeInterrupt("  Deploy\n\tnow?\r\n").title).toBe("Deploy now?");
    const long = normalizeInterrupt("é".repeat(200)).title;
    expect(long).toBe(`${"é".repeat(119)}…`);
    expect(Array.from(normalizeInterrupt("🚀".repeat(130)).title)).toEqual([...Array<string>(119).fill("🚀"), "…"]);
    expect(normalizeInterrupt("x".repeat(120)).title).toBe("x".repeat(120));
  });
});

describe("malformed lookalikes fall back to generic", () => {
  const action = { name: "a", args: {} };
  const config = { actionName: "a", allowedDecisions: ["approve"] };
  const cases: [string, unknown][] = [
    ["actionRequests not an array", { actionRequests: action, reviewConfigs: [config] }],
    ["reviewConfigs missing", { actionRequests: [action] }],
    ["no action requests", hitl([], [config])],
    ["args an array", hitl([{ name: "a", args: [] }], [config])],
    ["args with a non-JSON value", hitl([{ name: "a", args: { at: new Date() } }], [config])],
    ["name not a string", hitl([{ name: 1, args: {} }], [config])],
    ["allowedDecisions not an array", hitl([action], [{ actionName: "a", allowedDecisions: "approve" }])],
    ["no config for an action", hitl([action, { name: "b", args: {} }], [config])],
    ["mixed casing", { actionRequests: [action], review_configs: [{ action_name: "a", allowed_decisions: ["approve"] }] }],
    ["snake_case configs missing", { action_requests: [action] }],
    ["tool_approval without args", { type: "tool_approval", name: "deploy" }],
    ["tool_approval with another type", { type: "tool_call", name: "deploy", args: {} }],
    ["HumanInterrupt without config", [{ action_request: { action: "x", args: {} } }]],
    ["HumanInterrupt with a partial config", [{ action_request: { action: "x", args: {} }, config: { allow_accept: true } }]],
    ["HumanInterrupt with string flags", [{ action_request: { action: "x", args: {} }, config: { allow_accept: "yes", allow_edit: false, allow_respond: false, allow_ignore: false } }]],
    ["two HumanInterrupts", [humanInterrupt.interrupt.value[0], humanInterrupt.interrupt.value[0]]],
    ["HumanInterrupt without action_request", [{ config: humanInterrupt.interrupt.value[0]?.config }]],
  ];

  it.each(cases)("%s", (_name, value) => {
    expect(normalizeInterrupt(value)).toEqual({ kind: "generic", title: "Input requested", actions: [reply] });
  });

  it("still titles a lookalike from its description", () => {
    expect(normalizeInterrupt({ actionRequests: "x", description: "Check this" }).title).toBe("Check this");
  });
});

describe("never throws", () => {
  it("survives cycles, throwing getters and revoked proxies", () => {
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.args = cyclic;
    const getter = Object.defineProperty({}, "actionRequests", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const value of [hitl([cyclic], [{ actionName: "a", allowedDecisions: ["approve"] }]), getter, proxy]) {
      expect(normalizeInterrupt(value)).toEqual({ kind: "generic", title: "Input requested", actions: [reply] });
    }
  });

  it("always returns a view the shared schema accepts", () => {
    const values: unknown[] = [
      hitlJs.interrupt.value,
      hitlPy.interrupt.value,
      humanInterrupt.interrupt.value,
      toolApproval.interrupt.value,
      ...generic.interrupts.map((i) => i.value),
      undefined,
      Symbol("s"),
      () => 1,
      10n,
      new Map(),
      Object.create(null),
    ];
    for (const value of values) expect(NormalizedView.safeParse(normalizeInterrupt(value)).success).toBe(true);
  });
});
