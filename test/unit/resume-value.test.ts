import { toResumeValue } from "../../main/host/decisions/resume-value.js";
import { normalizeInterrupt } from "../../main/host/inbox/normalize.js";
import type { Decision } from "../../shared/items.js";
import hitlJs from "../fixtures/interrupts/hitl-js-camelcase.json" with { type: "json" };
import hitlPy from "../fixtures/interrupts/hitl-python-snakecase.json" with { type: "json" };
import humanInterrupt from "../fixtures/interrupts/human-interrupt.json" with { type: "json" };
import toolApproval from "../fixtures/interrupts/tool-approval-per-call.json" with { type: "json" };

/** Normalizes the payload as the host does, then answers it. */
function answer(value: unknown, input: unknown, opts?: { breakpointNodes?: string[] }) {
  const result = toResumeValue(normalizeInterrupt(value, opts), value, input);
  if (!result.ok) return result;
  // The decision as validated is what the journal records: the input, less any key no decision has.
  expect(result.decision).toEqual(stripUnknownKeys(input));
  return { ok: result.ok, value: result.value };
}
function stripUnknownKeys(input: unknown): unknown {
  const keep = (decision: Record<string, unknown>) => Object.fromEntries(Object.entries(decision).filter(([key]) => ["type", "args", "message", "value"].includes(key)));
  const record = input as Record<string, unknown>;
  return Array.isArray(record.decisions) ? { decisions: record.decisions.map((d) => keep(d as Record<string, unknown>)) } : keep(record);
}
function errorOf(value: unknown, input: unknown, opts?: { breakpointNodes?: string[] }): string {
  const result = answer(value, input, opts);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const approve: Decision = { type: "approve" };
const reject: Decision = { type: "reject" };

describe("HITL, camelCase (JS)", () => {
  const value = hitlJs.interrupt.value;
  const emailArgs = { to: "ana@example.com", subject: "Q3 results", body: "Numbers attached." };

  it("reproduces the captured resume value", () => {
    const input = { decisions: [{ type: "edit", args: emailArgs }, { type: "reject", message: "Not during business hours." }] };
    expect(answer(value, input)).toStrictEqual({ ok: true, value: hitlJs.resume_example });
  });

  it("answers every action in order, omitting an absent reject message", () => {
    expect(answer(value, { decisions: [approve, reject] })).toStrictEqual({
      ok: true,
      value: { decisions: [{ type: "approve" }, { type: "reject" }] },
    });
  });

  it("refuses the wrong number of decisions", () => {
    const expected = "Expected 2 decision(s), one per action in order (send_email, run_sql), as { decisions: [...] }; got ";
    expect(errorOf(value, approve)).toBe(`${expected}1`);
    expect(errorOf(value, { decisions: [] })).toBe(`${expected}0`);
    expect(errorOf(value, { decisions: [approve, approve, approve] })).toBe(`${expected}3`);
  });

  it("refuses a decision the action does not allow, naming both", () => {
    expect(errorOf(value, { decisions: [approve, { type: "edit", args: {} }] })).toBe('action 2 "run_sql" does not allow "edit" (allowed: approve, reject)');
    expect(errorOf(value, { decisions: [{ type: "respond", message: "hi" }, approve] })).toBe(
      'action 1 "send_email" does not allow "respond" (allowed: approve, edit, reject)',
    );
    expect(errorOf(value, { decisions: [{ type: "ignore" }, approve] })).toBe('action 1 "send_email" does not allow "ignore" (allowed: approve, edit, reject)');
  });

  it("refuses edit args that are not a JSON object", () => {
    for (const args of [[], "x", null, { at: Number.NaN }]) {
      expect(errorOf(value, { decisions: [{ type: "edit", args }, approve] })).toBe('Invalid decision for action 1 "send_email": args: must be a JSON object');
    }
  });

  it("refuses malformed input", () => {
    expect(errorOf(value, { decisions: approve })).toBe("Invalid decision: decisions must be an array, one decision per action in order");
    expect(errorOf(value, { decisions: [approve, { type: "maybe" }] })).toMatch(/^Invalid decision for action 2 "run_sql": type: Invalid discriminator value/);
    expect(errorOf(value, { decisions: [approve, reject, approve] })).toMatch(/^Expected 2 decision/);
    expect(errorOf(value, { decisions: [approve, reject, "x"] })).toBe("Invalid decision for decision 3: Invalid input: expected object, received string");
    expect(errorOf(value, { decisions: [approve, { type: "reject", message: 5 }] })).toMatch(/^Invalid decision for action 2 "run_sql": message: /);
  });

  it("takes a lone resume value as the whole answer, by reference", () => {
    const raw = { decisions: [{ type: "approve" }, { type: "custom" }] };
    const result = answer(value, { type: "resume", value: raw });
    expect(result).toEqual({ ok: true, value: raw });
    expect(result.ok && result.value).toBe(raw);
  });

  it("refuses resume inside a batch", () => {
    expect(errorOf(value, { decisions: [approve, { type: "resume", value: 1 }] })).toBe(
      "resume replaces the whole resume value: send it alone, not inside decisions",
    );
  });
});

describe("HITL, snake_case (Python)", () => {
  const value = hitlPy.interrupt.value;
  const args = { from: "ops", to: "vendor-112", amount: 1200, currency: "EUR" };

  it("reproduces the documented resume value, from a batch or a lone decision", () => {
    expect(answer(value, { decisions: [{ type: "edit", args }] })).toStrictEqual({ ok: true, value: hitlPy.resume_example });
    expect(answer(value, { type: "edit", args })).toStrictEqual({ ok: true, value: hitlPy.resume_example });
  });

  it("answers approve, reject and respond", () => {
    expect(answer(value, approve)).toStrictEqual({ ok: true, value: { decisions: [{ type: "approve" }] } });
    expect(answer(value, { type: "reject", message: "No." })).toStrictEqual({ ok: true, value: { decisions: [{ type: "reject", message: "No." }] } });
    expect(answer(value, { type: "respond", message: "Use the EUR account." })).toStrictEqual({
      ok: true,
      value: { decisions: [{ type: "respond", message: "Use the EUR account." }] },
    });
  });

  it("refuses respond without a message and ignore", () => {
    expect(errorOf(value, { type: "respond" })).toBe('Invalid decision for "transfer_funds": message: Invalid input: expected string, received undefined');
    expect(errorOf(value, { type: "ignore" })).toBe('"transfer_funds" does not allow "ignore" (allowed: approve, edit, reject, respond)');
  });

  it("checks edits against args_schema, listing the first errors with paths", () => {
    expect(errorOf(value, { type: "edit", args: { ...args, amount: -5 } })).toBe(
      'Edited args of "transfer_funds" do not match its argsSchema: /amount must be >= 0',
    );
    expect(errorOf(value, { type: "edit", args: { amount: "lots", currency: "GBP" } })).toBe(
      "Edited args of \"transfer_funds\" do not match its argsSchema: / must have required property 'from'; " +
        "/ must have required property 'to'; /amount must be number; and 1 more",
    );
  });

  it("answers the camelCase spelling of the same payload with editedAction", () => {
    const [request] = value.action_requests;
    const [config] = value.review_configs;
    const camel = {
      actionRequests: [request],
      reviewConfigs: [{ actionName: config?.action_name, allowedDecisions: config?.allowed_decisions, argsSchema: config?.args_schema }],
    };
    expect(answer(camel, { type: "edit", args })).toStrictEqual({
      ok: true,
      value: { decisions: [{ type: "edit", editedAction: { name: "transfer_funds", args } }] },
    });
    expect(errorOf(camel, { type: "edit", args: { ...args, currency: "GBP" } })).toBe(
      'Edited args of "transfer_funds" do not match its argsSchema: /currency must be equal to one of the allowed values',
    );
  });
});

describe("argsSchema dialects", () => {
  const withSchema = (argsSchema: Record<string, unknown>) => ({
    actionRequests: [{ name: "send", args: { to: "a@example.com" } }],
    reviewConfigs: [{ actionName: "send", allowedDecisions: ["edit"], argsSchema }],
  });
  const base = { type: "object", properties: { to: { type: "string", format: "email" } }, required: ["to"] };

  it("accepts 2020-12 (zod, pydantic) and draft-07 schemas", () => {
    for (const $schema of ["https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"]) {
      const value = withSchema({ $schema, ...base });
      expect(answer(value, { type: "edit", args: { to: "b@example.com" } }).ok).toBe(true);
      expect(errorOf(value, { type: "edit", args: {} })).toBe("Edited args of \"send\" do not match its argsSchema: / must have required property 'to'");
    }
  });

  it("checks patterns in linear time: a catastrophic pattern answers at once, with the same verdicts", () => {
    const value = withSchema({ type: "object", properties: { to: { type: "string", pattern: "^(a+)+$" } }, patternProperties: { "^(x+)+y$": { type: "number" } } });
    // With a backtracking engine this edit keeps the thread busy for minutes.
    expect(errorOf(value, { type: "edit", args: { to: `${"a".repeat(40)}!` } })).toBe('Edited args of "send" do not match its argsSchema: /to must match pattern "^(a+)+$"');
    expect(answer(value, { type: "edit", args: { to: "aaaa" } }).ok).toBe(true);
    expect(errorOf(value, { type: "edit", args: { to: "aaaa", xxy: "no" } })).toBe('Edited args of "send" do not match its argsSchema: /xxy must be number');
  });

  it("reports a pattern the linear engine cannot run (a backreference) as an unusable schema", () => {
    const value = withSchema({ type: "object", properties: { to: { type: "string", pattern: "^(a)\\1$" } } });
    expect(errorOf(value, { type: "edit", args: { to: "aa" } })).toMatch(/^Cannot check the edit of "send": its argsSchema is unusable/);
  });

  it("compiles a schema with the same $id again and again", () => {
    for (const maxLength of [3, 30]) {
      const value = withSchema({ $id: "https://example.com/send.json", ...base, properties: { to: { type: "string", maxLength } } });
      expect(answer(value, { type: "edit", args: { to: "abcd" } }).ok).toBe(maxLength === 30);
    }
  });

  it("refuses an edit it cannot check", () => {
    expect(errorOf(withSchema({ type: "strng" }), { type: "edit", args: {} })).toMatch(/^Cannot check the edit of "send": its argsSchema is unusable \(schema is invalid: data\/type must be/);
    expect(errorOf(withSchema({ $ref: "https://example.com/elsewhere.json" }), { type: "edit", args: {} })).toMatch(
      /^Cannot check the edit of "send": its argsSchema is unusable \(can't resolve reference/,
    );
  });
});

describe("per-call tool approval", () => {
  const value = toolApproval.interrupt.value;
  const args = { service: "billing", version: "2.14.1", region: "eu-west-1" };

  it("answers with one bare decision in snake_case", () => {
    expect(answer(value, approve)).toStrictEqual({ ok: true, value: toolApproval.resume_example });
    expect(answer(value, { decisions: [approve] })).toStrictEqual({ ok: true, value: { type: "approve" } });
    expect(answer(value, { type: "edit", args })).toStrictEqual({ ok: true, value: { type: "edit", edited_action: { name: "deploy", args } } });
    expect(answer(value, { type: "reject", message: "Freeze" })).toStrictEqual({ ok: true, value: { type: "reject", message: "Freeze" } });
  });

  it("allows respond only when the payload says so", () => {
    const respond = { type: "respond", message: "Wait for QA" };
    expect(errorOf(value, respond)).toBe('"deploy" does not allow "respond" (allowed: approve, edit, reject)');
    expect(answer({ ...value, allowed_decisions: ["respond"] }, respond)).toStrictEqual({ ok: true, value: respond });
  });

  it("refuses more than one decision", () => {
    expect(errorOf(value, { decisions: [approve, approve] })).toBe("Expected 1 decision(s), one per action in order (deploy), as { decisions: [...] }; got 2");
  });
});

describe("HumanInterrupt", () => {
  const value = humanInterrupt.interrupt.value;
  const [accept, edit, response, ignore] = humanInterrupt.resume_examples;
  const withConfig = (config: Record<string, boolean>) => [
    { ...value[0], config: { allow_accept: false, allow_edit: false, allow_respond: false, allow_ignore: false, ...config } },
  ];

  it("reproduces each documented HumanResponse list", () => {
    expect(answer(value, approve)).toStrictEqual({ ok: true, value: accept });
    const args = { employee: "R. Okafor", amount: 380, category: "travel", receipt: "https://example.com/r/8812" };
    expect(answer(value, { type: "edit", args })).toStrictEqual({ ok: true, value: edit });
    expect(answer(value, { type: "respond", message: "Please attach the itemised bill." })).toStrictEqual({ ok: true, value: response });
    expect(answer(value, { decisions: [{ type: "ignore" }] })).toStrictEqual({ ok: true, value: ignore });
  });

  it("answers the bare request form with the same one-element list", () => {
    expect(answer(value[0], approve)).toStrictEqual({ ok: true, value: accept });
  });

  it("turns reject into a response when respond is allowed", () => {
    expect(answer(value, { type: "reject", message: "Too expensive" })).toStrictEqual({ ok: true, value: [{ type: "response", args: "Too expensive" }] });
    expect(answer(value, reject)).toStrictEqual({ ok: true, value: [{ type: "response", args: "Rejected" }] });
  });

  it("turns reject into ignore when only ignore is allowed", () => {
    expect(answer(withConfig({ allow_ignore: true }), { type: "reject", message: "No" })).toStrictEqual({
      ok: true,
      value: [{ type: "ignore", args: null }],
    });
  });

  it("refuses reject when neither respond nor ignore is allowed", () => {
    expect(errorOf(withConfig({ allow_accept: true, allow_edit: true }), reject)).toBe(
      '"approve_expense" cannot be rejected: it allows neither respond nor ignore (allowed: approve, edit)',
    );
    expect(errorOf(withConfig({}), reject)).toBe('"approve_expense" cannot be rejected: it allows neither respond nor ignore (allowed: none)');
  });

  it("gates every response by its config flag", () => {
    const only = withConfig({ allow_respond: true });
    expect(errorOf(only, approve)).toBe('"approve_expense" does not allow "approve" (allowed: respond)');
    expect(errorOf(only, { type: "edit", args: {} })).toBe('"approve_expense" does not allow "edit" (allowed: respond)');
    expect(errorOf(only, { type: "ignore" })).toBe('"approve_expense" does not allow "ignore" (allowed: respond)');
    expect(errorOf(withConfig({ allow_accept: true }), { type: "respond", message: "x" })).toBe(
      '"approve_expense" does not allow "respond" (allowed: approve)',
    );
  });
});

describe("generic values", () => {
  it("answers respond with the bare message", () => {
    expect(answer("Ship it?", { type: "respond", message: "yes" })).toStrictEqual({ ok: true, value: "yes" });
  });

  it("passes any JSON resume value through unchanged", () => {
    const draft = { draft: "Hi team, the release is out today." };
    for (const resumed of [draft, null, false, 0, "eu-west-1", ["a", { b: [1] }]]) {
      const result = answer({ question: "Which region first?" }, { type: "resume", value: resumed });
      expect(result).toStrictEqual({ ok: true, value: resumed });
      expect(result.ok && result.value).toBe(resumed);
    }
  });

  it("refuses resume values JSON cannot carry", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const resumed of [undefined, Number.NaN, { when: new Date() }, cyclic, [() => 1]]) {
      expect(errorOf("Ship it?", { type: "resume", value: resumed })).toBe('Invalid decision for "reply": value: must be a JSON value');
    }
  });

  it("refuses every other decision", () => {
    for (const decision of [approve, reject, { type: "edit", args: {} }, { type: "ignore" }]) {
      expect(errorOf("Ship it?", decision)).toBe(`"reply" does not allow "${decision.type}" (allowed: respond)`);
    }
  });
});

describe("static breakpoints", () => {
  const opts = { breakpointNodes: ["send_email"] };

  it("continues with a null resume", () => {
    expect(answer(undefined, approve, opts)).toStrictEqual({ ok: true, value: null });
  });

  it("refuses anything but approve, except a raw resume", () => {
    expect(errorOf(undefined, reject, opts)).toBe('"continue" does not allow "reject" (allowed: approve)');
    expect(errorOf(undefined, { type: "respond", message: "go" }, opts)).toBe('"continue" does not allow "respond" (allowed: approve)');
    expect(answer(undefined, { type: "resume", value: { skip: true } }, opts)).toStrictEqual({ ok: true, value: { skip: true } });
  });
});
