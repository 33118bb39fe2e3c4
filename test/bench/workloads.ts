// The side-by-side workloads of the default mode. Each opens a fresh FILE database per saver in the temp dir.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import type { BaseCheckpointSaver, ChannelVersions, Checkpoint, CheckpointMetadata, SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { MemorySaver, copyCheckpoint } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Command } from "@langchain/langgraph";
import { approvalDecision, approvalGraph, approvalInput, runConversation, type ApprovalGraph } from "./graphs.ts";
import { closeOfficial, openOfficial, openOurs, type InboxCheckpointer, type PendingInterrupt } from "./savers.ts";
import { cpuNow, dbFileBytes, drainEventLoop, median, now, progress, timed } from "./util.ts";

export const PAGE = 50;

// ───────────────────────── discovery: the two ways to find pending interrupts ─────────────────────────

export function newestFirst(a: PendingInterrupt, b: PendingInterrupt): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.threadId !== b.threadId) return a.threadId < b.threadId ? 1 : -1;
  return 0;
}

/**
 * The only way the official API offers: collect thread ids with `list({})`, then `getState` per thread,
 * flatten `tasks[].interrupts`, sort newest first. Returns every pending interrupt; callers slice the page.
 */
export async function officialScan(graph: ApprovalGraph, saver: BaseCheckpointSaver): Promise<{ all: PendingInterrupt[]; threads: number }> {
  const threadIds = new Set<string>();
  for await (const tuple of saver.list({})) {
    const id: unknown = tuple.config.configurable?.thread_id;
    if (typeof id === "string") threadIds.add(id);
  }
  const all: PendingInterrupt[] = [];
  for (const threadId of threadIds) {
    const state = await graph.getState({ configurable: { thread_id: threadId } });
    for (const task of state.tasks) {
      for (const intr of task.interrupts) {
        all.push({
          threadId,
          checkpointId: String(state.config.configurable?.checkpoint_id ?? ""),
          taskId: task.id,
          interruptId: intr.id ?? null,
          value: intr.value,
          createdAt: state.createdAt ?? "",
          nodes: [task.name],
        });
      }
    }
  }
  all.sort(newestFirst);
  return { all, threads: threadIds.size };
}

export async function officialFirstPage(graph: ApprovalGraph, saver: BaseCheckpointSaver): Promise<PendingInterrupt[]> {
  return (await officialScan(graph, saver)).all.slice(0, PAGE);
}

/** Every pending interrupt from ours, walking the cursor. */
export async function allPendingOurs(saver: InboxCheckpointer, pageSize = 500): Promise<{ all: PendingInterrupt[]; pages: number }> {
  const all: PendingInterrupt[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await saver.pendingInterrupts(cursor === undefined ? { limit: pageSize } : { limit: pageSize, cursor });
    all.push(...page.items);
    pages++;
    if (page.nextCursor === null) break;
    if (pages > 1_000_000) throw new Error("pendingInterrupts cursor does not terminate");
    cursor = page.nextCursor;
  }
  return { all, pages };
}

/** Median ms of `pendingInterrupts({limit: 50})` after a few warm-up calls. */
export async function oursQueryMedian(saver: InboxCheckpointer, reps = 31): Promise<{ ms: number; samples: number[]; items: number }> {
  let items = 0;
  for (let i = 0; i < 5; i++) items = (await saver.pendingInterrupts({ limit: PAGE })).items.length;
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    await saver.pendingInterrupts({ limit: PAGE });
    samples.push(now() - t0);
  }
  return { ms: median(samples), samples, items };
}

export async function officialScanMedian(graph: ApprovalGraph, saver: BaseCheckpointSaver, reps: number): Promise<{ ms: number; samples: number[]; items: number }> {
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < reps; i++) {
    const { ms, value } = await timed(() => officialFirstPage(graph, saver));
    samples.push(ms);
    items = value.length;
  }
  return { ms: median(samples), samples, items };
}

/**
 * Compares ours' answer with the official-API scan run over OUR saver: the same pending set, no duplicates
 * across cursor pages, and (when `ordered`, i.e. no cloned rows whose timestamps are copies) newest first.
 * Ours' createdAt is when the interrupt was indexed, getState's is the checkpoint's ts (a ms or so earlier),
 * so "newest" is checked by thread: ours' first item must be on a thread whose checkpoint is the newest.
 */
export async function checkOursAgainstScan(
  ours: InboxCheckpointer,
  oursGraph: ApprovalGraph,
  expectedPending: number,
  ordered: boolean,
): Promise<{ ok: boolean; oursPending: number; scanPending: number; pages: number; problems: string[] }> {
  const problems: string[] = [];
  const { all, pages } = await allPendingOurs(ours);
  const scan = await officialScan(oursGraph, ours);
  const key = (p: PendingInterrupt): string => `${p.threadId}|${p.interruptId ?? ""}`;
  const oursKeys = new Set(all.map(key));
  const scanKeys = new Set(scan.all.map(key));
  if (all.length !== oursKeys.size) problems.push(`pendingInterrupts returned duplicates across pages (${all.length} items, ${oursKeys.size} distinct)`);
  if (oursKeys.size !== expectedPending) problems.push(`pendingInterrupts found ${oursKeys.size} pending, expected ${expectedPending}`);
  if (scanKeys.size !== expectedPending) problems.push(`official-API scan over our saver found ${scanKeys.size} pending, expected ${expectedPending}`);
  const missing = [...scanKeys].filter((k) => !oursKeys.has(k));
  const extra = [...oursKeys].filter((k) => !scanKeys.has(k));
  if (missing.length > 0) problems.push(`${missing.length} pending interrupts seen by getState are missing from pendingInterrupts (e.g. ${missing[0]})`);
  if (extra.length > 0) problems.push(`${extra.length} items from pendingInterrupts are not pending per getState (e.g. ${extra[0]})`);
  const firstPage = await ours.pendingInterrupts({ limit: PAGE });
  if (firstPage.items.length !== Math.min(PAGE, expectedPending)) problems.push(`first page has ${firstPage.items.length} items, expected ${Math.min(PAGE, expectedPending)}`);
  if (ordered) {
    for (let i = 1; i < all.length; i++) {
      if ((all[i - 1] as PendingInterrupt).createdAt < (all[i] as PendingInterrupt).createdAt) {
        problems.push(`pendingInterrupts is not newest first at index ${i}`);
        break;
      }
    }
    const scanTs = new Map(scan.all.map((p) => [p.threadId, p.createdAt]));
    const first = firstPage.items[0];
    const newest = scan.all[0]?.createdAt;
    if (first && newest !== undefined && scanTs.get(first.threadId) !== newest) {
      problems.push(`first item is thread ${first.threadId} (checkpoint ${scanTs.get(first.threadId)}), but the newest pending checkpoint per getState is ${newest} (${scan.all[0]?.threadId})`);
    }
  }
  return { ok: problems.length === 0, oursPending: oursKeys.size, scanPending: scanKeys.size, pages, problems };
}

// ───────────────────────── create / inbox / resume on N approval threads ─────────────────────────

const CHUNK = 50;

/**
 * Runs `fns[side](i)` for i in [0, n) in chunks of 50, each side in turn, the order rotating per chunk so drift
 * and noise hit every saver alike. Returns wall ms and process CPU ms per side, each including the event-loop
 * work its chunks left behind.
 */
async function alternate(n: number, fns: ReadonlyArray<(i: number) => Promise<void>>): Promise<{ wall: number[]; cpu: number[] }> {
  const wall = fns.map(() => 0);
  const cpu = fns.map(() => 0);
  for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
    const end = Math.min(n, start + CHUNK);
    for (let k = 0; k < fns.length; k++) {
      const side = (chunk + k) % fns.length;
      const fn = fns[side]!;
      await drainEventLoop(); // leftovers of untimed setup are nobody's
      const t0 = now();
      const c0 = cpuNow();
      for (let i = start; i < end; i++) await fn(i);
      await drainEventLoop();
      wall[side]! += now() - t0;
      cpu[side]! += cpuNow() - c0;
    }
  }
  return { wall, cpu };
}

export interface ApprovalResult {
  create_ms: number;
  official_create_ms: number;
  inbox_query_ms: number;
  official_scan_ms: number;
  resume_ms: number;
  official_resume_ms: number;
  /** The same graph on LangGraph's in-memory MemorySaver: the floor under both savers. */
  memory_create_ms: number;
  memory_resume_ms: number;
  approval_db_bytes: number;
  official_approval_db_bytes: number;
  cpu_ms: { create: number; official_create: number; resume: number; official_resume: number };
  inbox_samples_ms: number[];
  official_scan_samples_ms: number[];
  checks: { inbox: Awaited<ReturnType<typeof checkOursAgainstScan>>; resumed_ours: number; resumed_official: number; pending_after_resume_ours: number; official_pending_before_resume: number };
}

export const threadId = (i: number): string => `thread-${String(i).padStart(6, "0")}`;

export async function approvalSuite(n: number, path: (name: string) => string): Promise<ApprovalResult> {
  const oursPath = path("ours-approval.sqlite");
  const officialPath = path("official-approval.sqlite");
  const ours = openOurs(oursPath);
  const official = openOfficial(officialPath);
  const memory = new MemorySaver();
  let result: Omit<ApprovalResult, "approval_db_bytes" | "official_approval_db_bytes">;
  try {
    const oursGraph = approvalGraph(ours);
    const officialGraph = approvalGraph(official);
    const memoryGraph = approvalGraph(memory);
    const cfg = (i: number) => ({ configurable: { thread_id: threadId(i) } });

    progress(`create: ${n} threads per saver up to their interrupt (alternating chunks of ${CHUNK})`);
    const create = await alternate(n, [
      async (i) => void (await oursGraph.invoke(approvalInput(i), cfg(i))),
      async (i) => void (await officialGraph.invoke(approvalInput(i), cfg(i))),
      async (i) => void (await memoryGraph.invoke(approvalInput(i), cfg(i))),
    ]);

    progress("inbox: first page of 50 pending interrupts");
    const oursQ = await oursQueryMedian(ours);
    const scanReps = n <= 2_000 ? 5 : n <= 20_000 ? 3 : 1;
    const officialQ = await officialScanMedian(officialGraph, official, scanReps);

    progress("inbox: checking ours against the official-API scan over our saver (not timed)");
    const inboxCheck = await checkOursAgainstScan(ours, oursGraph, n, true);
    // Interrupt ids for the resume phase, gathered outside the timed section for both sides.
    const oursIds = new Map((await allPendingOurs(ours)).all.map((p) => [p.threadId, p.interruptId]));
    const officialAll = (await officialScan(officialGraph, official)).all;
    const officialIds = new Map(officialAll.map((p) => [p.threadId, p.interruptId]));
    const memoryIds = new Map((await officialScan(memoryGraph, memory)).all.map((p) => [p.threadId, p.interruptId]));

    progress(`resume: ${n} threads per saver with Command({ resume: { [interruptId]: value } })`);
    let resumedOurs = 0;
    let resumedOfficial = 0;
    const resume = async (graph: ApprovalGraph, ids: Map<string, string | null>, i: number): Promise<boolean> => {
      const id = ids.get(threadId(i));
      if (!id) throw new Error(`no pending interrupt id for ${threadId(i)}`);
      const out = await graph.invoke(new Command({ resume: { [id]: approvalDecision(i) } }), cfg(i));
      return out.decision !== undefined;
    };
    const resumeRun = await alternate(n, [
      async (i) => void ((await resume(oursGraph, oursIds, i)) && resumedOurs++),
      async (i) => void ((await resume(officialGraph, officialIds, i)) && resumedOfficial++),
      async (i) => void (await resume(memoryGraph, memoryIds, i)),
    ]);
    const pendingAfter = (await ours.pendingInterrupts({ limit: PAGE })).items.length;

    result = {
      create_ms: create.wall[0]!,
      official_create_ms: create.wall[1]!,
      inbox_query_ms: oursQ.ms,
      official_scan_ms: officialQ.ms,
      resume_ms: resumeRun.wall[0]!,
      official_resume_ms: resumeRun.wall[1]!,
      memory_create_ms: create.wall[2]!,
      memory_resume_ms: resumeRun.wall[2]!,
      cpu_ms: { create: create.cpu[0]!, official_create: create.cpu[1]!, resume: resumeRun.cpu[0]!, official_resume: resumeRun.cpu[1]! },
      inbox_samples_ms: oursQ.samples,
      official_scan_samples_ms: officialQ.samples,
      checks: { inbox: inboxCheck, resumed_ours: resumedOurs, resumed_official: resumedOfficial, pending_after_resume_ours: pendingAfter, official_pending_before_resume: officialAll.length },
    };
  } finally {
    ours.close();
    closeOfficial(official);
  }
  // Informational: the N approval threads, all resumed, on disk after close (not a target).
  return { ...result, approval_db_bytes: dbFileBytes(oursPath).bytes, official_approval_db_bytes: dbFileBytes(officialPath).bytes };
}

// ───────────────────────── bytes on disk after a 50-turn conversation ─────────────────────────

export interface BytesResult {
  turns: number;
  messages: number;
  db_bytes_50_turns: number;
  official_db_bytes_50_turns: number;
  detail: { ours: ReturnType<typeof dbFileBytes>; official: ReturnType<typeof dbFileBytes> };
}

export async function bytesSuite(turns: number, path: (name: string) => string): Promise<BytesResult> {
  progress(`bytes: ${turns}-turn conversation on one thread per saver`);
  const oursPath = path("ours-chat.sqlite");
  const officialPath = path("official-chat.sqlite");
  const ours = openOurs(oursPath);
  let messages: number;
  try {
    messages = await runConversation(ours, "chat", turns);
  } finally {
    ours.close(); // closing the last connection checkpoints the WAL into the main file
  }
  const official = openOfficial(officialPath);
  try {
    await runConversation(official, "chat", turns);
  } finally {
    closeOfficial(official);
  }
  const o = dbFileBytes(oursPath);
  const f = dbFileBytes(officialPath);
  return { turns, messages, db_bytes_50_turns: o.bytes, official_db_bytes_50_turns: f.bytes, detail: { ours: o, official: f } };
}

// ───────────────────────── raw put() throughput ─────────────────────────

interface RecordedPut {
  config: RunnableConfig;
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  newVersions: ChannelVersions;
}

/**
 * MemorySaver that keeps every put() the graph makes, in order, as the graph hands it over: LangGraph passes a
 * shallow copy of its checkpoint, so consecutive checkpoints share their unchanged message objects. A saver
 * may rely on that (e.g. cache an element's encoding by identity), so the recording keeps it.
 */
class RecordingSaver extends MemorySaver {
  readonly puts: RecordedPut[] = [];

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions?: ChannelVersions): Promise<RunnableConfig> {
    const { thread_id, checkpoint_ns, checkpoint_id } = config.configurable ?? {};
    this.puts.push({
      config: { configurable: { thread_id, checkpoint_ns, checkpoint_id } },
      checkpoint: copyCheckpoint(checkpoint),
      metadata: structuredClone(metadata),
      newVersions: { ...(newVersions ?? {}) },
    });
    return super.put(config, checkpoint, metadata);
  }
}

/**
 * A fresh deep copy of a recording for one replay: every distinct object (message, array) is rebuilt once via
 * the serializer and reused wherever the recording reused it. So no replay shares objects with another one
 * (nothing cached by one replay can help the next), while sharing within a replay stays as the graph made it.
 */
async function freshCopy(puts: readonly RecordedPut[], serde: SerializerProtocol): Promise<RecordedPut[]> {
  const memo = new Map<unknown, unknown>();
  const clone = async (value: unknown): Promise<unknown> => {
    if (value === null || typeof value !== "object") return value;
    const hit = memo.get(value);
    if (hit !== undefined) return hit;
    let copy: unknown;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) out.push(await clone(element));
      copy = out;
    } else {
      const [type, bytes] = await serde.dumpsTyped(value);
      copy = await serde.loadsTyped(type, bytes);
    }
    memo.set(value, copy);
    return copy;
  };
  const out: RecordedPut[] = [];
  for (const p of puts) {
    const channelValues: Record<string, unknown> = {};
    for (const [channel, value] of Object.entries(p.checkpoint.channel_values)) channelValues[channel] = await clone(value);
    out.push({ config: p.config, checkpoint: { ...copyCheckpoint(p.checkpoint), channel_values: channelValues }, metadata: structuredClone(p.metadata), newVersions: p.newVersions });
  }
  return out;
}

/** Share of array elements in each recorded put that are the very objects of the previous put (shows the graph shares them). */
function sharedElementShare(puts: readonly RecordedPut[]): number {
  let shared = 0;
  let total = 0;
  const previous = new Set<unknown>();
  for (const p of puts) {
    const current = new Set<unknown>();
    for (const value of Object.values(p.checkpoint.channel_values)) {
      if (!Array.isArray(value)) continue;
      for (const element of value) {
        total++;
        if (previous.has(element)) shared++;
        current.add(element);
      }
    }
    previous.clear();
    for (const element of current) previous.add(element);
  }
  return total === 0 ? 0 : shared / total;
}

export interface PutResult {
  puts_per_replay: number;
  replays: number;
  put_per_s: number;
  official_put_per_s: number;
  put_ms: number;
  official_put_ms: number;
  shared_element_share: number;
  cpu_ms: number;
  official_cpu_ms: number;
}

export async function putSuite(turns: number, replays: number, path: (name: string) => string): Promise<PutResult> {
  progress(`put: recording the ${turns}-turn conversation's put() calls, replaying them ${replays}× into each saver`);
  const recorder = new RecordingSaver();
  await runConversation(recorder, "recorded", turns);
  const puts = recorder.puts;
  // Fresh objects for every (saver, replay), built before any timing.
  const copies = async (): Promise<RecordedPut[][]> => {
    const out: RecordedPut[][] = [];
    for (let r = 0; r <= replays; r++) out.push(await freshCopy(puts, recorder.serde));
    return out;
  };
  const forOurs = await copies();
  const forOfficial = await copies();
  const ours = openOurs(path("ours-put.sqlite"));
  const official = openOfficial(path("official-put.sqlite"));
  let oursCpu = 0;
  let officialCpu = 0;
  const replay = async (saver: BaseCheckpointSaver, recording: readonly RecordedPut[], thread: string): Promise<number> => {
    const t0 = now();
    const c0 = cpuNow();
    for (const p of recording) {
      await saver.put({ configurable: { ...p.config.configurable, thread_id: thread } }, p.checkpoint, p.metadata, p.newVersions);
    }
    await drainEventLoop();
    if (saver === ours) oursCpu += cpuNow() - c0;
    else officialCpu += cpuNow() - c0;
    return now() - t0;
  };
  try {
    // One warm-up replay each on a thread of its own, then alternate which saver goes first.
    await replay(ours, forOurs[replays]!, "warmup");
    await replay(official, forOfficial[replays]!, "warmup");
    oursCpu = 0;
    officialCpu = 0;
    let oursMs = 0;
    let officialMs = 0;
    for (let r = 0; r < replays; r++) {
      if (r % 2 === 0) {
        oursMs += await replay(ours, forOurs[r]!, `replay-${r}`);
        officialMs += await replay(official, forOfficial[r]!, `replay-${r}`);
      } else {
        officialMs += await replay(official, forOfficial[r]!, `replay-${r}`);
        oursMs += await replay(ours, forOurs[r]!, `replay-${r}`);
      }
    }
    const total = puts.length * replays;
    return {
      puts_per_replay: puts.length,
      replays,
      put_per_s: total / (oursMs / 1000),
      official_put_per_s: total / (officialMs / 1000),
      put_ms: oursMs,
      official_put_ms: officialMs,
      shared_element_share: sharedElementShare(puts),
      cpu_ms: oursCpu,
      official_cpu_ms: officialCpu,
    };
  } finally {
    ours.close();
    closeOfficial(official);
  }
}

/** The physical ceiling: one-row autocommits of ~300-byte rows, WAL + synchronous NORMAL, same disk. */
export function sqliteCommitSuite(path: (name: string) => string, rows = 20_000): { sqlite_commit_per_s: number; rows: number; row_bytes: number } {
  progress(`sqlite: ${rows} one-row commits (WAL, synchronous=NORMAL, 300-byte rows)`);
  const db = new Database(path("ceiling.sqlite"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v BLOB NOT NULL)");
    const insert = db.prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    const payload = randomBytes(300);
    for (let i = 0; i < 500; i++) insert.run(`warm-${i}`, payload);
    const t0 = now();
    for (let i = 0; i < rows; i++) insert.run(`row-${i}`, payload);
    const ms = now() - t0;
    return { sqlite_commit_per_s: rows / (ms / 1000), rows, row_bytes: 300 };
  } finally {
    db.close();
  }
}

/** Warms JIT and module caches on throwaway databases so the first measured saver is not penalized. */
export async function warmup(path: (name: string) => string): Promise<void> {
  progress("warm-up on throwaway databases");
  const ours = openOurs(path("warm-ours.sqlite"));
  const official = openOfficial(path("warm-official.sqlite"));
  try {
    for (const [saver, kind] of [
      [ours, "ours"],
      [official, "official"],
    ] as const) {
      const graph = approvalGraph(saver);
      for (let i = 0; i < 40; i++) {
        const cfg = { configurable: { thread_id: `warm-${kind}-${i}` } };
        const out = await graph.invoke(approvalInput(i), cfg);
        const id = (out as { __interrupt__?: { id?: string }[] }).__interrupt__?.[0]?.id;
        if (id && i % 2 === 0) await graph.invoke(new Command({ resume: { [id]: approvalDecision(i) } }), cfg);
      }
      await officialScan(graph, saver);
      await runConversation(saver, `warm-chat-${kind}`, 3);
    }
    await ours.pendingInterrupts({ limit: PAGE });
  } finally {
    ours.close();
    closeOfficial(official);
  }
}
