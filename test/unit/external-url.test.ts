// The one external-URL rule: which links may leave the app (Electron's shell, the markdown's links).
import { externalUrl, isSafeExternalUrl } from "../../shared/external-url.js";

describe("externalUrl", () => {
  it.each([
    ["https://docs.langchain.com/langgraph", "https://docs.langchain.com/langgraph"],
    ["http://localhost:2024/threads", "http://localhost:2024/threads"],
    ["HTTPS://EXAMPLE.COM/", "https://example.com/"],
    ["https://example.com/a b", "https://example.com/a%20b"],
    ["  https://example.com/padded  ", "https://example.com/padded"],
    ["https://例え.jp/", "https://xn--r8jz45g.jp/"],
  ])("accepts %j as %j", (url, href) => {
    expect(externalUrl(url)).toBe(href);
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "file:///etc/passwd",
    "file://server/share/x.exe",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "blob:https://example.com/uuid",
    "smb://host/share",
    "ms-msdt:/id PCWDiagnostic",
    "countersign://item/1",
    "app://countersign/index.html",
    "mailto:someone@example.com?attach=/etc/passwd",
    "https://user:pass@evil.example/",
    "https://user@evil.example/",
    "//evil.example/path",
    "/relative/path",
    "../up",
    "#fragment",
    "https:",
    "https://",
    "",
  ])("refuses %j", (url) => {
    expect(externalUrl(url)).toBeNull();
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it("refuses non-strings and absurdly long URLs", () => {
    for (const value of [undefined, null, 42, { href: "https://x.example" }, new URL("https://x.example")]) expect(externalUrl(value)).toBeNull();
    expect(externalUrl(`https://x.example/${"a".repeat(9000)}`)).toBeNull();
  });
});
