// Bad files and environments: a database file that is not a database, one from a newer schema, a
// read-only data folder, a full disk, a langgraph.json naming a missing or a throwing module. Each
// gives a clear message (through the host and the CLI's one line), the app goes on where it can,
// and no file that existed is overwritten or truncated.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { createHost, type Host } from "../../main/host/index.js";
import { cli } from "../support/cli.js";
import { hostHarness, integrityCheck, journalRows, type HostHarness } from "../support/host.js";
import { tempDir } from "../support/tmp.js";
import { reportFigures } from "./scale.js";

/** Every file under `dir` with its size and hash. */
function snapshot(dir: string): Map<string, { size: number; sha: string }> {
  const files = new Map<string, { size: number; sha: string }>();
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, entry);
    if (!statSync(path).isFile()) continue;
    const body = readFileSync(path);
    files.set(relative(dir, path), { size: body.length, sha: createHash("sha256").update(body).digest("hex") });
  }
  return files;
}

/** Files present before are all still there, unchanged; the log may only have grown. */
function expectUntouched(before: Map<string, { size: number; sha: string }>, after: Map<string, { size: number; sha: string }>): void {
  for (const [path, was] of before) {
    const now = after.get(path);
    expect(now, `${path} was removed`).toBeDefined();
    if (path.startsWith("logs")) expect(now!.size, `${path} shrank`).toBeGreaterThanOrEqual(was.size);
    else expect(now, `${path} changed`).toEqual(was);
  }
}

/**
 * The CLI's answer: exit 1 or 2, the problem in the first line of stderr, no stack. (Where the log
 * cannot be written either, its own lines follow, each saying so.)
 */
function expectOneLine(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.code === 1 || result.code === 2, result.stderr).toBe(true);
  const lines = result.stderr.trim().split("\n");
  expect(lines[0], result.stderr).toMatch(message);
  expect(lines.every((line) => line.startsWith("countersign")), result.stderr).toBe(true);
  expect(result.stderr).not.toMatch(/\n\s+at |SQLITE_/);
}

const checked: string[] = [];

let h: HostHarness;
beforeEach(() => {
  h = hostHarness();
});
afterEach(() => h.cleanup());

/** A data folder with a pending item, closed again. */
async function seeded(dataDir = h.dataDir): Promise<void> {
  const host = await createHost({ dataDir });
  await host.startRun({ graphId: "expense-approval" });
  await host.close();
}

describe.each(["checkpoints.sqlite", "host.sqlite"])("%s", (file) => {
  test("that is not a database: refused naming the file, nothing rewritten", async () => {
    await seeded();
    writeFileSync(join(h.dataDir, file), Buffer.concat([Buffer.from("this is not a database, it was damaged\n"), Buffer.alloc(8192, 0xa5)]));
    rmSync(join(h.dataDir, `${file}-wal`), { force: true });
    const before = snapshot(h.dataDir);
    await expect(createHost({ dataDir: h.dataDir })).rejects.toThrow(new RegExp(`Cannot open .*${file.replace(".", "\\.")}: file is not a database`));
    expectOneLine(await cli(["--data", h.dataDir, "list"]), new RegExp(`^countersign: Cannot open .*${file.replace(".", "\\.")}: file is not a database`));
    expectUntouched(before, snapshot(h.dataDir));
    checked.push(`${file} not a database`);
  });

  test("from a newer schema version: refused, saying so, nothing rewritten", async () => {
    await seeded();
    const db = new Database(join(h.dataDir, file));
    db.pragma("user_version = 999");
    db.close();
    const before = snapshot(h.dataDir);
    await expect(createHost({ dataDir: h.dataDir })).rejects.toThrow(/schema version 999, written by a newer Countersign.*The file was not modified/);
    expectOneLine(await cli(["--data", h.dataDir, "list"]), /newer Countersign/);
    expectUntouched(before, snapshot(h.dataDir));
    checked.push(`${file} newer schema`);
  });
});

describe("langgraph.json", () => {
  test("naming a missing module and a module that throws: both reported by id and cause; the other graphs and the inbox work; the file is left as it was", async () => {
    const dir = h.dir.path;
    writeFileSync(join(dir, "throws.ts"), `throw new Error("the module failed at import");\nexport const graph = null;\n`);
    const config = join(dir, "broken.json");
    const fixtures = JSON.parse(readFileSync(h.fixtures, "utf8")) as { graphs: Record<string, string> };
    writeFileSync(config, JSON.stringify({ graphs: { missing: "./no-such-file.ts:graph", throws: "./throws.ts:graph", ask: fixtures.graphs.ask } }));
    const before = snapshot(dir);
    const host = await h.open({ configPath: config });
    const { graphs, errors } = await host.listGraphs();
    expect(graphs.map((g) => g.id)).toEqual(["ask"]);
    expect(errors).toEqual([
      { id: "missing", message: expect.stringMatching(/no-such-file\.ts/) },
      { id: "throws", message: expect.stringMatching(/the module failed at import/) },
    ]);
    await expect(host.startRun({ graphId: "throws" })).rejects.toMatchObject({ code: expect.stringMatching(/graph-unavailable|not-found/), message: expect.stringMatching(/the module failed at import/) });
    const run = await host.startRun({ graphId: "ask", input: { payload: "Still working?" } });
    expect(run).toMatchObject({ status: "waiting", items: [{ title: "Still working?" }] });
    expect((await host.decide({ itemId: run.items[0]!.id, decision: { type: "respond", message: "yes" } })).status).toBe("applied");
    await host.close();
    const after = snapshot(dir);
    for (const path of ["broken.json", "throws.ts"]) expect(after.get(path)).toEqual(before.get(path));
    checked.push("langgraph.json naming a missing and a throwing module");
  });
});

// ---- a real filesystem of our own: read-only, then full ----

/** Why a small filesystem cannot be mounted here, or null when it can. */
function tmpfsUnavailable(): string | null {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "not root (mounting a tmpfs needs root)";
  const probe = tempDir("countersign-mount-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path], { stdio: "pipe" });
    execFileSync("umount", [probe.path], { stdio: "pipe" });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  } finally {
    probe.remove();
  }
}

const noTmpfs = tmpfsUnavailable();
if (noTmpfs) console.warn(`[reliability] read-only and full-disk tests skipped: ${noTmpfs}`);

/** A tmpfs of `size` mounted on a temp folder for the test's duration. */
async function withTmpfs(size: string, body: (mount: string) => Promise<void>): Promise<void> {
  const mount = tempDir("countersign-tmpfs-");
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", mount.path]);
  try {
    await body(mount.path);
  } finally {
    execFileSync("umount", [mount.path]);
    mount.remove();
  }
}

describe.skipIf(noTmpfs !== null)("on a filesystem of its own (tmpfs)", () => {
  test("a read-only data folder: the host and the CLI say which folder and why; nothing written", async () => {
    await withTmpfs("2m", async (mount) => {
      const dataDir = join(mount, "data");
      await seeded(dataDir);
      execFileSync("mount", ["-o", "remount,ro", mount]);
      const before = snapshot(dataDir);
      await expect(createHost({ dataDir })).rejects.toThrow(`Cannot use the data folder ${dataDir}: it is on a read-only file system (EROFS)`);
      expectOneLine(await cli(["--data", dataDir, "list"]), /^countersign: Cannot use the data folder .*read-only file system/);
      expect(snapshot(dataDir)).toEqual(before);
      execFileSync("mount", ["-o", "remount,rw", mount]);
    });
    checked.push("read-only data folder (tmpfs remounted ro)");
  });

  test("a full disk: a decision or a run is refused with the reason and nothing is lost; once there is room, the same decision applies", async () => {
    await withTmpfs("1200k", async (mount) => {
      const dataDir = join(mount, "data");
      let host: Host | undefined = await createHost({ dataDir });
      try {
        const item = (await host.startRun({ graphId: "expense-approval" })).items[0]!;
        const filler = join(mount, "filler");
        // Fill every block left (dd stops with ENOSPC).
        try {
          execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k"], { stdio: "pipe" });
        } catch {
          // dd exits 1 once the disk is full: that is the point.
        }
        const before = snapshot(dataDir);
        await expect(host.decide({ itemId: item.id, decision: { type: "approve" } })).rejects.toThrow(`Could not record the decision on ${item.id}: database or disk is full`);
        await expect(host.startRun({ graphId: "ship-it" })).rejects.toThrow(/database or disk is full/);
        // Nothing recorded, the item still pending, no file cut short.
        expect(journalRows(dataDir)).toEqual([]);
        expect((await host.listItems()).items.map((i) => i.id)).toEqual([item.id]);
        for (const [path, was] of before) expect(statSync(join(dataDir, path)).size, path).toBeGreaterThanOrEqual(was.size);

        rmSync(filler);
        expect(await host.decide({ itemId: item.id, decision: { type: "approve" } })).toMatchObject({ status: "applied", thread: { status: "done" } });
        await host.close();
        host = undefined;
        expect(integrityCheck(join(dataDir, "host.sqlite"))).toBe("ok");
        expect(integrityCheck(join(dataDir, "checkpoints.sqlite"))).toBe("ok");
      } finally {
        await host?.close();
      }
    });
    checked.push("full disk (1.2 MB tmpfs filled up)");
  });
});

afterAll(() => {
  reportFigures("bad-files", { "cases checked": checked.length, cases: checked.join("; "), "read-only and full disk": noTmpfs === null ? "a tmpfs mounted by the test" : `skipped: ${noTmpfs}` });
});
