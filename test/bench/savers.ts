// The two checkpointers under test, opened on a FILE database each.
import Database from "better-sqlite3";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { SqliteCheckpointer as OurCheckpointer, type InterruptPage } from "../../main/host/index.ts";

export type { PendingInterrupt } from "../../main/host/index.ts";

/** What the bench needs from our checkpointer beyond BaseCheckpointSaver. */
export type InboxCheckpointer = BaseCheckpointSaver & {
  close(): void;
  pendingInterrupts(options?: { limit?: number; cursor?: string; threadId?: string }): Promise<InterruptPage>;
};

/** Name of the class benchmarked as "ours", shown in every report. */
export const OURS_IMPL: string = OurCheckpointer.name;

export function openOurs(path: string): InboxCheckpointer {
  return OurCheckpointer.open(path);
}

export function openOfficial(path: string): SqliteSaver {
  return new SqliteSaver(new Database(path));
}

export function closeOfficial(saver: SqliteSaver): void {
  saver.db.close();
}
