// The lease that serializes runs on a thread across processes, and the writes that commit with it:
// taken with a decision's journal entry, given back with how the run ended; those of one turn share a commit.
import Database from "better-sqlite3";
import { openHostDatabase } from "../../../main/host/store/host-database.js";
import { ThreadLocks } from "../../../main/host/store/thread-locks.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
let first: Database.Database;
let second: Database.Database;
let locks: ThreadLocks;
let other: ThreadLocks;
let alive: Set<string>;
let stuck: Array<[string, Error]>;
beforeEach(() => {
  dir = tempDir();
  // Two connections and two owners, as two hosts (two windows, or two processes) would have.
  first = openHostDatabase(dir.file("host.sqlite"));
  second = openHostDatabase(dir.file("host.sqlite"));
  alive = new Set(["first", "second"]);
  stuck = [];
  locks = new ThreadLocks(first, "first", (owner) => alive.has(owner), (threadId, error) => stuck.push([threadId, error]));
  other = new ThreadLocks(second, "second", (owner) => alive.has(owner));
  first.exec("CREATE TABLE notes (note TEXT)");
});
afterEach(() => {
  first.close();
  second.close();
  dir.remove();
});

const note = (db: Database.Database, text: string) => db.prepare("INSERT INTO notes VALUES (?)").run(text);
const notes = () => (second.prepare("SELECT note FROM notes").pluck().all() as string[]).sort();
const leases = () => second.prepare("SELECT thread_id, owner FROM thread_locks").all();
const done = <T>(value: T) => ({ value });

test("what `taking` writes commits with the lease", async () => {
  await locks.withLock(
    "t",
    async () => {
      expect(notes()).toEqual(["taken"]);
      expect(leases()).toEqual([{ thread_id: "t", owner: "first" }]);
      expect(other.running()).toEqual(new Set(["t"]));
      expect(other.isHeld("t")).toBe(true);
      return done(undefined);
    },
    () => note(first, "taken"),
  );
  expect(leases()).toEqual([]);
});

test("when `taking` throws, nothing is written, the lease stays free and the work never runs", async () => {
  const work = vi.fn(async () => done(undefined));
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
  await expect(other.withLock("t", async () => done("ran"))).resolves.toBe("ran");
});

test("the outcome and the freed lease commit together, as soon as the work ends: another connection sees both at once", async () => {
  const value = await locks.withLock("t", async () => ({ value: 7, outcome: () => note(first, "finished") }));
  expect(value).toBe(7);
  expect(notes()).toEqual(["finished"]);
  expect(leases()).toEqual([]);
});

test("work that throws gives the lease back, and its error reaches the caller", async () => {
  await expect(locks.withLock("t", async () => Promise.reject(new Error("graph broke")))).rejects.toThrow("graph broke");
  expect(leases()).toEqual([]);
});

test("when the outcome's writes fail, nothing of it is written, the lease stays held, it is reported, and a retry commits it once the cause is gone", async () => {
  let full = true;
  await locks.withLock("t", async () => ({
    value: undefined,
    outcome: () => {
      note(first, "finished");
      if (full) throw new Error("disk full");
    },
  }));
  expect(notes()).toEqual([]);
  expect(leases()).toEqual([{ thread_id: "t", owner: "first" }]);
  expect(stuck.map(([threadId, error]) => [threadId, error.message])).toEqual([["t", "disk full"]]);
  expect(locks.stuck).toBe(1);
  // Still failing: kept for the next try.
  expect(locks.retryReleases()?.message).toBe("disk full");
  full = false;
  expect(locks.retryReleases()).toBeUndefined();
  expect(notes()).toEqual(["finished"]);
  expect(leases()).toEqual([]);
  expect(locks.stuck).toBe(0);
});

test("an outcome that could not commit goes first when this host takes the thread again: the older outcome never overwrites a newer one", async () => {
  let full = true;
  await locks.withLock("t", async () => ({ value: undefined, outcome: () => (full ? (() => { throw new Error("disk full"); })() : note(first, "first run")) }));
  full = false;
  await locks.withLock("t", async () => ({ value: undefined, outcome: () => note(first, "second run") }), () => note(first, "second taken"));
  expect(first.prepare("SELECT note FROM notes ORDER BY rowid").pluck().all()).toEqual(["first run", "second taken", "second run"]);
  expect(locks.stuck).toBe(0);
  expect(leases()).toEqual([]);
});

test("while another process holds the file's write lock, a release waits out the busy timeout and is kept, then committed by a retry", async () => {
  first.pragma("busy_timeout = 0");
  second.exec("BEGIN IMMEDIATE");
  const taking = locks.withLock("t", async () => done(undefined));
  await expect(taking).rejects.toMatchObject({ code: "SQLITE_BUSY" });
  second.exec("COMMIT");
  await locks.withLock("t", async () => {
    second.exec("BEGIN IMMEDIATE");
    return { value: undefined, outcome: () => note(first, "finished") };
  });
  expect(stuck.map(([, error]) => (error as { code?: string }).code)).toEqual(["SQLITE_BUSY"]);
  second.exec("COMMIT");
  expect(locks.retryReleases()).toBeUndefined();
  expect(notes()).toEqual(["finished"]);
  expect(leases()).toEqual([]);
});

test("a lease held by a host that is gone is taken over; one held by a live host is waited for", async () => {
  alive.delete("second");
  second.prepare("INSERT INTO thread_locks (thread_id, owner, pid, acquired_at) VALUES ('t', 'second', ?, 0)").run(process.pid);
  expect(locks.isHeld("t")).toBe(false);
  expect(locks.running()).toEqual(new Set());
  await expect(locks.withLock("t", async () => done(leases()))).resolves.toEqual([{ thread_id: "t", owner: "first" }]);
  expect(leases()).toEqual([]);

  alive.add("second");
  let release!: () => void;
  const held = other.withLock("u", () => new Promise<{ value: undefined }>((resolve) => (release = () => resolve(done(undefined)))));
  let ran = false;
  const waiting = locks.withLock("u", async () => done((ran = true)));
  await new Promise((resolve) => setTimeout(resolve, 120));
  expect(ran).toBe(false);
  release();
  await held;
  await waiting;
  expect(ran).toBe(true);
});

test("runs on one thread queue one behind the other in this process, and the queue forgets the thread once they are done", async () => {
  const order: string[] = [];
  const run = (label: string) =>
    locks.withLock("t", async () => {
      order.push(`${label} start`);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(`${label} end`);
      return done(undefined);
    });
  await Promise.all([run("a"), run("b"), run("c")]);
  expect(order).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  expect(locks.inFlight()).toEqual([]);
});

test("leases asked for in one turn commit together, each in a savepoint of its own: one that is refused writes nothing and leaves the others taken", async () => {
  const seenByOther: unknown[] = [];
  const work = async () => done(leases());
  const runs = [
    locks.withLock("a", work, () => note(first, "a")),
    locks.withLock("b", work, () => {
      // The first lease is taken in the same commit as this one: another connection sees neither yet.
      seenByOther.push(leases());
      note(first, "b");
      throw new Error("refused");
    }),
    locks.withLock("c", work, () => note(first, "c")),
  ];
  const [a, b, c] = await Promise.allSettled(runs);
  expect(seenByOther).toEqual([[]]);
  expect(b).toMatchObject({ status: "rejected", reason: new Error("refused") });
  // While each ran, both granted leases were visible to the other connection at once.
  expect(a).toMatchObject({ status: "fulfilled", value: [{ thread_id: "a", owner: "first" }, { thread_id: "c", owner: "first" }] });
  expect(c).toMatchObject({ status: "fulfilled", value: [{ thread_id: "a", owner: "first" }, { thread_id: "c", owner: "first" }] });
  expect(notes()).toEqual(["a", "c"]);
  expect(leases()).toEqual([]);
});
