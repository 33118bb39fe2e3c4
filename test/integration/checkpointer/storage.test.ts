// What the checkpointer stores and how: task paths, exact bytes, schema versions, bad files, streaming.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { AIMessage, HumanMessage, RemoveMessage, type BaseMessage } from "@langchain/core/messages";
import { Command, END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { JsonPlusSerializer, emptyCheckpoint, uuid6, type SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { CheckpointStore } from "../../../main/host/checkpointer/checkpoint-store.js";
import { DatabaseOpenError, SCHEMA_VERSION, SqliteCheckpointer } from "../../../main/host/index.js";
import { askGraph, threadConfig } from "../../support/graphs.js";
import { indexedAndRebuilt } from "../../support/index-consistency.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A serializer whose output is not valid UTF-8: a 3-byte binary header before the JSON. */
class BinarySerde implements SerializerProtocol {
  static readonly header = [255, 0, 128];
  private readonly json = new JsonPlusSerializer();
  async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
    const [, bytes] = await this.json.dumpsTyped(data);
    return ["bin", Uint8Array.from([...BinarySerde.header, ...bytes])];
  }
  async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    if (type !== "bin" || typeof data === "string") throw new Error(`unexpected ${type}`);
    expect([...data.subarray(0, 3)]).toEqual(BinarySerde.header);
    return this.json.loadsTyped("json", data.subarray(3));
  }
}

/** Counts how many checkpoints get deserialized. */
class CountingSerde extends JsonPlusSerializer {
  checkpointsLoaded = 0;
  override async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    const value = await super.loadsTyped(type, data);
    if (typeof value === "object" && value !== null && "versions_seen" in value) this.checkpointsLoaded++;
    return value;
  }
}

async function putChain(saver: SqliteCheckpointer, threadId: string, count: number, metadata: (i: number) => Record<string, unknown>) {
  let config = { configurable: { thread_id: threadId, checkpoint_ns: "" } } as { configurable: Record<string, unknown> };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1) };
    config = (await saver.put(config, checkpoint, { source: "loop", step: i, parents: {}, ...metadata(i) }, {})) as typeof config;
    ids.push(checkpoint.id);
  }
  return ids;
}

test("task paths are stored and pending writes come back in (task_path, task_id, idx) order", async () => {
  const file = dir.file("paths.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const [id] = await putChain(saver, "t", 1, () => ({}));
  const config = { configurable: { thread_id: "t", checkpoint_ns: "", checkpoint_id: id } };
  await saver.putWrites(config, [["x", "z-1"], ["x", "z-2"]], "task-z", "~__pregel_pull, a");
  await saver.putWrites(config, [["x", "a-1"]], "task-a", "~__pregel_pull, b");
  await saver.putWrites(config, [["x", "input"]], "task-m");
  const tuple = await saver.getTuple(config);
  expect(tuple!.pendingWrites!.map(([task, , value]) => `${task}:${value}`)).toEqual(["task-m:input", "task-z:z-1", "task-z:z-2", "task-a:a-1"]);
  saver.close();
  const raw = new Database(file, { readonly: true });
  expect(raw.prepare("SELECT task_id, task_path FROM writes ORDER BY task_id, idx").all()).toEqual([
    { task_id: "task-a", task_path: "~__pregel_pull, b" },
    { task_id: "task-m", task_path: "" },
    { task_id: "task-z", task_path: "~__pregel_pull, a" },
    { task_id: "task-z", task_path: "~__pregel_pull, a" },
  ]);
  raw.close();
});

test("a serializer's non-UTF-8 bytes round-trip exactly, through a real graph and its interrupt index", async () => {
  const file = dir.file("binary.sqlite");
  const saver = SqliteCheckpointer.open(file, { serde: new BinarySerde() });
  const graph = askGraph(saver, { question: "Bytes intact?", emoji: "✓" });
  await graph.invoke({ log: ["first"] }, threadConfig("bin"));
  const [item] = (await saver.pendingInterrupts()).items;
  expect(item!.value).toEqual({ question: "Bytes intact?", emoji: "✓" });
  const tuple = await saver.getTuple(threadConfig("bin"));
  expect(tuple!.checkpoint.channel_values.log).toEqual(["first"]);
  expect(tuple!.pendingWrites!.find(([, channel]) => channel === "__interrupt__")![2]).toEqual([
    expect.objectContaining({ id: item!.interruptId, value: { question: "Bytes intact?", emoji: "✓" } }),
  ]);
  saver.close();
  const raw = new Database(file, { readonly: true });
  const stored = raw.prepare("SELECT value FROM writes WHERE channel = '__interrupt__'").pluck().get() as Buffer;
  const [, expected] = await new BinarySerde().dumpsTyped(tuple!.pendingWrites!.find(([, channel]) => channel === "__interrupt__")![2]);
  expect([...stored.subarray(0, 3)]).toEqual(BinarySerde.header);
  expect(stored.length).toBe(expected.length);
  raw.close();
});

test("a database written by a newer schema is refused with a clear error and left untouched", async () => {
  const file = dir.file("newer.sqlite");
  SqliteCheckpointer.open(file).close();
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  const before = sha(file);
  expect(() => SqliteCheckpointer.open(file)).toThrow(DatabaseOpenError);
  expect(() => SqliteCheckpointer.open(file)).toThrow(new RegExp(`checkpoint database .* has schema version ${SCHEMA_VERSION + 1}, written by a newer Countersign.*not modified`));
  expect(sha(file)).toBe(before);
});

test("a file that is not a database is refused with a clear error and left untouched", () => {
  const file = dir.file("garbage.sqlite");
  writeFileSync(file, "this is not a database ".repeat(200));
  const before = sha(file);
  expect(() => SqliteCheckpointer.open(file)).toThrow(/Cannot open checkpoint database .*garbage\.sqlite: file is not a database/);
  expect(sha(file)).toBe(before);
});

test("reopening a current database keeps its data and migrates nothing twice", async () => {
  const file = dir.file("reopen.sqlite");
  const first = SqliteCheckpointer.open(file);
  await askGraph(first).invoke({ log: [] }, threadConfig("kept"));
  first.close();
  const second = SqliteCheckpointer.open(file);
  expect((await second.pendingInterrupts()).items.map((i) => i.threadId)).toEqual(["kept"]);
  second.close();
  const raw = new Database(file, { readonly: true });
  expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
  raw.close();
});

test("list streams across batches in order and stops loading when the caller stops", async () => {
  const serde = new CountingSerde();
  const saver = SqliteCheckpointer.open(dir.file("list.sqlite"), { serde });
  const ids = await putChain(saver, "long", 250, () => ({}));
  serde.checkpointsLoaded = 0;
  const listed: string[] = [];
  for await (const tuple of saver.list(threadConfig("long"))) listed.push(tuple.checkpoint.id);
  expect(listed).toEqual([...ids].reverse());
  expect(serde.checkpointsLoaded).toBe(250);

  serde.checkpointsLoaded = 0;
  for await (const tuple of saver.list({ configurable: {} })) if (tuple) break;
  expect(serde.checkpointsLoaded).toBe(1);
  saver.close();
});

test("metadata filters are answered in SQL without deserializing non-matching checkpoints", async () => {
  const serde = new CountingSerde();
  const saver = SqliteCheckpointer.open(dir.file("filter.sqlite"), { serde });
  await putChain(saver, "f", 200, (i) => ({ source: i % 50 === 0 ? "input" : "loop", owner: { team: i === 7 ? "red" : "blue" } }));
  serde.checkpointsLoaded = 0;
  const inputs = [];
  for await (const tuple of saver.list({ configurable: {} }, { filter: { source: "input" } })) inputs.push(tuple.metadata!.step);
  expect(inputs).toEqual([150, 100, 50, 0]);
  expect(serde.checkpointsLoaded).toBe(4);
  const red = [];
  for await (const tuple of saver.list({ configurable: { thread_id: "f" } }, { filter: { owner: { team: "red" } } })) red.push(tuple.metadata!.step);
  expect(red).toEqual([7]);
  saver.close();
});

test("growing message lists are stored once per message yet read back exactly", async () => {
  const saver = SqliteCheckpointer.open(dir.file("chat.sqlite"));
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("reply", (state) => ({ messages: [new AIMessage(`reply ${state.messages.length}`)] }))
    .addEdge(START, "reply")
    .addEdge("reply", END)
    .compile({ checkpointer: saver });
  let last: { messages: unknown[] } | undefined;
  // The same text twice on purpose: equal elements must keep their positions.
  for (const text of ["hello", "again", "again", "bye"]) last = await graph.invoke({ messages: [new HumanMessage(text)] }, threadConfig("chat"));
  const state = await graph.getState(threadConfig("chat"));
  expect(state.values.messages).toEqual(last!.messages);
  expect((state.values.messages as Array<{ content: string }>).map((m) => m.content)).toEqual([
    "hello", "reply 1", "again", "reply 3", "again", "reply 5", "bye", "reply 7",
  ]);
  // Every earlier checkpoint still reads back its own, shorter list.
  const lengths = [];
  for await (const tuple of saver.list(threadConfig("chat"))) lengths.push(((tuple.checkpoint.channel_values.messages as unknown[]) ?? []).length);
  expect(lengths).toEqual([8, 7, 6, 6, 5, 4, 4, 3, 2, 2, 1, 0]);
  saver.close();
});

/** Counts the messages it serializes. */
class MessageCountingSerde extends JsonPlusSerializer {
  messagesDumped = 0;
  override async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
    if (data instanceof AIMessage || data instanceof HumanMessage) this.messagesDumped++;
    return super.dumpsTyped(data);
  }
}

test("messages read back unchanged are not serialized again; one changed in place is stored as changed", async () => {
  const serde = new MessageCountingSerde();
  const saver = SqliteCheckpointer.open(dir.file("edit.sqlite"), { serde });
  let editTurn = -1;
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("reply", (state) => {
      // Like LangChain's HITL middleware: a message the run read back is rewritten in place.
      if (state.messages.length - 1 === editTurn * 2) (state.messages[1] as AIMessage).content = "first reply, edited";
      return { messages: [new AIMessage(`reply ${state.messages.length}`)] };
    })
    .addEdge(START, "reply")
    .addEdge("reply", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ messages: [new HumanMessage("one")] }, threadConfig("edit"));
  await graph.invoke({ messages: [new HumanMessage("two")] }, threadConfig("edit"));
  // Each turn read back the earlier messages as new objects; only the two new ones of a turn were serialized.
  expect(serde.messagesDumped).toBe(4);
  editTurn = 2;
  serde.messagesDumped = 0;
  await graph.invoke({ messages: [new HumanMessage("three")] }, threadConfig("edit"));
  expect(serde.messagesDumped).toBe(3);
  saver.close();

  const reader = SqliteCheckpointer.open(dir.file("edit.sqlite"));
  const values = (await chatGraph(reader).getState(threadConfig("edit"))).values;
  expect(contents(values.messages)).toEqual(["one", "first reply, edited", "two", "reply 3", "three", "reply 5"]);
  reader.close();
});

/** A chat graph whose reply node may also remove messages (by id) from the list. */
function chatGraph(saver: SqliteCheckpointer) {
  return new StateGraph(MessagesAnnotation)
    .addNode("reply", (state) => ({ messages: [new AIMessage(`reply ${state.messages.length}`)] }))
    .addEdge(START, "reply")
    .addEdge("reply", END)
    .compile({ checkpointer: saver });
}

const contents = (messages: unknown) => (messages as BaseMessage[]).map((message) => message.content);

test("long conversations store each message once, across reopenings and removals, and read every version back", async () => {
  const file = dir.file("long-chat.sqlite");
  const expected: string[][] = [];
  let saver = SqliteCheckpointer.open(file);
  for (let turn = 0; turn < 60; turn++) {
    // Reopened every 25 turns: a new connection continues lists another one wrote.
    if (turn % 25 === 24) {
      saver.close();
      saver = SqliteCheckpointer.open(file);
    }
    const graph = chatGraph(saver);
    const out = await graph.invoke({ messages: [new HumanMessage(`turn ${turn}`)] }, threadConfig("long"));
    expected.push(contents(out.messages) as string[]);
    if (turn === 40) {
      // Removing from the middle: later versions keep only the prefix they share.
      const state = await graph.getState(threadConfig("long"));
      const middle = (state.values.messages as BaseMessage[])[10]!;
      await graph.updateState(threadConfig("long"), { messages: [new RemoveMessage({ id: middle.id! })] });
      expected[expected.length - 1] = contents((await graph.getState(threadConfig("long"))).values.messages) as string[];
    }
  }
  saver.close();

  const reader = SqliteCheckpointer.open(file);
  const graph = chatGraph(reader);
  expect(contents((await graph.getState(threadConfig("long"))).values.messages)).toEqual(expected.at(-1));
  // Every earlier version reads back exactly: the end of each turn is one of them.
  const versions = new Set<string>();
  for await (const tuple of reader.list(threadConfig("long"))) versions.add(JSON.stringify(contents(tuple.checkpoint.channel_values.messages ?? [])));
  for (const list of expected) expect(versions.has(JSON.stringify(list))).toBe(true);
  reader.close();

  // Each message is stored once, and each version of the list costs references to what it added,
  // not to the whole list: a full copy per version would take over 100 kB of references here.
  const raw = new Database(file, { readonly: true });
  const messages = expected.at(-1)!.length + 1;
  expect(raw.prepare("SELECT count(*) FROM value_chunks WHERE thread_id = 'long'").pluck().get()).toBe(messages);
  const referenceBytes = raw.prepare("SELECT sum(length(value)) FROM channel_values WHERE thread_id = 'long' AND channel = 'messages'").pluck().get() as number;
  expect(referenceBytes).toBeLessThan(25_000);
  raw.close();
});

test("a database of schema version 1 is migrated with its data, pending interrupts and their values included", async () => {
  const file = dir.file("v1.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const graph = chatGraph(saver);
  for (const text of ["one", "two", "three"]) await graph.invoke({ messages: [new HumanMessage(text)] }, threadConfig("old"));
  await askGraph(saver).invoke({ log: [] }, threadConfig("asking"));
  saver.close();
  // Back to the version 1 layout: channel values keyed by channel before version, and index rows
  // that carry their interrupt's value.
  const raw = new Database(file);
  raw.exec(`
    CREATE TABLE channel_values_v1 (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL, channel TEXT NOT NULL, version TEXT NOT NULL,
      type TEXT NOT NULL, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, channel, version)) WITHOUT ROWID;
    INSERT INTO channel_values_v1 SELECT thread_id, checkpoint_ns, channel, version, type, value FROM channel_values;
    DROP TABLE channel_values;
    ALTER TABLE channel_values_v1 RENAME TO channel_values;
    ALTER TABLE pending_interrupts ADD COLUMN value_type TEXT;
    ALTER TABLE pending_interrupts ADD COLUMN value BLOB;
    UPDATE pending_interrupts SET value_type = 'json', value = CAST('"Ship it?"' AS BLOB);
    DROP TABLE early_writes;
    DROP TRIGGER pending_interrupts_added; DROP TRIGGER pending_interrupts_changed; DROP TRIGGER pending_interrupts_removed; DROP TABLE index_watch;
    PRAGMA user_version = 1;`);
  raw.close();

  const migrated = SqliteCheckpointer.open(file);
  expect(contents((await chatGraph(migrated).getState(threadConfig("old"))).values.messages)).toEqual(["one", "reply 1", "two", "reply 3", "three", "reply 5"]);
  expect((await migrated.pendingInterrupts()).items.map((item) => [item.threadId, item.value])).toEqual([["asking", "Ship it?"]]);
  migrated.close();
  const check = new Database(file, { readonly: true });
  expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  expect(check.prepare("SELECT sql FROM sqlite_schema WHERE name = 'channel_values'").pluck().get()).toMatch(/PRIMARY KEY \(thread_id, checkpoint_ns, version, channel\)/);
  expect(check.prepare("SELECT name FROM pragma_table_info('pending_interrupts') WHERE name LIKE 'value%'").all()).toEqual([]);
  check.close();
});

test("a database of schema version 3 gains the early-writes table and keeps its data", async () => {
  const file = dir.file("v3.sqlite");
  const saver = SqliteCheckpointer.open(file);
  await askGraph(saver).invoke({ log: [] }, threadConfig("asking"));
  await chatGraph(saver).invoke({ messages: [new HumanMessage("hi")] }, threadConfig("chat"));
  saver.close();
  const raw = new Database(file);
  raw.exec("DROP TABLE early_writes; DROP TRIGGER pending_interrupts_added; DROP TRIGGER pending_interrupts_changed; DROP TRIGGER pending_interrupts_removed; DROP TABLE index_watch; PRAGMA user_version = 3;");
  raw.close();

  const migrated = SqliteCheckpointer.open(file);
  expect((await migrated.pendingInterrupts()).items.map((item) => [item.threadId, item.value])).toEqual([["asking", "Ship it?"]]);
  expect(contents((await chatGraph(migrated).getState(threadConfig("chat"))).values.messages)).toEqual(["hi", "reply 1"]);
  // A run on the migrated file keeps the index right, writes that come before their checkpoint included.
  await askGraph(migrated).invoke({ log: [] }, threadConfig("after"));
  expect(migrated.countPendingInterrupts()).toBe(2);
  const { indexed, rebuilt } = await indexedAndRebuilt(migrated);
  expect(indexed).toEqual(rebuilt);
  migrated.close();
  const check = new Database(file, { readonly: true });
  expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  check.close();
});

test("a database of schema version 4 gains the index's watch: any change to the index after a watch starts ends it, whoever writes", async () => {
  const file = dir.file("v4.sqlite");
  const saver = SqliteCheckpointer.open(file);
  await askGraph(saver).invoke({ log: [] }, threadConfig("asking"));
  saver.close();
  const raw = new Database(file);
  raw.exec("DROP TRIGGER pending_interrupts_added; DROP TRIGGER pending_interrupts_changed; DROP TRIGGER pending_interrupts_removed; DROP TABLE index_watch; PRAGMA user_version = 4;");
  raw.close();

  const migrated = CheckpointStore.open(file);
  // Nobody watched the index yet: it counts as changed.
  expect(migrated.indexUnchangedSince(0)).toBe(false);
  const first = migrated.watchIndex()!;
  // Reads do not end a watch.
  await (await migrated.saver()).getTuple(threadConfig("asking"));
  await migrated.pendingInterrupts();
  expect(migrated.indexUnchangedSince(first)).toBe(true);
  // A new interrupt does.
  await askGraph(await migrated.saver()).invoke({ log: [] }, threadConfig("after"));
  expect(migrated.indexUnchangedSince(first)).toBe(false);
  // So does its answer; and a later watch replaces an earlier one.
  const second = migrated.watchIndex()!;
  expect(second).toBeGreaterThan(first);
  expect(migrated.indexUnchangedSince(first)).toBe(false);
  await askGraph(await migrated.saver()).invoke(new Command({ resume: "yes" }), threadConfig("after"));
  expect(migrated.indexUnchangedSince(second)).toBe(false);
  // Another connection's change (a row deleted by hand) as well.
  const third = migrated.watchIndex()!;
  const other = new Database(file);
  other.exec("DELETE FROM pending_interrupts WHERE thread_id = 'asking'");
  expect(migrated.indexUnchangedSince(third)).toBe(false);
  // A watch asked for on condition that no other connection wrote since a data_version is refused when one did.
  const seen = migrated.changeStamp().others;
  other.exec("CREATE TABLE other_program (x)");
  other.close();
  expect(migrated.watchIndex(seen)).toBeNull();
  expect(migrated.watchIndex(migrated.changeStamp().others)).toBeGreaterThan(third);
  migrated.close();
});

test("every put and putWrites, input checkpoints included, is visible to another connection as soon as it settles", async () => {
  const file = dir.file("visible.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const other = new Database(file, { readonly: true });
  const checkpointSource = other.prepare("SELECT json_extract(metadata, '$.source') FROM checkpoints WHERE checkpoint_id = ?").pluck();
  const writeCount = other.prepare("SELECT count(*) FROM writes WHERE checkpoint_id = ? AND task_id = ?").pluck();
  const seen: string[] = [];
  const put = saver.put.bind(saver);
  saver.put = async (config, checkpoint, metadata, newVersions) => {
    const out = await put(config, checkpoint, metadata, newVersions);
    seen.push(`put ${metadata.source}: ${(checkpointSource.get(checkpoint.id) as string | undefined) ?? "not visible"}`);
    return out;
  };
  const putWrites = saver.putWrites.bind(saver);
  saver.putWrites = async (config, writes, taskId, taskPath) => {
    await putWrites(config, writes, taskId, taskPath);
    const count = writeCount.get(config.configurable!.checkpoint_id, taskId) as number;
    seen.push(`writes ${writes.map(([channel]) => channel).join(",")}: ${count > 0 ? "visible" : "not visible"}`);
  };
  const graph = askGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("seen"));
  const [item] = (await saver.pendingInterrupts()).items;
  await graph.invoke(new Command({ resume: { [item!.interruptId!]: "yes" } }), threadConfig("seen"));
  other.close();
  saver.close();
  expect(seen).toContain("put input: input");
  expect(seen).toContain("writes __interrupt__: visible");
  expect(seen.filter((line) => line.endsWith("not visible"))).toEqual([]);
});

test("a run's writes commit as soon as the run waits on them, before the event loop turns", async () => {
  const file = dir.file("no-turn.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const graph = askGraph(saver);
  await graph.invoke({ log: [] }, threadConfig("warm"));
  let turned = false;
  setImmediate(() => (turned = true));
  await graph.invoke({ log: [] }, threadConfig("quick"));
  expect(turned).toBe(false);
  const raw = new Database(file, { readonly: true });
  expect(raw.prepare("SELECT count(*) FROM pending_interrupts WHERE thread_id = 'quick'").pluck().get()).toBe(1);
  raw.close();
  saver.close();
});

test("an input checkpoint that cannot be stored fails its run, leaves nothing of it, and fails nothing after", async () => {
  const file = dir.file("input-fails.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const graph = askGraph(saver);
  const raw = new Database(file);
  raw.exec(`CREATE TRIGGER no_input BEFORE INSERT ON checkpoints WHEN json_extract(NEW.metadata, '$.source') = 'input'
    BEGIN SELECT RAISE(ABORT, 'no room for input'); END`);
  await expect(graph.invoke({ log: [] }, threadConfig("lost"))).rejects.toThrow("no room for input");
  expect(raw.prepare("SELECT count(*) FROM checkpoints WHERE thread_id = 'lost'").pluck().get()).toBe(0);
  expect((await saver.pendingInterrupts()).items).toEqual([]);
  const input = { ...emptyCheckpoint(), id: uuid6(-1) };
  await expect(saver.put({ configurable: { thread_id: "alone", checkpoint_ns: "" } }, input, { source: "input", step: -1, parents: {} }, {})).rejects.toThrow("no room for input");
  raw.exec("DROP TRIGGER no_input");
  raw.close();
  await graph.invoke({ log: [] }, threadConfig("fine"));
  expect((await saver.pendingInterrupts({ threadId: "fine" })).items).toHaveLength(1);
  saver.close();
});

test("a write that fails, fails alone: the writes issued with it are stored", async () => {
  const file = dir.file("write-fails.sqlite");
  const saver = SqliteCheckpointer.open(file);
  const [id] = await putChain(saver, "t", 1, () => ({}));
  const raw = new Database(file);
  raw.exec(`CREATE TRIGGER no_boom BEFORE INSERT ON writes WHEN NEW.channel = 'boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END`);
  const config = { configurable: { thread_id: "t", checkpoint_ns: "", checkpoint_id: id } };
  const before = saver.changeStamp().own;
  // Issued together, as LangGraph issues a step's writes.
  const results = await Promise.allSettled([
    saver.putWrites(config, [["a", 1]], "task-a"),
    saver.putWrites(config, [["boom", 2]], "task-b"),
    saver.putWrites(config, [["c", 3]], "task-c"),
  ]);
  expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toContain("boom refused");
  expect(saver.changeStamp().own - before).toBe(2);
  expect(raw.prepare("SELECT channel FROM writes WHERE thread_id = 't' ORDER BY channel").pluck().all()).toEqual(["a", "c"]);
  raw.close();
  expect((await saver.getTuple(config))!.pendingWrites!.map(([task, channel, value]) => [task, channel, value])).toEqual([["task-a", "a", 1], ["task-c", "c", 3]]);
  saver.close();
});
