// The lease that serializes runs on a thread across processes, and the writes that commit with it:
// taken with a decision's journal entry, given back with its finish, in one transaction each.
import Database from "better-sqlite3";
import { liveOwners, openHostDatabase } from "../../../main/host/store/host-database.js";
import { ThreadLocks } from "../../../main/host/store/thread-locks.js";
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

test("release(writes) commits the writes and frees the lease together, before the work returns: another host sees both at once", async () => {
  let seen: { notes: string[]; running: Set<string>; ran: string } | undefined;
  await locks.withLock("t", async (release) => {
    release(() => note(first, "finished"));
    // Still inside the work: another host can already take the thread, and sees the writes.
    seen = { notes: notes(), running: other.running(), ran: await other.withLock("t", async () => "ran") };
  });
  expect(seen).toEqual({ notes: ["finished"], running: new Set(), ran: "ran" });
  expect(leases()).toEqual([]);
});

test("when the writes of a release fail, they are rolled back and the lease is still given back", async () => {
  const failed = await locks
    .withLock("t", async (release) => {
      release(() => {
        note(first, "half");
        throw new Error("disk full");
      });
    })
    .catch((error: unknown) => error);
  expect(failed).toEqual(new Error("disk full"));
  expect(notes()).toEqual([]);
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
