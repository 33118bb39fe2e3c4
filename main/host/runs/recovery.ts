import { INTERRUPT } from "../checkpointer/langgraph-names.js";
import type { JournalEntry } from "../store/decision-journal.js";

/** What a run cut short by a crash still needs. */
export type RecoveryStep =
  /** The recorded answer never reached the task that asked: send it again, by interrupt id. */
  | "resume"
  /** Run on from the latest checkpoint: the tasks with no result yet run again (the answer, if any, is on file). */
  | "continue"
  /** Nothing is left to run: the thread waits on another interrupt, or its run had ended. */
  | "settled";

/** A pending write of the latest checkpoint: task id, channel, value. */
type Write = readonly [string, string, unknown];

export interface RecoveryFacts {
  /** The thread's unfinished decision, if the cut-short run was one. */
  entry: Pick<JournalEntry, "interruptId" | "checkpointId" | "taskId"> | undefined;
  /** The entry's interrupt is still listed in the index: its answer was never stored. */
  stillPending: boolean;
  latestCheckpointId: string | undefined;
  latestWrites: readonly Write[];
  /** The latest checkpoint has tasks that neither finished nor wait on an interrupt. */
  unfinishedTasks: boolean;
}

/**
 * Decides from checkpoint data how a run cut short goes on, whichever step it was in when the
 * process died: before its answer reached the graph, in the node that consumed it, or later.
 */
export function planRecovery(facts: RecoveryFacts): RecoveryStep {
  const { entry } = facts;
  if (entry && entry.interruptId !== null) {
    if (facts.stillPending) return "resume";
    // The answer is stored, keyed by interrupt id, but LangGraph hands it to the task only when the
    // resume command names it: a task that never finished must be sent it again.
    if (facts.latestCheckpointId === entry.checkpointId && entry.taskId !== null && awaitsAnswer(facts.latestWrites, entry.taskId, entry.interruptId)) {
      return "resume";
    }
  }
  return facts.unfinishedTasks ? "continue" : "settled";
}

/** The task has written nothing but the interrupt that asked `interruptId`: it never got past it. */
function awaitsAnswer(writes: readonly Write[], taskId: string, interruptId: string): boolean {
  const own = writes.filter(([task]) => task === taskId);
  return own.length > 0 && own.every(([, channel, value]) => channel === INTERRUPT && asksFor(value, interruptId));
}

function asksFor(value: unknown, interruptId: string): boolean {
  const interrupts = Array.isArray(value) ? value : [value];
  return interrupts.some((interrupt) => typeof interrupt === "object" && interrupt !== null && (interrupt as { id?: unknown }).id === interruptId);
}
