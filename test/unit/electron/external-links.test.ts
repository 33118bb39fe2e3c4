// The one way out to the system browser: http(s) only.
const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async () => undefined) } }));
vi.mock("electron", () => electron);

import { isSafeExternalUrl, openExternalSafely } from "../../../main/electron/external-links.js";

beforeEach(() => electron.shell.openExternal.mockClear());

describe("isSafeExternalUrl", () => {
  it("accepts http and https URLs", () => {
    expect(isSafeExternalUrl("https://docs.langchain.com/langgraph")).toBe(true);
    expect(isSafeExternalUrl("http://localhost:2024/threads")).toBe(true);
    expect(isSafeExternalUrl("HTTPS://EXAMPLE.COM/")).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "file:///etc/passwd",
    "file://server/share/x.exe",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "smb://host/share",
    "ms-msdt:/id PCWDiagnostic",
    "countersign://item/1",
    "app://countersign/index.html",
    "mailto:someone@example.com",
    "https://user:pass@evil.example/",
    "https:",
    "/relative/path",
    "",
  ])("refuses %j", (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it("refuses non-strings and absurdly long URLs", () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ href: "https://x.example" })).toBe(false);
    expect(isSafeExternalUrl(`https://x.example/${"a".repeat(9000)}`)).toBe(false);
  });
});

describe("openExternalSafely", () => {
  it("opens an https URL (normalized) through shell.openExternal", async () => {
    await expect(openExternalSafely("https://example.com/a b")).resolves.toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith("https://example.com/a%20b");
  });

  it("never calls shell.openExternal for javascript:, file: or data: URLs", async () => {
    for (const url of ["javascript:alert(1)", "file:///bin/sh", "data:text/html,x"]) {
      await expect(openExternalSafely(url)).resolves.toBe(false);
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it("reports failure instead of throwing when the OS refuses", async () => {
    electron.shell.openExternal.mockRejectedValueOnce(new Error("no handler"));
    await expect(openExternalSafely("https://example.com")).resolves.toBe(false);
  });
});
