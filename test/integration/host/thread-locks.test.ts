// The lease that serializes runs on a thread across processes, and the writes that commit with it:
// taken with a decision's journal entry, given back with its finish: the giving back commits with the
// next lease taken, or once the event loop turns.
import Database from "better-sqlite3";
import { liveOwners, openHostDatabase } from "../../../main/host/store/host-database.js";
import { ThreadLocks } from "../../../main/host/store/thread-locks.js";
import { nextTurn, waitFor } from "../../support/host.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
let first: Database.Database;
let second: Database.Database;
let locks: ThreadLocks;
let other: ThreadLocks;
beforeEach(() => {
  dir = tempDir();
  // Two connections and two owners, as two hosts (two windows, or two processes) would have.
  first = openHostDatabase(dir.file("host.sqlite"));
  second = openHostDatabase(dir.file("host.sqlite"));
  for (const owner of ["first", "second"]) liveOwners.add(owner);
  locks = new ThreadLocks(first, "first");
  other = new ThreadLocks(second, "second");
  first.exec("CREATE TABLE notes (note TEXT)");
});
afterEach(() => {
  for (const owner of ["first", "second"]) liveOwners.delete(owner);
  first.close();
  second.close();
  dir.remove();
});

const note = (db: Database.Database, text: string) => db.prepare("INSERT INTO notes VALUES (?)").run(text);
const notes = () => (second.prepare("SELECT note FROM notes").pluck().all() as string[]).sort();
const leases = () => second.prepare("SELECT thread_id, owner FROM thread_locks").all();

test("what `taking` writes commits with the lease", async () => {
  await locks.withLock(
    "t",
    async () => {
      expect(notes()).toEqual(["taken"]);
      expect(leases()).toEqual([{ thread_id: "t", owner: "first" }]);
      expect(other.running()).toEqual(new Set(["t"]));
    },
    () => note(first, "taken"),
  );
  expect(leases()).toEqual([]);
});

test("when `taking` throws, nothing is written, the lease stays free and the work never runs", async () => {
  const work = vi.fn(async () => undefined);
  const refused = await locks
    .withLock("t", work, () => {
      note(first, "half");
      throw new Error("refused");
    })
    .catch((error: unknown) => error);
  expect(refused).toEqual(new Error("refused"));
  expect(work).not.toHaveBeenCalled();
  expect(notes()).toEqual([]);
  expect(leases()).toEqual([]);
  // The thread is free at once: the next run takes it without waiting.
  await expect(other.withLock("t", async () => "ran")).resolves.toBe("ran");
});

test("release(writes): the writes and the freed lease commit together, once the event loop turns; this host's own reads see them at once", async () => {
  let seen: unknown;
  await locks.withLock("t", async (release) => {
    release(() => note(first, "finished"));
    // Not on file yet for another host; this host commits them to read its own leases; then both are there.
    const before = { notes: notes(), leases: leases() };
    const running = locks.running();
    seen = { before, running, after: { notes: notes(), leases: leases() } };
  });
  expect(seen).toEqual({ before: { notes: [], leases: [{ thread_id: "t", owner: "first" }] }, running: new Set(), after: { notes: ["finished"], leases: [] } });

  await locks.withLock("u", async (release) => release(() => note(first, "u finished")));
  expect(notes()).toEqual(["finished"]);
  expect(leases()).toEqual([{ thread_id: "u", owner: "first" }]);
  await nextTurn();
  expect(notes()).toEqual(["finished", "u finished"]);
  expect(leases()).toEqual([]);
  await expect(other.withLock("u", async () => "ran")).resolves.toBe("ran");
});

test("a release still waiting commits with the next lease this host takes: one transaction", async () => {
  await locks.withLock("t", async (release) => release(() => note(first, "t finished")));
  await locks.withLock(
    "u",
    async () => {
      // Still in the same turn of the event loop: only the taking of u can have committed t's release.
      expect(notes()).toEqual(["t finished", "u taken"]);
      expect(leases()).toEqual([{ thread_id: "u", owner: "first" }]);
    },
    () => note(first, "u taken"),
  );
});

test("when a lease cannot be taken (its taking throws), the releases waiting are committed anyway", async () => {
  await locks.withLock("t", async (release) => release(() => note(first, "t finished")));
  await expect(
    locks.withLock("u", async () => undefined, () => {
      throw new Error("refused");
    }),
  ).rejects.toThrow("refused");
  expect(notes()).toEqual(["t finished"]);
  expect(leases()).toEqual([]);
});

test("when the writes of a release fail, they are rolled back and the lease is still given back", async () => {
  await locks.withLock("t", async (release) => {
    release(() => {
      note(first, "half");
      throw new Error("disk full");
    });
  });
  await locks.withLock("u", async (release) => release(() => note(first, "u finished")));
  await nextTurn();
  expect(notes()).toEqual(["u finished"]);
  expect(leases()).toEqual([]);
});

test("while another process holds the file's write lock, a release waits, and commits once the lock is gone", async () => {
  first.pragma("busy_timeout = 0");
  await locks.withLock("t", async (release) => release(() => note(first, "finished")));
  second.exec("BEGIN IMMEDIATE");
  await nextTurn();
  second.exec("COMMIT");
  expect(notes()).toEqual([]);
  expect(leases()).toEqual([{ thread_id: "t", owner: "first" }]);
  await waitFor(() => notes().length === 1, 1000, "the release to commit after the lock");
  expect(notes()).toEqual(["finished"]);
  expect(leases()).toEqual([]);
});

test("a lease held by a host that is gone is taken over", async () => {
  liveOwners.delete("second");
  second.prepare("INSERT INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES ('t', 'second', ?, 0)").run(process.pid);
  await expect(locks.withLock("t", async () => leases())).resolves.toEqual([{ thread_id: "t", owner: "first" }]);
  expect(leases()).toEqual([]);
});

test("runs on one thread queue one behind the other in this process, and the queue forgets the thread once they are done", async () => {
  const order: string[] = [];
  const run = (label: string) =>
    locks.withLock("t", async () => {
      order.push(`${label} start`);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(`${label} end`);
    });
  await Promise.all([run("a"), run("b"), run("c")]);
  expect(order).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  expect((locks as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
});
