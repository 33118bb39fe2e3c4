// The one rule for bidi and zero-width characters in payload text.
import { CONTROL_CHARACTERS, revealControls } from "../../shared/text.js";
import { plainText } from "../../main/electron/notifications.js";

vi.mock("electron", () => ({ Notification: class {} }));

describe("revealControls", () => {
  it("shows each bidi and zero-width character as its code point and leaves other text alone", () => {
    expect(revealControls("send_email\u202egnp.exe")).toBe("send_email⟨U+202E⟩gnp.exe");
    expect(revealControls("a\u2066b\u2069c\u200bd\u061ce\ufeff")).toBe("a⟨U+2066⟩b⟨U+2069⟩c⟨U+200B⟩d⟨U+061C⟩e⟨U+FEFF⟩");
    expect(revealControls("line one\nline two — ünïcode ✓")).toBe("line one\nline two — ünïcode ✓");
  });
  it("is the same set the notifications flatten", () => {
    expect(plainText("Approve\u202e gnp.exe\u2067", 80)).toBe("Approve gnp.exe");
    expect("\u202a\u0007".replace(CONTROL_CHARACTERS, "")).toBe("");
  });
});
