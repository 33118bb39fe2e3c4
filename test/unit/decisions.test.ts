// The drafts of the decision form: what counts as a draft, and what approving the whole item would lose.
import type { InboxItem } from "../../shared/inbox.js";
import { approveAllDiscards, hasDraft, initialDrafts, type ActionDraft } from "../../renderer/item/decisions.js";

const item = {
  actions: [
    { name: "send_email", args: { to: "ana@example.com" }, allowedDecisions: ["approve", "edit", "reject"] },
    { name: "run_sql", args: { query: "DELETE FROM sessions" }, allowedDecisions: ["approve", "reject"] },
  ],
} as unknown as InboxItem;

const drafts = (...changes: Array<Partial<ActionDraft>>): ActionDraft[] => initialDrafts(item).map((draft, i) => ({ ...draft, ...changes[i] }));

describe("hasDraft", () => {
  it("is false for an untouched form and true once anything is chosen or typed", () => {
    expect(hasDraft(item, drafts())).toBe(false);
    expect(hasDraft(item, drafts({}, { type: "approve" }))).toBe(true);
    expect(hasDraft(item, drafts({ editText: "{}" }))).toBe(true);
    expect(hasDraft(item, drafts({}, { message: "why" }))).toBe(true);
  });
});

describe("approveAllDiscards", () => {
  it("is false when nothing is chosen or every choice is approve", () => {
    expect(approveAllDiscards(item, drafts())).toBe(false);
    expect(approveAllDiscards(item, drafts({ type: "approve" }, { type: "approve" }))).toBe(false);
  });
  it("is true for a reject, an edit or a typed message", () => {
    expect(approveAllDiscards(item, drafts({}, { type: "reject", message: "not in production" }))).toBe(true);
    expect(approveAllDiscards(item, drafts({ type: "edit" }))).toBe(true);
    expect(approveAllDiscards(item, drafts({ message: "left over" }))).toBe(true);
  });
});
