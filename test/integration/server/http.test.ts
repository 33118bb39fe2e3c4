// Browser mode over HTTP: the token (query, or the page cookie derived from it), the security headers, static files and
// traversal, Host checks, and the loopback-only rule.
import { linkTo } from "../../../main/transport/host-link.js";
import { createServer as createNetServer } from "node:net";
import type { Host } from "../../../main/host/index.js";
import { startServer, type RunningServer } from "../../../main/server/index.js";
import { APP_JS, INDEX_HTML, SECRET, STYLE_CSS, rawRequest, serverHarness, type ServerHarness } from "./harness.js";

let h: ServerHarness;
let host: Host;
let server: RunningServer;
let base: string;
beforeEach(async () => {
  h = serverHarness();
  ({ host, server } = await h.start());
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(() => h.cleanup());

const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("the token", () => {
  test("the URL holds a 32-byte base64url token and the bound address", () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  test("no token: 401, plain text, nothing of the page", async () => {
    for (const path of ["/", "/index.html", "/assets/app.js", "/nope"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("set-cookie")).toBeNull();
      const body = await response.text();
      expect(body).not.toContain("countersign");
      expect(body.length).toBeLessThan(50);
    }
  });

  test("a wrong token (query or cookie, any length) is refused", async () => {
    const wrong = [server.token.slice(0, -1) + (server.token.endsWith("A") ? "B" : "A"), "x", "", server.token + "x", server.token.toLowerCase() === server.token ? "Z" : server.token.toLowerCase()];
    for (const token of wrong) {
      expect((await fetch(`${base}/?token=${encodeURIComponent(token)}`)).status).toBe(401);
      expect((await fetch(`${base}/`, { headers: { Cookie: `countersign_token_${server.port}=${token}` } })).status).toBe(401);
    }
    // The right token under another server's cookie name does not count either.
    expect((await fetch(`${base}/`, { headers: { Cookie: `countersign_token_1=${server.token}` } })).status).toBe(401);
  });

  test("a valid ?token= serves the page and sets an HttpOnly, SameSite=Strict cookie that is not the token", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe(INDEX_HTML);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(new RegExp(`^countersign_token_${server.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    // Every server on this host receives the cookie: it must not be the token, which opens the WebSocket.
    expect(cookie).not.toContain(server.token);
  });

  test("the raw token in a cookie opens nothing", async () => {
    expect((await fetch(`${base}/`, { headers: { Cookie: `countersign_token_${server.port}=${server.token}` } })).status).toBe(401);
  });

  test("GET /ws answers as the handshake does: 401 without the token, even with the page cookie", async () => {
    const cookie = cookieOf(await fetch(server.url));
    expect((await fetch(`${base}/ws`, { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await fetch(`${base}/ws?token=wrong`)).status).toBe(401);
  });

  test("the cookie alone lets the page's assets load", async () => {
    const cookie = cookieOf(await fetch(server.url));
    const js = await fetch(`${base}/assets/app.js`, { headers: { Cookie: `other=1; ${cookie}` } });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("set-cookie")).toBeNull();
    expect(await js.text()).toBe(APP_JS);
    const css = await fetch(`${base}/assets/style.css`, { headers: { Cookie: cookie } });
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toBe(STYLE_CSS);
    const index = await fetch(`${base}/index.html`, { headers: { Cookie: cookie } });
    expect(await index.text()).toBe(INDEX_HTML);
  });

  test("the token in the query works for any file", async () => {
    const response = await fetch(`${base}/assets/app.js?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(APP_JS);
  });

  test("each server has its own token", async () => {
    const { server: other } = await h.start({ host });
    expect(other.token).not.toBe(server.token);
    expect((await fetch(`http://127.0.0.1:${other.port}/?token=${server.token}`)).status).toBe(401);
  });
});

describe("headers", () => {
  const CSP = (port: number) =>
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;

  test("the CSP and the other security headers are on every response, errors included", async () => {
    const responses = [await fetch(server.url), await fetch(`${base}/assets/app.js?token=${server.token}`), await fetch(`${base}/missing?token=${server.token}`), await fetch(`${base}/`)];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 401]);
    for (const response of responses) {
      expect(response.headers.get("content-security-policy")).toBe(CSP(server.port));
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(responses[0]!.headers.get("cache-control")).toBe("no-store");
  });

  test("the CSP names the host the page was loaded from (localhost too)", async () => {
    const response = await fetch(`http://localhost:${server.port}/?token=${server.token}`).catch(() => null);
    // Some machines resolve localhost to ::1 only; the check below needs it on 127.0.0.1.
    if (response === null) return;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain(`connect-src 'self' ws://localhost:${server.port};`);
  });
});

describe("static files", () => {
  test("missing files and folders: 404", async () => {
    for (const path of ["/missing.js", "/assets", "/assets/", "/ws/x", "/index.html/x"]) {
      const response = await fetch(`${base}${path}?token=${server.token}`);
      expect(response.status, path).toBe(404);
    }
  });

  test.each([
    "/../secret.txt",
    "/../package.json",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/.%2e/.%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "/....//secret.txt",
  ])("traversal %s: 404, nothing leaked", async (path) => {
    const response = await rawRequest(server.port, `${path}?token=${server.token}`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('"name"');
  });

  test("malformed targets: 400 or 404, never a file", async () => {
    for (const path of ["/%", "/%zz", "/%00index.html", "//etc/passwd", "/index.html%00.js"]) {
      const response = await rawRequest(server.port, `${path}?token=${server.token}`);
      expect([400, 404], path).toContain(response.status);
    }
  });

  test("a symlink out of the renderer folder is not followed", async () => {
    const { symlinkSync } = await import("node:fs");
    symlinkSync(h.dir.file("secret.txt"), `${h.rendererDir}/leak.txt`);
    const response = await rawRequest(server.port, `/leak.txt?token=${server.token}`);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(SECRET);
  });

  test("only GET and HEAD", async () => {
    const head = await rawRequest(server.port, `/?token=${server.token}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    const post = await fetch(server.url, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    // Without the token a POST learns nothing more than a GET.
    expect((await fetch(`${base}/`, { method: "POST", body: "x" })).status).toBe(401);
  });

  test("a plain GET on /ws asks for an upgrade", async () => {
    expect((await fetch(`${base}/ws?token=${server.token}`)).status).toBe(426);
  });
});

describe("addresses", () => {
  test("a Host header naming another host is refused even with the token (DNS rebinding)", async () => {
    for (const hostHeader of ["evil.example", `evil.example:${server.port}`, "127.0.0.1:1", `127.0.0.1:${server.port}; script-src *`]) {
      const response = await rawRequest(server.port, `/?token=${server.token}`, { headers: { Host: hostHeader } });
      expect(response.status, hostHeader).toBe(403);
      expect(response.body).not.toContain("countersign");
    }
    const ok = await rawRequest(server.port, `/?token=${server.token}`, { headers: { Host: `LOCALHOST:${server.port}` } });
    expect(ok.status).toBe(200);
  });

  test.each(["0.0.0.0", "192.168.1.20", "::", "[::]", "example.com", "10.0.0.1"])("non-loopback %s is refused without allowNonLoopback", async (hostname) => {
    await expect(startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 0, hostname })).rejects.toThrow(/not a loopback address.*--host/);
  });

  test.each(["not a host", "127.0.0.1:80", "http://127.0.0.1", "a/b"])("an invalid hostname %j is refused", async (hostname) => {
    await expect(startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 0, hostname, allowNonLoopback: true })).rejects.toThrow(/Invalid hostname/);
  });

  test("loopback forms are accepted: localhost, 127.x, ::1", async () => {
    const local = await startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 0, hostname: "localhost" });
    expect(local.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
    await local.close();
    const other = await startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 0, hostname: "127.0.0.1" });
    expect(other.loopback).toBe(true);
    await other.close();
  });

  test("with allowNonLoopback, 0.0.0.0 is served; the token is still required", async () => {
    const wide = await startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 0, hostname: "0.0.0.0", allowNonLoopback: true });
    try {
      expect(wide.loopback).toBe(false);
      expect(wide.url).toBe(`http://127.0.0.1:${wide.port}/?token=${wide.token}`);
      expect((await fetch(`http://127.0.0.1:${wide.port}/`)).status).toBe(401);
      const page = await fetch(wide.url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain(`ws://127.0.0.1:${wide.port};`);
      // A Host that could smuggle a directive into the CSP is refused.
      expect((await rawRequest(wide.port, `/?token=${wide.token}`, { headers: { Host: "a; script-src *" } })).status).toBe(403);
    } finally {
      await wide.close();
    }
  });

  test("the default port is 47800, and a taken default falls back to a random port", async () => {
    const blocker = createNetServer();
    const blocked = await new Promise<boolean>((resolve) => {
      blocker.once("error", () => resolve(false));
      blocker.listen(47800, "127.0.0.1", () => resolve(true));
    });
    try {
        const fallback = await startServer({ host: linkTo(host), rendererDir: h.rendererDir });
      expect(fallback.port).not.toBe(47800);
      expect((await fetch(fallback.url)).status).toBe(200);
      await fallback.close();
      // Whoever holds 47800 (this test or another process), the fallback worked.
      expect(typeof blocked).toBe("boolean");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("an explicitly chosen port that is taken is an error, not a silent fallback", async () => {
    await expect(startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: server.port })).rejects.toThrow(`Port ${server.port} is already in use`);
    await expect(startServer({ host: linkTo(host), rendererDir: h.rendererDir, port: 70_000 })).rejects.toThrow(/Invalid port/);
  });

  test("close stops listening", async () => {
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
    await server.close(); // idempotent
  });
});
