// The data folder is its owner's only: folder 0700, databases and their WAL and shared-memory files
// 0600, whatever the umask, for a new folder and for one created before with looser modes.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostHarness, type HostHarness } from "../../support/host.js";

let h: HostHarness;
let umask: number;
beforeEach(() => {
  h = hostHarness();
  umask = process.umask(0o022);
});
afterEach(async () => {
  process.umask(umask);
  await h.cleanup();
});

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under `dir` whose mode lets anyone but its owner in. */
function open(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (mode(path) & 0o077) found.push(`${path.slice(dir.length + 1)} ${mode(path).toString(8)}`);
  }
  return found;
}

test.skipIf(process.platform === "win32")("a new data folder and everything in it are the owner's only", async () => {
  const host = await h.openFixtures();
  await host.startRun({ graphId: "ask", input: { payload: "Private?" } });
  expect(mode(h.dataDir)).toBe(0o700);
  for (const file of ["checkpoints.sqlite", "checkpoints.sqlite-wal", "checkpoints.sqlite-shm", "host.sqlite", "host.sqlite-wal", "host.sqlite-shm"]) {
    expect([file, mode(join(h.dataDir, file))]).toEqual([file, 0o600]);
  }
  expect(open(h.dataDir)).toEqual([]);
});

test.skipIf(process.platform === "win32")("a folder from before, readable by others, is made private when opened", async () => {
  const first = await h.openFixtures();
  await first.startRun({ graphId: "ask", input: { payload: "Private?" } });
  await first.close();
  chmodSync(h.dataDir, 0o755);
  for (const entry of readdirSync(h.dataDir, { withFileTypes: true })) if (entry.isFile()) chmodSync(join(h.dataDir, entry.name), 0o644);
  mkdirSync(join(h.dataDir, "logs"), { recursive: true });
  writeFileSync(join(h.dataDir, "logs", "countersign.log"), "");
  chmodSync(join(h.dataDir, "logs", "countersign.log"), 0o644);

  const host = await h.openFixtures();
  await host.startRun({ graphId: "ask", input: { payload: "Still private?" } });
  expect(open(h.dataDir)).toEqual([]);
});
