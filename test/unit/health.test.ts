// Health: one problem per kind of background work, reported once per change.
import { Health } from "../../main/host/health.js";
import type { HostHealth } from "../../shared/inbox.js";

function health() {
  const changes: HostHealth[] = [];
  let now = 1000;
  const state = new Health((value) => changes.push(value), () => now);
  return { state, changes, tick: (ms: number) => (now += ms) };
}

test("starts healthy", () => {
  expect(new Health().current()).toEqual({ problem: null });
});

test("a failure is reported once, however often it repeats, with the time it began", () => {
  const { state, changes, tick } = health();
  state.fail("poll", new Error("database is locked"));
  tick(250);
  state.fail("poll", new Error("database is locked"));
  state.fail("poll", "database is locked");
  expect(changes).toEqual([{ problem: { what: "poll", message: "database is locked", since: 1000 } }]);
  expect(state.current()).toBe(changes[0]);
});

test("a different message is a change, keeping when the problem began", () => {
  const { state, changes, tick } = health();
  state.fail("poll", new Error("database is locked"));
  tick(500);
  state.fail("poll", new Error("disk I/O error"));
  expect(changes.map((change) => change.problem)).toEqual([
    { what: "poll", message: "database is locked", since: 1000 },
    { what: "poll", message: "disk I/O error", since: 1000 },
  ]);
});

test("ok clears only its own kind, and tells only when something was cleared", () => {
  const { state, changes, tick } = health();
  state.ok("poll");
  expect(changes).toEqual([]);
  state.fail("poll", new Error("locked"));
  tick(10);
  state.fail("release", new Error("disk full"));
  // The oldest problem is the one reported: a release failing after polls did changes nothing shown.
  expect(changes).toHaveLength(1);
  state.ok("inbox-load");
  expect(changes).toHaveLength(1);
  state.ok("poll");
  expect(state.current()).toEqual({ problem: { what: "release", message: "disk full", since: 1010 } });
  state.ok("release");
  expect(state.current()).toEqual({ problem: null });
  expect(changes.map((change) => change.problem?.what ?? null)).toEqual(["poll", "release", null]);
});

test("an empty message still says something", () => {
  const { state } = health();
  state.fail("inbox-load", new Error(""));
  expect(state.current().problem?.message).toBe("unknown error");
});

test("clearing several kinds at once is one change", () => {
  const { state, changes, tick } = health();
  state.fail("inbox-load", new Error("no such table"));
  tick(250);
  state.fail("poll", new Error("no such table"));
  state.ok("inbox-load", "poll");
  expect(changes.map((change) => change.problem?.what ?? null)).toEqual(["inbox-load", null]);
});
