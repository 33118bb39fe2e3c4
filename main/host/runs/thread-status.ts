import type { ThreadStatus } from "../../../shared/inbox.js";

/** What is known of a thread when its status is asked for. */
export interface ThreadFacts {
  /** A live host holds its lease: a run is going on. */
  leased: boolean;
  /** How the thread's last run ended as recorded, `running` when its end was never recorded. */
  recorded: ThreadStatus | undefined;
  recordedError: string | null;
  /** Interrupts (or a pause before nodes) waiting on its latest checkpoint. */
  pending: number;
}

export const CUT_SHORT = "The run stopped before it finished: the process running it exited. It is continued when its graph is loaded.";

/**
 * A new run cut short before LangGraph wrote its first checkpoint: its input was never stored, so
 * there is nothing to continue and it never ran; starting the thread again runs it.
 */
export const NEVER_BEGAN = "The run stopped before its first step (the process running it exited), so it never ran: start it again.";

/**
 * The one rule for a thread's status, wherever it is shown. A run whose end was never recorded and
 * that no live host holds was cut short by a crash: recovery continues it, so until then it is an
 * error that says so, never a thread waiting at a breakpoint.
 */
export function threadStatus(facts: ThreadFacts): { status: ThreadStatus; error: string | null } {
  if (facts.leased) return { status: "running", error: null };
  if (facts.recorded === "error") return { status: "error", error: facts.recordedError };
  if (facts.recorded === "running") return { status: "error", error: CUT_SHORT };
  if (facts.pending > 0) return { status: "waiting", error: null };
  return { status: "done", error: null };
}

/** How a run that just ended leaves its thread (its lease still held, so not `running`). */
export function endedStatus(error: string | null, pending: number): Exclude<ThreadStatus, "running"> {
  const { status } = threadStatus({ leased: false, recorded: error === null ? undefined : "error", recordedError: error, pending });
  return status as Exclude<ThreadStatus, "running">;
}
