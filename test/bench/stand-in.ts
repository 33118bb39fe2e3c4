// STAND-IN for our checkpointer, used only while main/host/index.ts does not export SqliteCheckpointer yet.
// It is the official SqliteSaver plus the API surface the bench needs (open, close, pendingInterrupts),
// the latter answered by one SQL query over the official tables. Not a product; not benchmarked as ours.
import Database from "better-sqlite3";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { PendingInterrupt, PendingPage } from "./savers.ts";

interface Row {
  thread_id: string;
  checkpoint_id: string;
  task_id: string;
  type: string | null;
  value: Buffer;
  ts: string;
}

export class StandInCheckpointer extends SqliteSaver {
  static open(path: string, options?: { serde?: SerializerProtocol }): StandInCheckpointer {
    return new StandInCheckpointer(new Database(path), options?.serde);
  }

  close(): void {
    this.db.close();
  }

  async pendingInterrupts(options?: { limit?: number; cursor?: string; threadId?: string }): Promise<PendingPage> {
    this.setup();
    const limit = options?.limit ?? 50;
    const offset = options?.cursor ? Number(options.cursor) : 0;
    const rows = this.db
      .prepare(
        `WITH latest AS (
           SELECT thread_id, MAX(checkpoint_id) AS checkpoint_id FROM checkpoints
           WHERE checkpoint_ns = '' ${options?.threadId ? "AND thread_id = @threadId" : ""} GROUP BY thread_id)
         SELECT w.thread_id, w.checkpoint_id, w.task_id, w.type, w.value,
                json_extract(CAST(c.checkpoint AS TEXT), '$.ts') AS ts
         FROM latest l
         JOIN writes w ON w.thread_id = l.thread_id AND w.checkpoint_ns = '' AND w.checkpoint_id = l.checkpoint_id AND w.channel = '__interrupt__'
         JOIN checkpoints c ON c.thread_id = l.thread_id AND c.checkpoint_ns = '' AND c.checkpoint_id = l.checkpoint_id
         WHERE NOT EXISTS (SELECT 1 FROM writes r WHERE r.thread_id = w.thread_id AND r.checkpoint_ns = '' AND r.checkpoint_id = w.checkpoint_id
                           AND r.channel = '__resume__' AND r.task_id = w.task_id)
         ORDER BY ts DESC, w.thread_id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ threadId: options?.threadId, limit: limit + 1, offset }) as Row[];
    const items: PendingInterrupt[] = [];
    for (const row of rows.slice(0, limit)) {
      const interrupts = (await this.serde.loadsTyped(row.type ?? "json", row.value)) as { id?: string; value: unknown }[];
      for (const intr of interrupts) {
        items.push({ threadId: row.thread_id, checkpointId: row.checkpoint_id, taskId: row.task_id, interruptId: intr.id ?? null, value: intr.value, createdAt: row.ts, nodes: [] });
      }
    }
    return { items, nextCursor: rows.length > limit ? String(offset + limit) : null };
  }
}
