import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { ChannelVersions, SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { sameData, snapshotData } from "./same-data.js";

/**
 * Channel values are stored once per (channel, version) instead of in every checkpoint.
 * Array values (message lists above all) are split into elements stored once per thread
 * by content hash. A list that keeps a prefix of its previous version is stored as that
 * version plus the hashes of what follows, so a conversation that grows by one message
 * stores one message and one reference, not the whole list again.
 */

const EMPTY = "!empty";
/** value: the hashes of every element. */
const CHUNKS = "!chunks";
/** `!extends:<kept>:<version>`: the first <kept> elements of the channel's list at <version>, then the hashes in value. */
const EXTENDS = "!extends:";
/** Longest chain of `!extends` rows a read follows; the next version is stored in full. */
const MAX_CHAIN = 16;
const HASH_BYTES = 16;

export interface EncodedChunk {
  type: string;
  value: Buffer;
}

export interface EncodedChannelValue {
  channel: string;
  version: string;
  type: string;
  value: Buffer | null;
  chunks: EncodedChunk[];
}

export function toBuffer(bytes: Uint8Array | string): Buffer {
  if (typeof bytes === "string") return Buffer.from(bytes, "utf8");
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && value.length >= 2;
}

/**
 * Lists remembered with their snapshots: a snapshot costs about what its list does in memory, so
 * fewer than the hash lists below; enough for the threads a host runs at one time.
 */
const WRITTEN_LIMIT = 64;

/**
 * The last list written per (thread, namespace, channel): a snapshot of each element as it was
 * serialized, and its bytes. Most elements of the next version are the same (within a run, the
 * very objects; in a new run, the state read back as equal new objects), and comparing an element
 * with its snapshot costs far less than serializing it again. A snapshot, not the object: nodes
 * may change state they were given in place (LangChain's human-in-the-loop middleware rewrites an
 * AI message's tool calls), and such an element must be serialized again.
 */
export class ElementMemory {
  private readonly lastLists = new Map<string, { snapshots: unknown[]; chunks: EncodedChunk[] }>();

  async encodeList(serde: SerializerProtocol, key: string, list: readonly unknown[]): Promise<EncodedChunk[]> {
    const last = this.lastLists.get(key);
    const snapshots: unknown[] = [];
    const chunks = await Promise.all(
      list.map(async (element, i): Promise<EncodedChunk> => {
        if (last && i < last.snapshots.length && sameData(last.snapshots[i], element)) {
          snapshots[i] = last.snapshots[i];
          return last.chunks[i]!;
        }
        snapshots[i] = snapshotData(element);
        return encodeElement(serde, element);
      }),
    );
    this.lastLists.delete(key);
    this.lastLists.set(key, { snapshots, chunks });
    if (this.lastLists.size > WRITTEN_LIMIT) this.lastLists.delete(this.lastLists.keys().next().value!);
    return chunks;
  }
}

async function encodeElement(serde: SerializerProtocol, element: unknown): Promise<EncodedChunk> {
  const [type, bytes] = await serde.dumpsTyped(element);
  return { type, value: toBuffer(bytes) };
}

/** Every value is read now (serializers read theirs when called); the promise settles once all are encoded. */
export function encodeChannelValues(
  serde: SerializerProtocol,
  threadId: string,
  ns: string,
  values: Record<string, unknown>,
  newVersions: ChannelVersions,
  memory: ElementMemory,
): Promise<EncodedChannelValue[]> {
  return Promise.all(
    Object.entries(newVersions).map(([channel, raw]): EncodedChannelValue | Promise<EncodedChannelValue> => {
      const version = String(raw);
      if (!(channel in values)) return { channel, version, type: EMPTY, value: null, chunks: [] };
      const value = values[channel];
      if (!isPlainArray(value)) {
        return serde.dumpsTyped(value).then(([type, bytes]) => ({ channel, version, type, value: toBuffer(bytes), chunks: [] }));
      }
      // The list of hashes is filled in by ChannelValueStore.write, which knows the previous version.
      return memory.encodeList(serde, recentKey(threadId, ns, channel), value).then((chunks) => ({ channel, version, type: CHUNKS, value: null, chunks }));
    }),
  );
}

/** The last array stored or read per (thread, namespace, channel): most elements of the next version are the same. */
interface RecentArray {
  version: string;
  chunks: EncodedChunk[];
  hashes: Buffer[];
  /** `!extends` rows a read of this version follows. */
  depth: number;
}

interface ValueRow {
  channel: string;
  type: string;
  value: Buffer | null;
}

const RECENT_LIMIT = 512;

function chunkHash(chunk: EncodedChunk): Buffer {
  return createHash("sha256").update(chunk.type).update("\0").update(chunk.value).digest().subarray(0, HASH_BYTES);
}

/** Prepared statements for one connection; every method is synchronous so it can run inside a transaction. */
export class ChannelValueStore {
  private readonly insertValue: Database.Statement;
  private readonly insertChunk: Database.Statement;
  private readonly selectValue: Database.Statement;
  private readonly selectChunk: Database.Statement;
  private readonly selectMany: Database.Statement;
  private readonly recent = new Map<string, RecentArray>();
  readonly elements = new ElementMemory();

  constructor(db: Database.Database) {
    this.insertValue = db.prepare(
      "INSERT OR REPLACE INTO channel_values (thread_id, checkpoint_ns, channel, version, type, value) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.insertChunk = db.prepare("INSERT OR IGNORE INTO value_chunks (thread_id, hash, type, value) VALUES (?, ?, ?, ?)");
    this.selectValue = db.prepare(
      "SELECT type, value FROM channel_values WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ? AND version = ?",
    );
    this.selectChunk = db.prepare("SELECT type, value FROM value_chunks WHERE thread_id = ? AND hash = ?");
    // Every channel of a checkpoint in one statement: {channel: version} arrives as a JSON object.
    this.selectMany = db.prepare(`SELECT v.channel, v.type, v.value FROM json_each(?) AS j
      JOIN channel_values AS v ON v.thread_id = ? AND v.checkpoint_ns = ? AND v.channel = j.key AND v.version = j.value`);
  }

  write(threadId: string, ns: string, encoded: EncodedChannelValue[]): void {
    for (const entry of encoded) {
      const { type, value } = entry.type === CHUNKS ? this.writeChunks(threadId, ns, entry) : entry;
      this.insertValue.run(threadId, ns, entry.channel, entry.version, type, value);
    }
  }

  /** Forgets what this connection remembers of a thread (its rows are being deleted). */
  forget(threadId: string): void {
    for (const key of this.recent.keys()) if (key.startsWith(`${threadId}\0`)) this.recent.delete(key);
  }

  /**
   * Stores the elements the previous version of the channel did not have and returns the row:
   * the previous version plus what follows the prefix they share, or every hash. An element whose
   * bytes equal the previous version's at the same position reuses its hash; the previous
   * version's elements are known to be stored while its row exists (checked here).
   */
  private writeChunks(threadId: string, ns: string, entry: EncodedChannelValue): { type: string; value: Buffer } {
    const key = recentKey(threadId, ns, entry.channel);
    const recent = this.recent.get(key);
    const previous = recent && this.selectValue.get(threadId, ns, entry.channel, recent.version) !== undefined ? recent : undefined;
    const known = new Set(previous?.hashes.map((hash) => hash.toString("latin1")));
    let kept = 0;
    const hashes = entry.chunks.map((chunk, i) => {
      const before = previous?.chunks[i];
      const same = before !== undefined && (before === chunk || (before.type === chunk.type && before.value.equals(chunk.value)));
      if (same && kept === i) kept++;
      const hash = same ? previous!.hashes[i]! : chunkHash(chunk);
      const id = hash.toString("latin1");
      if (!known.has(id)) {
        this.insertChunk.run(threadId, hash, chunk.type, chunk.value);
        known.add(id);
      }
      return hash;
    });
    const extend = previous !== undefined && kept > 0 && previous.depth < MAX_CHAIN;
    this.remember(key, { version: entry.version, chunks: entry.chunks, hashes, depth: extend ? previous.depth + 1 : 0 });
    return extend
      ? { type: `${EXTENDS}${kept}:${previous.version}`, value: Buffer.concat(hashes.slice(kept)) }
      : { type: CHUNKS, value: Buffer.concat(hashes) };
  }

  private remember(key: string, array: RecentArray): void {
    this.recent.delete(key);
    this.recent.set(key, array);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
  }

  private rowsAt(threadId: string, ns: string, versions: ChannelVersions): Array<ValueRow & { value: Buffer }> {
    const wanted = JSON.stringify(Object.fromEntries(Object.entries(versions).map(([channel, version]) => [channel, String(version)])));
    return (this.selectMany.all(wanted, threadId, ns) as ValueRow[]).filter(
      (row): row is ValueRow & { value: Buffer } => row.type !== EMPTY && row.value !== null,
    );
  }

  /** Names of the channels that hold a value at the given versions, without deserializing anything. */
  presentChannels(threadId: string, ns: string, versions: ChannelVersions): string[] {
    return this.rowsAt(threadId, ns, versions).map((row) => row.channel);
  }

  async read(serde: SerializerProtocol, threadId: string, ns: string, versions: ChannelVersions): Promise<Record<string, unknown>> {
    const rows = this.rowsAt(threadId, ns, versions);
    const loaded = await Promise.all(
      rows.map((row) => (isList(row.type) ? this.readList(serde, threadId, ns, row, String(versions[row.channel])) : serde.loadsTyped(row.type, row.value))),
    );
    return Object.fromEntries(rows.map((row, i) => [row.channel, loaded[i]]));
  }

  /** A list's elements; their hashes are remembered, so the next step stores only what changes. */
  private async readList(serde: SerializerProtocol, threadId: string, ns: string, row: ValueRow & { value: Buffer }, version: string): Promise<unknown[]> {
    const { hashes, depth } = this.hashList(threadId, ns, row);
    const chunks = hashes.map((hash) => {
      const chunk = this.selectChunk.get(threadId, hash) as EncodedChunk | undefined;
      if (chunk === undefined) throw new Error(`Checkpoint database is missing a stored value element of thread ${threadId}`);
      return chunk;
    });
    const elements = await Promise.all(chunks.map((chunk) => serde.loadsTyped(chunk.type, chunk.value)));
    const key = recentKey(threadId, ns, row.channel);
    if (!this.recent.has(key)) this.remember(key, { version, chunks, hashes, depth });
    return elements;
  }

  /** The hashes of a list row's elements, following `!extends` rows back to a full one. */
  private hashList(threadId: string, ns: string, row: ValueRow & { value: Buffer }): { hashes: Buffer[]; depth: number } {
    // Each `!extends` row is its base's first <kept> hashes followed by its own.
    const chain: Array<{ kept: number; own: Buffer }> = [];
    let current = row;
    while (current.type.startsWith(EXTENDS)) {
      if (chain.length >= MAX_CHAIN) throw new Error(`Checkpoint database has a broken list in channel ${row.channel} of thread ${threadId}`);
      const [keptText, ...versionParts] = current.type.slice(EXTENDS.length).split(":");
      const baseVersion = versionParts.join(":");
      chain.push({ kept: Number(keptText), own: current.value });
      const base = this.selectValue.get(threadId, ns, row.channel, baseVersion) as ValueRow | undefined;
      if (base?.value == null || !isList(base.type)) {
        throw new Error(`Checkpoint database is missing version ${baseVersion} of channel ${row.channel} of thread ${threadId}`);
      }
      current = { channel: row.channel, type: base.type, value: base.value };
    }
    let all = current.value;
    for (let i = chain.length - 1; i >= 0; i--) all = Buffer.concat([all.subarray(0, chain[i]!.kept * HASH_BYTES), chain[i]!.own]);
    const hashes: Buffer[] = [];
    for (let offset = 0; offset < all.length; offset += HASH_BYTES) hashes.push(all.subarray(offset, offset + HASH_BYTES));
    return { hashes, depth: chain.length };
  }
}

function isList(type: string): boolean {
  return type === CHUNKS || type.startsWith(EXTENDS);
}

function recentKey(threadId: string, ns: string, channel: string): string {
  return `${threadId}\0${ns}\0${channel}`;
}
