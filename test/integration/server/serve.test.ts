// `serve`: host + server, one URL line, refusals before anything opens, the browser opener, and a
// real process that stops cleanly on SIGINT/SIGTERM.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_RENDERER_DIR, browserCommand, serve } from "../../../main/server/index.js";
import { waitFor } from "../../support/host.js";
import { INDEX_HTML, Client, openSocket, serverHarness, type ServerHarness } from "./harness.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

let h: ServerHarness;
beforeEach(() => (h = serverHarness()));
afterEach(() => h.cleanup());

const URL_LINE = /^Countersign is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/;

test("serves the renderer and the contract, prints one line, closes host and server", async () => {
  const printed: string[] = [];
  const warned: string[] = [];
  const running = await serve({ dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0, explicitHost: false, handleSignals: false, print: (l) => printed.push(l), warn: (l) => warned.push(l) });
  try {
    expect(printed).toEqual([`Countersign is running at ${running.url}`]);
    expect(printed[0]).toMatch(URL_LINE);
    expect(warned).toEqual([]);
    expect(await (await fetch(running.url)).text()).toBe(INDEX_HTML);
    const client = new Client(h.track(await openSocket(`ws://127.0.0.1:${running.port}/ws?token=${running.token}`, { Origin: `http://127.0.0.1:${running.port}` })));
    expect((await client.ok("listGraphs", {})).graphs.map((g) => g.id)).toEqual(["support-agent", "expense-approval", "release-pipeline", "ship-it"]);
    const run = await client.ok("startRun", { graphId: "ship-it" });
    expect(run.items.length).toBeGreaterThan(0);
    expect(existsSync(`${h.dataDir}/host.sqlite`)).toBe(true);
  } finally {
    await running.close();
  }
  await running.closed;
  await expect(fetch(running.url)).rejects.toThrow();
  await expect(running.host.listItems()).rejects.toThrow();
  await running.close(); // idempotent
});

test("a renderer that is not built: a clear error naming `npm run build`, before the data folder is touched", async () => {
  await expect(serve({ dataDir: h.dataDir, rendererDir: h.dir.file("nothing-here"), port: 0, explicitHost: false, handleSignals: false, print: () => undefined })).rejects.toThrow(
    /renderer is not built.*Run `npm run build`/,
  );
  expect(existsSync(h.dataDir)).toBe(false);
});

test("a non-loopback --host is refused unless given explicitly; when explicit, a warning goes to stderr", async () => {
  const base = { dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0, hostname: "0.0.0.0", handleSignals: false, print: () => undefined };
  await expect(serve({ ...base, explicitHost: false })).rejects.toThrow(/not a loopback address/);
  expect(existsSync(h.dataDir)).toBe(false);

  const warned: string[] = [];
  const running = await serve({ ...base, explicitHost: true, warn: (l) => warned.push(l) });
  try {
    expect(warned).toEqual([expect.stringMatching(/listening on 0\.0\.0\.0, reachable from other machines/)]);
    expect((await fetch(running.url)).status).toBe(200);
  } finally {
    await running.close();
  }
});

test("a host that cannot start its server is closed again", async () => {
  const first = await serve({ dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0, explicitHost: false, handleSignals: false, print: () => undefined });
  try {
    await expect(serve({ dataDir: h.dataDir, rendererDir: h.rendererDir, port: first.port, explicitHost: false, handleSignals: false, print: () => undefined })).rejects.toThrow(/already in use/);
  } finally {
    await first.close();
  }
});

test("the default renderer folder is out/renderer at the repository root", () => {
  expect(DEFAULT_RENDERER_DIR).toBe(`${repoRoot}out/renderer`);
});

test("the browser opener: per platform, and none on Linux without a display", () => {
  const url = "http://127.0.0.1:47800/?token=abc";
  expect(browserCommand(url, "linux", { DISPLAY: ":0" })).toEqual({ command: "xdg-open", args: [url] });
  expect(browserCommand(url, "linux", { WAYLAND_DISPLAY: "wayland-0" })).toEqual({ command: "xdg-open", args: [url] });
  expect(browserCommand(url, "linux", {})).toBeNull();
  expect(browserCommand(url, "freebsd", {})).toBeNull();
  expect(browserCommand(url, "darwin", {})).toEqual({ command: "open", args: [url] });
  expect(browserCommand(url, "win32", {})).toEqual({ command: "cmd", args: ["/c", "start", "", url] });
});

test("--open without a display says so on stderr and serves anyway", async () => {
  const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
  delete process.env.DISPLAY;
  delete process.env.WAYLAND_DISPLAY;
  const warned: string[] = [];
  try {
    if (process.platform !== "linux") return;
    const running = await serve({ dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0, explicitHost: false, open: true, handleSignals: false, print: () => undefined, warn: (l) => warned.push(l) });
    await running.close();
    expect(warned).toEqual([expect.stringMatching(/no display found/)]);
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
});

describe("as a process", () => {
  test.each(["SIGINT", "SIGTERM"] as const)("prints exactly one stdout line, serves, and exits 0 on %s", async (signal) => {
    const script = h.dir.file("serve.mts");
    writeFileSync(
      script,
      `import { serve } from ${JSON.stringify(`${repoRoot}main/server/serve.ts`)};\n` +
        `await serve({ dataDir: ${JSON.stringify(h.dataDir)}, rendererDir: ${JSON.stringify(h.rendererDir)}, port: 0, explicitHost: false });\n`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DISPLAY: "", WAYLAND_DISPLAY: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const line = await waitFor(() => stdout.includes("\n") && stdout.split("\n")[0], 30_000, `the URL line (stderr: ${stderr})`);
      const match = URL_LINE.exec(line);
      expect(match, line).not.toBeNull();
      const url = line.slice("Countersign is running at ".length);
      expect((await fetch(url)).status).toBe(200);
      const ws = h.track(await openSocket(`ws://127.0.0.1:${match![1]}/ws?token=${match![2]}`, { Origin: `http://127.0.0.1:${match![1]}` }));
      const closeCode = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(await closeCode).toBe(1001);
      expect(stdout).toBe(`${line}\n`);
      expect(stderr).toBe("");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
