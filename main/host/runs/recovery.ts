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
  /** The latest checkpoint's tasks, as LangGraph's state snapshot reports them. */
  tasks: readonly TaskFacts[];
}

/** What a state snapshot says of one task of the latest checkpoint. */
export interface TaskFacts {
  interrupts: readonly unknown[];
  /** Set once the task wrote its output. */
  result?: unknown;
  error?: unknown;
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
  return workLeft(facts.tasks) ? "continue" : "settled";
}

/**
 * Whether running on from the latest checkpoint does anything. A task that never ran (or was cut
 * short) runs; a task that finished while the step's next checkpoint was never written (the crash
 * came between the two) needs the graph to take that step, unless another task of the step waits on
 * an interrupt: the thread is then paused, and continuing would only run the waiting task again.
 */
export function workLeft(tasks: readonly TaskFacts[]): boolean {
  const waiting = (task: TaskFacts) => task.interrupts.length > 0 && task.result === undefined && task.error === undefined;
  const finished = (task: TaskFacts) => task.result !== undefined && task.error === undefined;
  const unrun = (task: TaskFacts) => task.interrupts.length === 0 && task.result === undefined && task.error === undefined;
  return tasks.some(unrun) || (tasks.some(finished) && !tasks.some(waiting));
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
