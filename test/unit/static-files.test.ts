// The one safe static-file rule, shared by the app:// protocol and browser mode: which file of the
// built renderer a URL path names, and whether what is on disk there may be served.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readStaticFile, staticFilePath } from "../../main/static/files.js";

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "countersign-static-"));
  rendererDir = join(root, "renderer");
  mkdirSync(join(rendererDir, "assets"), { recursive: true });
  writeFileSync(join(rendererDir, "index.html"), "<!doctype html>");
  writeFileSync(join(rendererDir, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(rendererDir, "assets", "a b.js"), "spaced");
  writeFileSync(join(root, "secret.txt"), "outside the renderer folder");
  mkdirSync(join(root, "outside"));
  writeFileSync(join(root, "outside", "x.js"), "outside too");
  symlinkSync(join(root, "secret.txt"), join(rendererDir, "leak.txt"));
  symlinkSync(join(root, "outside"), join(rendererDir, "linked-dir"));
  symlinkSync(join(rendererDir, "assets", "app.js"), join(rendererDir, "alias.js"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("staticFilePath", () => {
  it.each([
    ["/", "index.html"],
    ["/index.html", "index.html"],
    ["/assets/app.js", "assets/app.js"],
    ["/assets/a%20b.js", "assets/a b.js"],
    ["/./assets/./app.js", "assets/app.js"],
    ["//assets//app.js", "assets/app.js"],
    ["/....//x", "..../x"],
    ["/..foo", "..foo"],
  ])("maps %j inside the folder (%s)", (urlPath, inside) => {
    expect(staticFilePath(rendererDir, urlPath)).toBe(resolve(rendererDir, inside));
  });

  it.each([
    "/..",
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/assets/../index.html",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%5csecret.txt",
    "/assets%5c..%5c..%5csecret.txt",
    "/assets\\..\\..\\secret.txt",
    "/%00index.html",
    "/index.html%00.js",
    "/%",
    "/%zz",
    "/%E0%A4%A",
    "",
    "index.html",
    "../secret.txt",
    "C:\\Windows\\win.ini",
  ])("refuses %j", (urlPath) => {
    expect(staticFilePath(rendererDir, urlPath)).toBeNull();
  });

  it("keeps an absolute path in the URL inside the folder", () => {
    expect(staticFilePath(rendererDir, "/etc/passwd")).toBe(join(rendererDir, "etc", "passwd"));
    expect(staticFilePath(rendererDir, `/${root}/secret.txt`)).toBe(join(rendererDir, root, "secret.txt"));
  });

  it("decodes once: a double-encoded %252e%252e is a literal name inside the folder", () => {
    expect(staticFilePath(rendererDir, "/%252e%252e/secret.txt")).toBe(join(rendererDir, "%2e%2e", "secret.txt"));
  });
});

describe("readStaticFile", () => {
  it("reads a regular file inside the folder", async () => {
    const file = await readStaticFile(rendererDir, staticFilePath(rendererDir, "/assets/app.js")!);
    expect(file?.body.toString()).toBe("console.log(1)");
  });

  it("follows a symlink that stays inside the folder", async () => {
    const file = await readStaticFile(rendererDir, staticFilePath(rendererDir, "/alias.js")!);
    expect(file?.body.toString()).toBe("console.log(1)");
  });

  it.each(["/leak.txt", "/linked-dir/x.js"])("refuses %s, a symlink out of the folder", async (urlPath) => {
    const path = staticFilePath(rendererDir, urlPath);
    expect(path).not.toBeNull();
    expect(await readStaticFile(rendererDir, path!)).toBeNull();
  });

  it("refuses folders and missing files", async () => {
    expect(await readStaticFile(rendererDir, join(rendererDir, "assets"))).toBeNull();
    expect(await readStaticFile(rendererDir, join(rendererDir, "missing.js"))).toBeNull();
    expect(await readStaticFile(rendererDir, join(rendererDir, "index.html", "x"))).toBeNull();
  });

  it("refuses a path outside the folder even when handed one directly", async () => {
    expect(await readStaticFile(rendererDir, join(root, "secret.txt"))).toBeNull();
    expect(await readStaticFile(rendererDir, rendererDir)).toBeNull();
  });

  it("works when the folder itself is reached through a symlink", async () => {
    const linkedRoot = join(root, "renderer-link");
    symlinkSync(rendererDir, linkedRoot);
    const file = await readStaticFile(linkedRoot, staticFilePath(linkedRoot, "/")!);
    expect(file?.body.toString()).toBe("<!doctype html>");
    expect(await readStaticFile(linkedRoot, staticFilePath(linkedRoot, "/leak.txt")!)).toBeNull();
  });
});
