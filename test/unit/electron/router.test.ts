// The one router (notification clicks and buttons, tray entries, deep links) and what a
// notification offers and says, as plain functions under Node.
import type { CallResult } from "../../../shared/contract.js";
import type { InboxItem } from "../../../shared/inbox.js";
import { activationArguments, outcomeNotification, parseActivationArguments, quickDecisions, reminderFor, toastXml } from "../../../main/electron/notification-content.js";
import { ShownNotifications, createRouter } from "../../../main/electron/router.js";

const action = (allowedDecisions: string[], name = "send_email") => ({ name, args: {}, allowedDecisions });
const it_ = (kind: string, actions: unknown[]) => ({ id: "i1", title: "Send the report", graphId: "g", kind, actions }) as unknown as InboxItem;

function setup(answer: CallResult<"decide"> = { ok: true, result: { itemId: "i1", status: "applied", thread: { threadId: "t", status: "done", error: null, items: [] } } }) {
  const calls: unknown[] = [];
  const opened: Array<string | null> = [];
  const notified: unknown[] = [];
  const router = createRouter({
    show: (itemId) => opened.push(itemId),
    call: async (name, input) => {
      calls.push([name, input]);
      return answer;
    },
    notify: (content) => notified.push(content),
  });
  return { router, calls, opened, notified };
}

describe("quickDecisions", () => {
  it.each([
    ["a generic question: yes / no", it_("generic", [action(["respond"], "reply")]), { approve: { type: "respond", message: "yes" }, reject: { type: "respond", message: "no" } }],
    [
      "a HITL batch whose every action allows approve and reject",
      it_("hitl", [action(["approve", "reject"]), action(["approve", "edit", "reject"])]),
      { approve: { decisions: [{ type: "approve" }, { type: "approve" }] }, reject: { decisions: [{ type: "reject" }, { type: "reject" }] } },
    ],
    ["a HITL batch where one action cannot be rejected: Approve only", it_("hitl", [action(["approve", "reject"]), action(["approve"])]), { approve: { decisions: [{ type: "approve" }, { type: "approve" }] } }],
    ["a HumanInterrupt that allows accept and respond", it_("human-interrupt", [action(["approve", "respond"])]), { approve: { type: "approve" }, reject: { type: "reject" } }],
    ["a HumanInterrupt that allows accept only", it_("human-interrupt", [action(["approve"])]), { approve: { type: "approve" } }],
    ["a tool approval", it_("tool-approval", [action(["approve", "reject"])]), { approve: { type: "approve" }, reject: { type: "reject" } }],
  ])("%s", (_label, item, expected) => {
    expect(quickDecisions(item)).toEqual(expected);
  });

  it.each([
    ["a HITL batch with an action that needs an edit", it_("hitl", [action(["approve"]), action(["edit", "reject"])])],
    ["a HumanInterrupt that only takes a response", it_("human-interrupt", [action(["respond"])])],
    ["a breakpoint", it_("breakpoint", [action(["approve"], "continue")])],
    ["an item with no actions", it_("hitl", [])],
  ])("%s: none (the window decides it)", (_label, item) => {
    expect(quickDecisions(item)).toBeNull();
  });
});

describe("the router", () => {
  it("a deep link opens the item it names; anything else only brings the window forward", () => {
    const { router, opened } = setup();
    router.openLink("countersign://item/abc%20def");
    router.openLink("countersign://decide/abc?approve");
    router.openLink("https://evil.example/item/abc");
    router.openItem("x");
    expect(opened).toEqual(["abc def", null, null, "x"]);
  });

  it("a notification's button decides once, through the same call as the window, then tells the outcome", async () => {
    const { router, calls, notified, opened } = setup();
    const item = it_("hitl", [action(["approve", "reject"])]);
    const token = router.shown.add(item, quickDecisions(item)!);
    await router.activate(token, "reject");
    await router.activate(token, "reject");
    expect(calls).toEqual([["decide", { itemId: "i1", decision: { decisions: [{ type: "reject" }] } }]]);
    expect(notified).toEqual([{ title: "Rejected: Send the report", body: "the run finished", itemId: null }]);
    // The second delivery of the same press does nothing: no second decision, no window.
    expect(opened).toEqual([]);
  });

  it("a refusal (already decided in the window) is told in the follow-up, and changes nothing else", async () => {
    const { router, notified } = setup({ ok: false, error: { code: "already-decided", message: "Item i1 was already decided" } });
    const item = it_("generic", [action(["respond"], "reply")]);
    await router.activate(router.shown.add(item, quickDecisions(item)!), "approve");
    expect(notified).toEqual([{ title: "Could not approve: Send the report", body: "Item i1 was already decided", itemId: "i1" }]);
  });

  it("activation arguments: only a token this process issued decides; forged or stale ones only open the window", async () => {
    const { router, calls, opened } = setup();
    const item = it_("tool-approval", [action(["approve"])]);
    const token = router.shown.add(item, quickDecisions(item)!);
    await router.activateArguments(activationArguments("forged", "approve"));
    await router.activateArguments("countersign-notification:../../x:approve");
    await router.activateArguments(activationArguments(token, "open"));
    expect(calls).toEqual([]);
    expect(opened).toEqual([null, null, "i1"]);
    // A decided item's notifications are forgotten.
    const again = router.shown.add(item, quickDecisions(item)!);
    router.shown.forgetItem("i1");
    await router.activate(again, "approve");
    expect(calls).toEqual([]);
  });

  it("keeps a bounded number of notifications", () => {
    const shown = new ShownNotifications(2);
    const item = it_("tool-approval", [action(["approve"])]);
    const [a, b, c] = [shown.add(item, {}), shown.add(item, {}), shown.add(item, {})];
    expect(shown.take(a)).toBeUndefined();
    expect(shown.take(b)).toMatchObject({ item });
    expect(shown.take(c)).toMatchObject({ item });
    expect(shown.take(c)).toBe("answered");
  });
});

describe("notification content", () => {
  it("toast XML escapes the payload's text and names the buttons", () => {
    const xml = toastXml({ title: 'a "b" & <c>', body: "x'y", itemId: null }, "tok", ["approve"]);
    expect(xml).toContain("<text>a &quot;b&quot; &amp; &lt;c&gt;</text><text>x&apos;y</text>");
    expect(xml).toContain('<action content="Approve" arguments="countersign-notification:tok:approve" activationType="foreground"/>');
    expect(toastXml({ title: "t", body: "b", itemId: null }, "tok", [])).not.toContain("<actions>");
    expect(parseActivationArguments("countersign-notification:tok:approve")).toEqual({ token: "tok", action: "approve" });
    expect(parseActivationArguments("countersign-notification:tok:delete")).toBeNull();
  });

  it("the outcome says how the run went on", () => {
    const item = { id: "i1", title: "T", graphId: "g" };
    const thread = { threadId: "t", status: "waiting" as const, error: null, items: [{ id: "i2" } as InboxItem] };
    expect(outcomeNotification(item, "approve", { ok: true, result: { itemId: "i1", status: "applied", thread } })).toEqual({ title: "Approved: T", body: "the run is waiting again (1 new item)", itemId: "i2" });
    expect(outcomeNotification(item, "approve", { ok: true, result: { itemId: "i1", status: "failed", thread: { ...thread, status: "error", error: "tool down", items: [] } } })).toMatchObject({ body: "the run failed: tool down", itemId: "i1" });
    expect(outcomeNotification(item, "approve", { ok: true, result: { itemId: "i1", status: "running", thread: { ...thread, items: [] } } })).toMatchObject({ body: "the run goes on" });
  });

  it("reminders group as new items do", () => {
    expect(reminderFor([{ id: "a", title: "Pay", graphId: "g" }])).toEqual({ title: "Still waiting: Pay", body: "Overdue for your decision · g", itemId: "a" });
    expect(reminderFor([{ id: "a", title: "A", graphId: "g" }, { id: "b", title: "B", graphId: "g" }])).toEqual({ title: "2 items are overdue", body: "A, B", itemId: null });
    expect(reminderFor([])).toBeNull();
  });
});
