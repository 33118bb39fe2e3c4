// app://countersign serving: the app origin only, files by main/static's rule, with MIME types and the CSP.
const electron = vi.hoisted(() => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }));
vi.mock("electron", () => electron);

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { handleAppProtocol, registerAppScheme, resolveAppFile, serveAppRequest } from "../../../main/electron/protocol.js";
import { contentType as mimeTypeOf } from "../../../main/static/content-type.js";
import { contentSecurityPolicy } from "../../../main/static/csp.js";

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "countersign-protocol-"));
  rendererDir = join(root, "renderer");
  mkdirSync(join(rendererDir, "assets"), { recursive: true });
  writeFileSync(join(rendererDir, "index.html"), "<!doctype html><title>Countersign</title>");
  writeFileSync(join(rendererDir, "assets", "index-abc.js"), "console.log(1)");
  writeFileSync(join(rendererDir, "assets", "style.css"), "body{}");
  writeFileSync(join(root, "secret.txt"), "outside the renderer folder");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("resolveAppFile", () => {
  it("maps app://countersign paths into the renderer folder", () => {
    expect(resolveAppFile(rendererDir, "app://countersign/")).toBe(join(rendererDir, "index.html"));
    expect(resolveAppFile(rendererDir, "app://countersign/index.html?x=1#y")).toBe(join(rendererDir, "index.html"));
    expect(resolveAppFile(rendererDir, "app://countersign/assets/index-abc.js")).toBe(join(rendererDir, "assets", "index-abc.js"));
    expect(resolveAppFile(rendererDir, "app://countersign/assets/a%20b.js")).toBe(join(rendererDir, "assets", "a b.js"));
  });

  it.each([
    "app://countersign/../secret.txt",
    "app://countersign/%2e%2e/secret.txt",
    "app://countersign/..%2fsecret.txt",
    "app://countersign/assets/..%2f..%2fsecret.txt",
    "app://countersign/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "app://countersign/..%5csecret.txt",
    "app://countersign/assets%5c..%5c..%5csecret.txt",
    "app://countersign/%00index.html",
    "app://countersign/%E0%A4%A",
    "app://countersign//etc/passwd/..%2f..%2f..%2f..",
  ])("never leaves the renderer folder for %s", async (url) => {
    const file = resolveAppFile(rendererDir, url);
    // Either refused, or clamped inside the folder (the URL parser already folds a literal "..").
    if (file !== null) expect(relative(rendererDir, file).startsWith("..")).toBe(false);
    const response = await serveAppRequest(rendererDir, { url, method: "GET" });
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("outside the renderer folder");
  });

  it("refuses the escapes outright (null, not a file inside)", () => {
    expect(resolveAppFile(rendererDir, "app://countersign/..%2fsecret.txt")).toBeNull();
    expect(resolveAppFile(rendererDir, "app://countersign/..%5csecret.txt")).toBeNull();
    expect(resolveAppFile(rendererDir, "app://countersign/%00index.html")).toBeNull();
    expect(resolveAppFile(rendererDir, "app://countersign/%E0%A4%A")).toBeNull();
  });

  it("refuses other hosts and schemes", () => {
    expect(resolveAppFile(rendererDir, "app://other/index.html")).toBeNull();
    expect(resolveAppFile(rendererDir, "app://countersign.evil/index.html")).toBeNull();
    expect(resolveAppFile(rendererDir, "file:///index.html")).toBeNull();
    expect(resolveAppFile(rendererDir, "https://countersign/index.html")).toBeNull();
    expect(resolveAppFile(rendererDir, "not a url")).toBeNull();
  });
});

describe("serveAppRequest", () => {
  it("serves a file with its MIME type, the CSP and nosniff", async () => {
    const response = await serveAppRequest(rendererDir, { url: "app://countersign/assets/index-abc.js", method: "GET" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("console.log(1)");
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(contentSecurityPolicy());
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves index.html for the root, as HTML", async () => {
    const response = await serveAppRequest(rendererDir, { url: "app://countersign/", method: "GET" });
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("<title>Countersign</title>");
  });

  it("answers 403 to traversal", async () => {
    const response = await serveAppRequest(rendererDir, { url: "app://countersign/..%2fsecret.txt", method: "GET" });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden");
  });

  it("answers 404 to a symlink that leads out of the folder", async () => {
    symlinkSync(join(root, "secret.txt"), join(rendererDir, "leak.txt"));
    const response = await serveAppRequest(rendererDir, { url: "app://countersign/leak.txt", method: "GET" });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("outside the renderer folder");
  });

  it("answers 404 for a missing file or a folder, 405 for other methods", async () => {
    expect((await serveAppRequest(rendererDir, { url: "app://countersign/nope.js", method: "GET" })).status).toBe(404);
    expect((await serveAppRequest(rendererDir, { url: "app://countersign/assets", method: "GET" })).status).toBe(404);
    expect((await serveAppRequest(rendererDir, { url: "app://countersign/index.html", method: "POST" })).status).toBe(405);
  });
});

describe("MIME", () => {
  it("knows the renderer's file types and falls back to a download type", () => {
    expect(mimeTypeOf("a.css")).toBe("text/css; charset=utf-8");
    expect(mimeTypeOf("a.SVG")).toBe("image/svg+xml");
    expect(mimeTypeOf("a.woff2")).toBe("font/woff2");
    expect(mimeTypeOf("a.unknown")).toBe("application/octet-stream");
  });
});

describe("registration", () => {
  it("registers app: as standard, secure and fetch-capable, then handles it from the renderer folder", async () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    handleAppProtocol(rendererDir);
    const [scheme, handler] = electron.protocol.handle.mock.calls[0]! as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe("app");
    const response = await handler(new Request("app://countersign/index.html"));
    expect(response.status).toBe(200);
  });
});
