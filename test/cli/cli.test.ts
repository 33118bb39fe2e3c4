// The `countersign` command as users run it: `node bin/countersign.js ...` in a child process,
// each test on its own --data folder. Threads are seeded in process where the CLI's own `run` is
// not what is tested, to keep the number of spawns (~1-4 s each for those that run a graph) down.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createHost, type Host } from "../../main/host/index.js";
import type { DecisionRecord, InboxItem } from "../../shared/inbox.js";
import { demoDescriptions } from "../../main/host/graphs/demos/index.js";
import { SAMPLE_EXPENSE } from "../../main/host/graphs/demos/expense-approval.js";
import { cli, type CliResult } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

const SHIP_IT = fileURLToPath(new URL("../../main/host/graphs/demos/ship-it.ts", import.meta.url));
const TIMEOUT = 180_000;

type Result = CliResult;

/** Exit 0, nothing on stderr; the parsed JSON of stdout. */
function ok<T = any>(result: Result): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(result.stdout) as T;
}

/** Exit 2, nothing on stdout, exactly one line on stderr matching `pattern`. */
function refused(result: Result, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^countersign: [^\n]+\n$/);
  expect(result.stderr).toMatch(pattern);
}

let data: ReturnType<typeof tempDir>;
beforeEach(() => {
  data = tempDir("countersign-cli-");
});
afterEach(() => data.remove());

/** `countersign --data <this test's folder> ...args` */
const cs = (...args: string[]) => cli(["--data", data.path, ...args]);

/** Runs demo graphs in process on this test's data folder; the pending items of each run. */
async function seed(...runs: Array<keyof typeof demoDescriptions>): Promise<InboxItem[]> {
  return withHost(async (host) => {
    const items: InboxItem[] = [];
    for (const graphId of runs) {
      const result = await host.startRun({ graphId: graphId });
      expect(result.items).toHaveLength(1);
      items.push(result.items[0]!);
    }
    return items;
  });
}

/** A host on this test's data folder: the demo graphs, or those of `configPath`. */
async function withHost<T>(work: (host: Host) => Promise<T>, configPath?: string): Promise<T> {
  const host = await createHost({ dataDir: data.path, configPath });
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

const stateOf = (itemId: string) => withHost(async (host) => (await host.getItem({ itemId: itemId })).thread.values as Record<string, unknown>);

test("--version, and a usage error that exits 2 before any database is opened", async () => {
  const [version, badJson] = await Promise.all([cli(["--version"]), cs("run", "ship-it", "--input", "{bad")]);
  expect(version).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`, stderr: "" });
  refused(badJson, /^countersign: --input is not valid JSON: /);
  expect(existsSync(data.file("host.sqlite"))).toBe(false);
}, TIMEOUT);

test("graphs: the demos in --json; a table on stdout and each load error as one line on stderr", async () => {
  writeFileSync(data.file("langgraph.json"), JSON.stringify({ graphs: { "ship-it": `${SHIP_IT}:graph`, broken: "./missing.ts:graph" } }));
  const [json, human] = await Promise.all([cs("graphs", "--json"), cs("graphs", "--config", data.file("langgraph.json"))]);

  expect(ok(json)).toEqual({ graphs: Object.entries(demoDescriptions).map(([id, description]) => ({ id, description })), errors: [] });

  expect(human.code).toBe(0);
  expect(human.stdout).toBe(`ID       DESCRIPTION\nship-it  ${demoDescriptions["ship-it"]}\n`);
  expect(human.stderr).toMatch(/^countersign: Graph "broken": file not found: \.\/missing\.ts [^\n]*\n$/);
}, TIMEOUT);

test("run each demo graph, list with filters, show a pending item", async () => {
  const expense = { ...SAMPLE_EXPENSE, employee: "J. Mwangi", amount: 99 };
  const [support, expenseRun, release, ship] = await Promise.all([
    cs("run", "support-agent", "--json"),
    cs("run", "expense-approval", "--input", JSON.stringify({ expense }), "--json"),
    cs("run", "release-pipeline"),
    cs("--json", "run", "ship-it", "--thread", "ship-1"),
  ]);

  const supportResult = ok(support);
  expect(Object.keys(supportResult)).toEqual(["threadId", "status", "error", "items"]);
  expect(supportResult).toMatchObject({ status: "waiting", error: null, items: [{ graphId: "support-agent", kind: "hitl", title: "Review 2 tool calls: send_email, run_sql" }] });
  expect(supportResult.items).toHaveLength(1);
  const expenseItem = ok(expenseRun).items[0];
  expect(expenseItem).toMatchObject({ kind: "human-interrupt", actions: [{ name: "approve_expense", args: expense }] });
  expect(release.code).toBe(0);
  expect(release.stdout).toMatch(/^Thread [0-9a-f-]{36}: waiting, 2 pending items\nID +KIND +AGE +TITLE\n/);
  expect(release.stdout).toContain("Security review: release v2.4.0 with 2 medium findings open?");
  expect(release.stdout).toContain("Which region gets v2.4.0 first?");
  expect(ok(ship)).toMatchObject({ threadId: "ship-1", status: "waiting", items: [{ threadId: "ship-1", title: "Ship it?", kind: "generic" }] });

  const [filtered, byKind, bySource, otherSource] = await Promise.all([
    cs("list", "--graph", "release-pipeline", "--search", "REGION", "--json"),
    cs("list", "--kind", "human-interrupt"),
    cs("list", "--source", "local", "--json"),
    cs("list", "--source", "staging", "--json"),
  ]);
  const regionItems = ok<InboxItem[]>(filtered);
  expect(regionItems.map((item) => item.title)).toEqual(["Which region gets v2.4.0 first?"]);
  expect(regionItems[0]!.source).toBe("local");
  expect(ok<InboxItem[]>(bySource).length).toBeGreaterThan(3);
  expect(ok<InboxItem[]>(otherSource)).toEqual([]);
  expect(byKind.code).toBe(0);
  const lines = byKind.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^ID +GRAPH +KIND +AGE +TITLE$/);
  expect(lines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${expenseItem.id}  expense-approval  human-interrupt  \\d+[smhd] +approve_expense$`))]);

  // The thread's values as stored: the input written, not the defaults of keys no run wrote yet.
  const shown = ok(await cs("show", expenseItem.id, "--json"));
  expect(Object.keys(shown)).toEqual(["item", "thread", "decision"]);
  expect(shown.item).toEqual(expenseItem);
  expect(shown.thread).toEqual({ threadId: expenseItem.threadId, status: "waiting", error: null, values: { expense } });
  expect(shown.decision).toBeNull();
}, TIMEOUT);

test("decide a HITL batch with --decisions (edit + approve); refusals exit 2; show the decided item; decide it again", async () => {
  const [batch, other] = await seed("support-agent", "support-agent");
  const edited = { to: "board@example.com", subject: "Q3 final", body: "See the deck." };
  const decisions = [{ type: "edit", args: edited }, { type: "approve" }];

  const [decided, editSql, tooFew, unknown] = await Promise.all([
    cs("decide", batch!.id, "--decisions", JSON.stringify(decisions), "--json"),
    cs("decide", other!.id, "--decisions", '[{"type":"approve"},{"type":"edit","args":{"sql":"SELECT 1"}}]'),
    cs("decide", other!.id, "--decisions", '[{"type":"approve"}]'),
    cs("decide", "0000000000000000", "--approve"),
  ]);
  const result = ok(decided);
  expect(result).toEqual({ itemId: batch!.id, status: "applied", thread: { threadId: batch!.threadId, status: "done", error: null, items: [] } });
  refused(editSql, /action 2 "run_sql" does not allow "edit" \(allowed: approve, reject\)/);
  refused(tooFew, /Expected 2 decision\(s\), one per action in order \(send_email, run_sql\)/);
  refused(unknown, /No pending item 0000000000000000/);
  // The refusals changed nothing: the other batch still waits, undecided.
  await withHost(async (host) => {
    expect((await host.listItems()).items.map((item) => item.id)).toEqual([other!.id]);
    expect((await host.history()).decisions.map((record) => record.itemId)).toEqual([batch!.id]);
  });

  // --resume is sent unchecked: this one makes the agent throw, so the decision is recorded and the run fails (exit 1).
  const badResume = { decisions: [{ type: "approve" }, { type: "edit", editedAction: { name: "run_sql", args: { sql: "SELECT 1" } } }] };
  const [shownJson, shownHuman, again, failedRun] = await Promise.all([
    cs("show", batch!.id, "--json"),
    cs("show", batch!.id),
    cs("decide", batch!.id, "--approve"),
    cs("decide", other!.id, "--resume", JSON.stringify(badResume), "--json"),
  ]);
  const shown = ok(shownJson);
  expect(shown.item.id).toBe(batch!.id);
  expect(shown.thread.status).toBe("done");
  expect(shown.decision).toMatchObject({ itemId: batch!.id, decision: { decisions }, state: "applied", outcome: "done", error: null });
  expect(shown.decision.resume).toEqual({ decisions: [{ type: "edit", editedAction: { name: "send_email", args: edited } }, { type: "approve" }] });
  // The edited call is what ran.
  const tools = (shown.thread.values.messages as Array<{ type: string; name?: string; content: unknown }>).filter((m) => m.type === "tool");
  expect(tools.map((m) => [m.name, m.content])).toEqual([
    ["send_email", "Email sent to board@example.com (subject: Q3 final): See the deck."],
    ["run_sql", `SQL executed: ${batch!.actions[1]!.args.sql}`],
  ]);

  expect(shownHuman.code).toBe(0);
  expect(shownHuman.stdout).toMatch(new RegExp(`^Review 2 tool calls: send_email, run_sql\n  item +${batch!.id} \\(decided\\)\n`));
  expect(shownHuman.stdout).toContain("tool    send_email: Email sent to board@example.com (subject: Q3 final): See the deck.");
  expect(shownHuman.stdout).toMatch(/\nDecision\n {2}decided +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\n {2}decision +edit \{"to":"board@example.com",[^\n]*\}, approve\n {2}resume +\{"decisions":[^\n]+\n {2}outcome +applied, thread done\n$/);
  refused(again, new RegExp(`^countersign: Item ${batch!.id} was already decided\n$`));

  expect(failedRun.code).toBe(1);
  expect(JSON.parse(failedRun.stdout)).toMatchObject({ itemId: other!.id, status: "failed", thread: { status: "error", error: expect.stringMatching(/not allowed for tool 'run_sql'/) } });
  expect(failedRun.stderr).toMatch(/^countersign: the decision was recorded, but the run failed: [^\n]*not allowed for tool 'run_sql'[^\n]*\n$/);
}, TIMEOUT);

test("decide with --respond, --ignore and --edit on expenses and --resume on ship-it; history", async () => {
  const [respond, ignore, edit, ship] = await seed("expense-approval", "expense-approval", "expense-approval", "ship-it");
  const fixed = { ...SAMPLE_EXPENSE, amount: 380 };
  const [responded, ignored, editedRun, resumed] = await Promise.all([
    cs("decide", respond!.id, "--respond", "Which client was this for?"),
    cs("decide", ignore!.id, "--ignore", "--json"),
    cs("decide", edit!.id, "--edit", JSON.stringify(fixed), "--json"),
    cs("decide", ship!.id, "--resume", '{"ship":true,"note":"after lunch"}', "--json"),
  ]);
  expect(responded.code).toBe(0);
  expect(responded.stdout).toBe(`Decided ${respond!.id}: applied\nThread ${respond!.threadId}: done\n`);
  for (const [run, item] of [[ignored, ignore], [editedRun, edit], [resumed, ship]] as const) {
    expect(ok(run)).toEqual({ itemId: item!.id, status: "applied", thread: { threadId: item!.threadId, status: "done", error: null, items: [] } });
  }
  expect(await stateOf(respond!.id)).toMatchObject({ status: "needs-info", message: "Which client was this for?" });
  expect(await stateOf(ignore!.id)).toMatchObject({ status: "ignored" });
  expect(await stateOf(edit!.id)).toMatchObject({ status: "approved", approved: fixed });
  expect(await stateOf(ship!.id)).toEqual({ answer: { ship: true, note: "after lunch" } });

  const [json, human] = await Promise.all([cs("history", "--json"), cs("history")]);
  const records = ok<DecisionRecord[]>(json);
  expect(records).toHaveLength(4);
  const byItem = new Map(records.map((record) => [record.itemId, record]));
  expect(byItem.get(respond!.id)).toMatchObject({ decision: { type: "respond", message: "Which client was this for?" }, resume: [{ type: "response", args: "Which client was this for?" }], state: "applied", outcome: "done" });
  expect(byItem.get(ignore!.id)).toMatchObject({ decision: { type: "ignore" }, resume: [{ type: "ignore", args: null }] });
  expect(byItem.get(edit!.id)).toMatchObject({ decision: { type: "edit", args: fixed }, resume: [{ type: "edit", args: { action: "approve_expense", args: fixed } }] });
  expect(byItem.get(ship!.id)).toMatchObject({ decision: { type: "resume", value: { ship: true, note: "after lunch" } }, resume: { ship: true, note: "after lunch" } });
  for (const record of records) {
    expect(Object.keys(record).sort()).toEqual(["decidedAt", "decision", "error", "finishedAt", "graphId", "item", "itemId", "outcome", "resume", "seq", "source", "state", "threadId"]);
  }
  // Newest first.
  expect(records.map((record) => record.decidedAt)).toEqual(records.map((record) => record.decidedAt).sort().reverse());

  expect(human.code).toBe(0);
  const [header, ...rows] = human.stdout.trimEnd().split("\n");
  expect(header).toMatch(/^TIME +ITEM +TITLE +DECISION +RESUME SENT +OUTCOME$/);
  expect(rows).toHaveLength(4);
  const row = (id: string) => rows.find((line) => line.includes(id)) ?? "";
  expect(row(respond!.id)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}[0-9a-f]{16} {2}approve_expense +respond "Which client was this for\?" +\[\{"type":"response","args":"Which[^…]*… +applied, thread done$/);
  expect(row(ignore!.id)).toMatch(/ignore +\[\{"type":"ignore","args":null\}\] +applied, thread done$/);
  expect(row(edit!.id)).toMatch(/edit \{"employee":"R\. Okafor",[^…]*… +\[\{"type":"edit","args":\{[^…]*… +applied, thread done$/);
  expect(row(ship!.id)).toMatch(/Ship it\? +resume \{"ship":true,[^…]*… +\{"ship":true,"note":"after lunch"\} +applied, thread done$/);
}, TIMEOUT);

test("two processes decide the same item at the same time: exactly one wins, the other exits 2 'already decided'", async () => {
  const [item] = await seed("expense-approval");
  const results = await Promise.all([1, 2].map(() => cs("decide", item!.id, "--reject", "Receipt missing", "--json")));

  const winners = results.filter((result) => result.code === 0);
  const losers = results.filter((result) => result.code !== 0);
  expect(winners).toHaveLength(1);
  expect(losers).toHaveLength(1);
  expect(ok(winners[0]!)).toMatchObject({ itemId: item!.id, status: "applied", thread: { status: "done", items: [] } });
  refused(losers[0]!, new RegExp(`^countersign: Item ${item!.id} was already decided\n$`));

  // A HumanInterrupt has no reject: the reviewer's message went back as a response, once.
  expect(await stateOf(item!.id)).toMatchObject({ status: "needs-info", message: "Receipt missing" });
  await withHost(async (host) => expect((await host.history()).decisions.map((record) => record.decision)).toEqual([{ type: "reject", message: "Receipt missing" }]));
}, TIMEOUT);

test("retry: a thread whose run failed runs again; exit 1 while it still fails, 0 once it works, 2 when its run did not fail", async () => {
  const config = data.file("langgraph.json");
  writeFileSync(config, JSON.stringify({ graphs: { send: `${fileURLToPath(new URL("../fixtures/graphs/fixtures.ts", import.meta.url))}:askThenSend` } }));
  const flag = data.file("network-up");
  const threadId = await withHost(async (host) => {
    const run = await host.startRun({ graphId: "send", input: { label: flag } });
    expect((await host.decide({ itemId: run.items[0]!.id, decision: { type: "resume", value: "yes" } })).thread.status).toBe("error");
    return run.threadId;
  }, config);
  const failing = await cs("--config", config, "retry", threadId);
  expect(failing.code).toBe(1);
  expect(failing.stderr).toBe("countersign: the run failed: network down\n");
  writeFileSync(flag, "");
  expect(ok(await cs("--config", config, "--json", "retry", threadId))).toMatchObject({ threadId, status: "done", error: null, items: [] });
  refused(await cs("--config", config, "retry", threadId), new RegExp(`Thread ${threadId} is done: only a thread whose run failed can be retried`));
}, TIMEOUT);

test("--verbose and COUNTERSIGN_LOG print log lines on stderr (and into the data folder's log); without them stderr stays empty", async () => {
  const verbose = await cs("--verbose", "--json", "graphs");
  expect(verbose.code, verbose.stderr).toBe(0);
  expect(JSON.parse(verbose.stdout)).toMatchObject({ graphs: expect.any(Array) });
  expect(verbose.stderr).toMatch(/^countersign \[debug\] Command started command="graphs"$/m);
  const logFile = `${data.path}/logs/countersign.log`;
  expect(readFileSync(logFile, "utf8")).toContain('"message":"Command started"');

  const byEnv = await cli(["--data", data.path, "--json", "graphs"], { COUNTERSIGN_LOG: "debug" });
  expect(byEnv.stderr).toMatch(/^countersign \[debug\] Command started command="graphs"$/m);

  const typo = await cli(["--data", data.path, "--json", "graphs"], { COUNTERSIGN_LOG: "loud" });
  expect(typo.code).toBe(0);
  expect(typo.stderr).toBe('countersign: COUNTERSIGN_LOG="loud" is not a log level (debug, info, warn, error); logging at info\n');

  ok(await cs("--json", "graphs"));
}, TIMEOUT);

test("source add, list, sync and remove as processes: an unreachable deployment is offline (exit 0, nothing lost); bad settings exit 2; the key never printed", async () => {
  const { freePort } = await import("../support/langgraph-dev.js");
  const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
  const added = ok(await cs("source", "add", "--name", "east", "--url", url, "--api-key", "sk-cli-secret-42", "--header", "X-Team=ops", "--json"));
  expect(added).toMatchObject({ name: "east", url, state: "new", hasApiKey: true, headerNames: ["X-Team"], queued: 0 });
  refused(await cs("source", "add", "--name", "east", "--url", url), /A source named "east" exists already/);
  refused(await cs("source", "add", "--name", "local", "--url", url), /names this machine's own graphs/);
  refused(await cs("source", "add", "--name", "west", "--url", "ftp://a.example"), /url: must be an http\(s\) URL/);

  const sync = await cs("source", "sync");
  expect(sync.code, sync.stderr).toBe(0);
  expect(sync.stdout).toMatch(/^east: offline; could not pull items: .*127\.0\.0\.1.*; 0 delivered, 0 conflict\(s\), 0 failed, 0 still queued$/m);
  const [listed] = ok(await cs("source", "list", "--json"));
  expect(listed).toMatchObject({ name: "east", state: "offline", syncedAt: null });
  expect(listed.stateSince).toEqual(expect.any(Number));
  const table = await cs("source", "list");
  expect(table.stdout).toMatch(/east\s+http:\/\/127\.0\.0\.1:\d+\s+offline since/);
  for (const output of [added, sync.stdout, table.stdout, JSON.stringify(listed)]) expect(JSON.stringify(output)).not.toContain("sk-cli-secret-42");

  ok(await cs("source", "remove", "east", "--json"));
  expect(ok(await cs("source", "list", "--json"))).toEqual([]);
  refused(await cs("source", "remove", "east"), /No source named "east"/);
}, TIMEOUT);
