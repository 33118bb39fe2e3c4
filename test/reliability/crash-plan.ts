// The crash test's plan: which threads of which graphs, and the one answer each item gets, so that
// the effects a thread must end with can be computed from the plan alone.
import type { Decision } from "../../shared/items.js";
import type { InboxItem } from "../../shared/inbox.js";

export interface PlannedThread {
  threadId: string;
  graphId: string;
  input: Record<string, unknown>;
  /** How many decisions the thread takes before it ends. */
  decisions: number;
}

export interface CrashPlan {
  threads: PlannedThread[];
}

/** Decisions a thread of each demo graph takes (the release pipeline's two branches both pause). */
export const DEMO_DECISIONS: Record<string, number> = { "support-agent": 1, "expense-approval": 1, "release-pipeline": 2, "ship-it": 1 };

/** `decisions` decisions over `threads` threads: one of each demo graph in five, the rest `rounds` threads. */
export function crashPlan(threads: number, decisions: number, stepMs: number): CrashPlan {
  const demoIds = Object.keys(DEMO_DECISIONS);
  const planned: PlannedThread[] = [];
  const demoThreads = Math.floor(threads / 5);
  for (let i = 0; i < demoThreads; i++) {
    const graphId = demoIds[i % demoIds.length]!;
    planned.push({ threadId: `demo-${i}-${graphId}`, graphId, input: {}, decisions: DEMO_DECISIONS[graphId]! });
  }
  const roundThreads = threads - demoThreads;
  const left = decisions - planned.reduce((sum, thread) => sum + thread.decisions, 0);
  if (roundThreads <= 0 || left < roundThreads) throw new Error(`cannot spread ${decisions} decisions over ${threads} threads`);
  for (let i = 0; i < roundThreads; i++) {
    const rounds = Math.floor(left / roundThreads) + (i < left % roundThreads ? 1 : 0);
    planned.push({ threadId: `rounds-${i}`, graphId: "rounds", input: { rounds, ms: stepMs }, decisions: rounds });
  }
  return { threads: planned };
}

/** The answer for a `rounds` item: names its thread and round, so each effect says which answer it came from. */
export const roundAnswer = (threadId: string, round: number) => `${threadId}#${round}`;

/** The one decision the driver gives an item (bulk approves give `approve` to the kinds that take it). */
export function answerFor(item: InboxItem): Decision {
  const round = (item.value as { round?: unknown } | null)?.round;
  if (typeof round === "number") return { type: "respond", message: roundAnswer(item.threadId, round) };
  if (item.kind === "generic") return { type: "respond", message: "yes" };
  return { type: "approve" };
}

/** The effects a `rounds` thread ends with when each answer was applied exactly once. */
export function expectedEffects(threadId: string, rounds: number): string[] {
  return Array.from({ length: rounds }, (_, i) => roundAnswer(threadId, i + 1)).flatMap((answer) => [`asked:${answer}`, `plan:${answer}`, `act:${answer}`, `report:${answer}`]);
}
