// The access token survives a restart of `serve` on the same data folder, kept readable by the user
// only: a page left open reconnects with the token it has.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../../../main/server/index.js";
import { TOKEN_FILE, keptToken } from "../../../main/server/token-file.js";
import { Client, openSocket, serverHarness, type ServerHarness } from "./harness.js";

let h: ServerHarness;
beforeEach(() => (h = serverHarness()));
afterEach(() => h.cleanup());

const modeOf = (path: string) => statSync(path).mode & 0o777;
const quiet = { handleSignals: false, explicitHost: false, print: () => undefined, warn: () => undefined } as const;

test("serve restarted on the same data folder keeps its token: a client of the first run reconnects to the second", async () => {
  const first = await serve({ ...quiet, dataDir: h.dataDir, rendererDir: h.rendererDir, port: 0 });
  const socketUrl = `ws://127.0.0.1:${first.port}/ws?token=${encodeURIComponent(first.token)}`;
  const origin = { Origin: `http://127.0.0.1:${first.port}` };
  const before = new Client(h.track(await openSocket(socketUrl, origin)));
  await before.ok("listGraphs", {});
  const closed = new Promise<number>((resolve) => before.ws.once("close", (code) => resolve(code)));
  await first.close();
  expect(await closed).toBe(1001);

  const second = await serve({ ...quiet, dataDir: h.dataDir, rendererDir: h.rendererDir, port: first.port });
  try {
    expect(second.token).toBe(first.token);
    expect(second.url).toBe(first.url);
    // The same address, as the page's client retries it.
    const after = new Client(h.track(await openSocket(socketUrl, origin)));
    expect((await after.ok("listGraphs", {})).graphs.length).toBeGreaterThan(0);
  } finally {
    await second.close();
  }
  expect(modeOf(join(h.dataDir, TOKEN_FILE))).toBe(0o600);
  expect(modeOf(h.dataDir)).toBe(0o700);
});

test("the token file: created once (0600, folder 0700), kept, replaced only when missing or not a token", () => {
  const dir = h.dir.file("data");
  const path = join(dir, TOKEN_FILE);
  const token = keptToken(dir);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(readFileSync(path, "utf8").trim()).toBe(token);
  expect(modeOf(path)).toBe(0o600);
  expect(modeOf(dir)).toBe(0o700);
  expect(keptToken(dir)).toBe(token);

  // A copy made wider by other means is narrowed again, and still used.
  chmodSync(path, 0o644);
  expect(keptToken(dir)).toBe(token);
  expect(modeOf(path)).toBe(0o600);

  writeFileSync(path, "not a token\n");
  const replaced = keptToken(dir);
  expect(replaced).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(replaced).not.toBe(token);
  expect(readFileSync(path, "utf8").trim()).toBe(replaced);
  expect(modeOf(path)).toBe(0o600);
});

test("an existing data folder open to others is narrowed when the token is first written", () => {
  const dir = h.dir.file("shared");
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  keptToken(dir);
  expect(modeOf(dir)).toBe(0o700);
});
