import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { ChannelVersions, SerializerProtocol } from "@langchain/langgraph-checkpoint";

/**
 * Channel values are stored once per (channel, version) instead of in every checkpoint.
 * Array values (message lists above all) are split into elements stored once per thread
 * by content hash, so a conversation that grows by one message stores one message, plus
 * a 16-byte reference per element, instead of the whole list again.
 */

const EMPTY = "!empty";
const CHUNKS = "!chunks";
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
 * Serialized array elements by identity. LangGraph reducers keep unchanged elements (messages) by
 * reference and never mutate them, so an element seen before is not serialized again. This is the
 * same "values are immutable once written" contract per-version storage already relies on: a value
 * mutated in place without a new channel version is not stored again either.
 */
export type ElementCache = WeakMap<object, EncodedChunk>;

export async function encodeChannelValues(
  serde: SerializerProtocol,
  values: Record<string, unknown>,
  newVersions: ChannelVersions,
  elements: ElementCache,
): Promise<EncodedChannelValue[]> {
  return Promise.all(
    Object.entries(newVersions).map(async ([channel, version]): Promise<EncodedChannelValue> => {
      const base = { channel, version: String(version) };
      if (!(channel in values)) return { ...base, type: EMPTY, value: null, chunks: [] };
      const value = values[channel];
      if (!isPlainArray(value)) {
        const [type, bytes] = await serde.dumpsTyped(value);
        return { ...base, type, value: toBuffer(bytes), chunks: [] };
      }
      const chunks = await Promise.all(
        value.map(async (element): Promise<EncodedChunk> => {
          const known = typeof element === "object" && element !== null ? elements.get(element) : undefined;
          if (known) return known;
          const [type, bytes] = await serde.dumpsTyped(element);
          const chunk = { type, value: toBuffer(bytes) };
          if (typeof element === "object" && element !== null) elements.set(element, chunk);
          return chunk;
        }),
      );
      // The list of hashes is filled in by ChannelValueStore.write, which knows the previous version.
      return { ...base, type: CHUNKS, value: null, chunks };
    }),
  );
}

/** The last array stored per (thread, namespace, channel): most elements of the next version are the same. */
interface RecentArray {
  version: string;
  chunks: EncodedChunk[];
  hashes: Buffer[];
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
      const value = entry.type === CHUNKS ? this.writeChunks(threadId, ns, entry) : entry.value;
      this.insertValue.run(threadId, ns, entry.channel, entry.version, entry.type, value);
    }
  }

  /** Forgets what this connection remembers of a thread (its rows are being deleted). */
  forget(threadId: string): void {
    for (const key of this.recent.keys()) if (key.startsWith(`${threadId}\0`)) this.recent.delete(key);
  }

  /**
   * Stores the elements the previous version of the channel did not have and returns the hash list.
   * An element whose bytes equal the previous version's at the same position reuses its hash; the
   * previous version's elements are known to be stored while its row exists (checked here).
   */
  private writeChunks(threadId: string, ns: string, entry: EncodedChannelValue): Buffer {
    const key = `${threadId}\0${ns}\0${entry.channel}`;
    const recent = this.recent.get(key);
    const previous = recent && this.selectValue.get(threadId, ns, entry.channel, recent.version) !== undefined ? recent : undefined;
    const known = new Set(previous?.hashes.map((hash) => hash.toString("latin1")));
    const hashes = entry.chunks.map((chunk, i) => {
      const before = previous?.chunks[i];
      const same = before !== undefined && (before === chunk || (before.type === chunk.type && before.value.equals(chunk.value)));
      const hash = same ? previous!.hashes[i]! : chunkHash(chunk);
      const id = hash.toString("latin1");
      if (!known.has(id)) {
        this.insertChunk.run(threadId, hash, chunk.type, chunk.value);
        known.add(id);
      }
      return hash;
    });
    this.recent.delete(key);
    this.recent.set(key, { version: entry.version, chunks: entry.chunks, hashes });
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
    return Buffer.concat(hashes);
  }

  private rowsAt(threadId: string, ns: string, versions: ChannelVersions): Array<{ channel: string; type: string; value: Buffer | null }> {
    const wanted = JSON.stringify(Object.fromEntries(Object.entries(versions).map(([channel, version]) => [channel, String(version)])));
    return (this.selectMany.all(wanted, threadId, ns) as Array<{ channel: string; type: string; value: Buffer | null }>).filter(
      (row) => row.type !== EMPTY && row.value !== null,
    );
  }

  /** Names of the channels that hold a value at the given versions, without deserializing anything. */
  presentChannels(threadId: string, ns: string, versions: ChannelVersions): string[] {
    return this.rowsAt(threadId, ns, versions).map((row) => row.channel);
  }

  async read(serde: SerializerProtocol, threadId: string, ns: string, versions: ChannelVersions): Promise<Record<string, unknown>> {
    const rows = this.rowsAt(threadId, ns, versions);
    const loaded = await Promise.all(
      rows.map((row) => (row.type === CHUNKS ? this.readChunks(serde, threadId, row.value!) : serde.loadsTyped(row.type, row.value!))),
    );
    return Object.fromEntries(rows.map((row, i) => [row.channel, loaded[i]]));
  }

  private async readChunks(serde: SerializerProtocol, threadId: string, hashes: Buffer): Promise<unknown[]> {
    const elements: Promise<unknown>[] = [];
    for (let offset = 0; offset < hashes.length; offset += HASH_BYTES) {
      const hash = hashes.subarray(offset, offset + HASH_BYTES);
      const chunk = this.selectChunk.get(threadId, hash) as { type: string; value: Buffer } | undefined;
      if (chunk === undefined) throw new Error(`Checkpoint database is missing a stored value element of thread ${threadId}`);
      elements.push(serde.loadsTyped(chunk.type, chunk.value));
    }
    return Promise.all(elements);
  }
}
