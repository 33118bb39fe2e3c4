// The interrupt index as stored and as recomputed from scratch, in one comparable order.
import type { SqliteCheckpointer } from "../../main/host/index.js";

export async function indexedAndRebuilt(saver: SqliteCheckpointer) {
  const key = (row: { threadId: string; interruptId: string | null }) => `${row.threadId}/${row.interruptId}`;
  const byKey = (a: { threadId: string; interruptId: string | null }, b: typeof a) => key(a).localeCompare(key(b));
  const indexed = (await saver.indexedInterrupts()).map(({ threadId, checkpointId, taskId, interruptId, nodes, value }) => ({ threadId, checkpointId, taskId, interruptId, nodes, value }));
  return { indexed: indexed.sort(byKey), rebuilt: (await saver.expectedInterruptIndex()).sort(byKey) };
}
