// The two checkpointers under test, opened on a FILE database each.
import Database from "better-sqlite3";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

// ─────────────────────────────── ADAPTER ───────────────────────────────
// The one line that decides what "ours" is. Before main/host/index.ts exported SqliteCheckpointer,
// it read: import { StandInCheckpointer as OurCheckpointer } from "./stand-in.ts";
import { SqliteCheckpointer as OurCheckpointer } from "../../main/host/index.ts";
// ───────────────────────────────────────────────────────────────────────

/** Mirrors main/host's PendingInterrupt; kept local so the bench type-checks against either implementation. */
export interface PendingInterrupt {
  threadId: string;
  checkpointId: string;
  taskId: string | null;
  interruptId: string | null;
  value: unknown;
  createdAt: string;
  nodes: string[];
}

export interface PendingPage {
  items: PendingInterrupt[];
  nextCursor: string | null;
}

/** What the bench needs from our checkpointer beyond BaseCheckpointSaver. */
export type InboxCheckpointer = BaseCheckpointSaver & {
  close(): void;
  pendingInterrupts(options?: { limit?: number; cursor?: string; threadId?: string }): Promise<PendingPage>;
};

/** Name of the class benchmarked as "ours" (shown in every report, so a stand-in run cannot pass for the real one). */
export const OURS_IMPL: string = OurCheckpointer.name;
export const OURS_IS_STAND_IN: boolean = OURS_IMPL === "StandInCheckpointer";

export function openOurs(path: string): InboxCheckpointer {
  return OurCheckpointer.open(path);
}

export function openOfficial(path: string): SqliteSaver {
  return new SqliteSaver(new Database(path));
}

export function closeOfficial(saver: SqliteSaver): void {
  saver.db.close();
}
