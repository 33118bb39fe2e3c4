// The one Content-Security-Policy builder: app:// header, browser mode's header, index.html's <meta>.
import { readFileSync } from "node:fs";
import { contentSecurityPolicy } from "../../main/static/csp.js";

const directives = (policy: string) => new Map(policy.split("; ").map((directive) => [directive.split(" ")[0]!, directive]));

describe("contentSecurityPolicy", () => {
  it("is the strict policy: no inline or remote script, no plugins, no framing, no forms, no <base>", () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it("adds connect sources (browser mode's WebSocket) and changes nothing else", () => {
    const policy = directives(contentSecurityPolicy({ connect: ["ws://127.0.0.1:47800"] }));
    expect(policy.get("connect-src")).toBe("connect-src 'self' ws://127.0.0.1:47800");
    for (const [name, directive] of directives(contentSecurityPolicy())) if (name !== "connect-src") expect(policy.get(name)).toBe(directive);
  });

  it("leaves out frame-ancestors for a <meta> element, where browsers ignore it", () => {
    const meta = contentSecurityPolicy({ connect: ["ws:", "wss:"], meta: true });
    expect(meta).toBe("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'");
  });

  it.each(["ws://a:1; script-src *", "ws://a:1 https://evil.example", "ws://a:1,https://evil.example", "", "ws://a:1\nscript-src *"])(
    "refuses a connect source that would add sources or directives: %j",
    (source) => {
      expect(() => contentSecurityPolicy({ connect: [source] })).toThrow(/Invalid connect-src source/);
    },
  );

  it("index.html carries the placeholder the build fills from this builder, not a copy of the policy", () => {
    const html = readFileSync(new URL("../../renderer/index.html", import.meta.url), "utf8");
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="%COUNTERSIGN_CSP%" />');
    expect(html).not.toContain("default-src");
  });
});
