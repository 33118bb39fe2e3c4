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
  hash: Buffer;
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

export async function encodeChannelValues(
  serde: SerializerProtocol,
  values: Record<string, unknown>,
  newVersions: ChannelVersions,
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
          const [type, bytes] = await serde.dumpsTyped(element);
          const buffer = toBuffer(bytes);
          const hash = createHash("sha256").update(type).update("\0").update(buffer).digest().subarray(0, HASH_BYTES);
          return { hash, type, value: buffer };
        }),
      );
      return { ...base, type: CHUNKS, value: Buffer.concat(chunks.map((chunk) => chunk.hash)), chunks };
    }),
  );
}

/** Prepared statements for one connection; every method is synchronous so it can run inside a transaction. */
export class ChannelValueStore {
  private readonly insertValue: Database.Statement;
  private readonly insertChunk: Database.Statement;
  private readonly selectValue: Database.Statement;
  private readonly selectChunk: Database.Statement;

  constructor(db: Database.Database) {
    this.insertValue = db.prepare(
      "INSERT OR REPLACE INTO channel_values (thread_id, checkpoint_ns, channel, version, type, value) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.insertChunk = db.prepare("INSERT OR IGNORE INTO value_chunks (thread_id, hash, type, value) VALUES (?, ?, ?, ?)");
    this.selectValue = db.prepare(
      "SELECT type, value FROM channel_values WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ? AND version = ?",
    );
    this.selectChunk = db.prepare("SELECT type, value FROM value_chunks WHERE thread_id = ? AND hash = ?");
  }

  write(threadId: string, ns: string, encoded: EncodedChannelValue[]): void {
    for (const entry of encoded) {
      const seen = new Set<string>();
      for (const chunk of entry.chunks) {
        const key = chunk.hash.toString("latin1");
        if (seen.has(key)) continue;
        seen.add(key);
        this.insertChunk.run(threadId, chunk.hash, chunk.type, chunk.value);
      }
      this.insertValue.run(threadId, ns, entry.channel, entry.version, entry.type, entry.value);
    }
  }

  /** Names of the channels that hold a value at the given versions, without deserializing anything. */
  presentChannels(threadId: string, ns: string, versions: ChannelVersions): string[] {
    return Object.entries(versions)
      .filter(([channel, version]) => {
        const row = this.selectValue.get(threadId, ns, channel, String(version)) as { type: string } | undefined;
        return row !== undefined && row.type !== EMPTY;
      })
      .map(([channel]) => channel);
  }

  async read(serde: SerializerProtocol, threadId: string, ns: string, versions: ChannelVersions): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {};
    for (const [channel, version] of Object.entries(versions)) {
      const row = this.selectValue.get(threadId, ns, channel, String(version)) as { type: string; value: Buffer | null } | undefined;
      if (row === undefined || row.type === EMPTY || row.value === null) continue;
      values[channel] = row.type === CHUNKS ? await this.readChunks(serde, threadId, row.value) : await serde.loadsTyped(row.type, row.value);
    }
    return values;
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
