// Whether the host's background work (loading the inbox, polling for changes, committing a
// release) is failing: the one place the host records it, so the app and the CLI can say so.
import type { HostHealth, HostProblem } from "../../shared/inbox.js";
import { messageOf } from "../../shared/values.js";

export type HealthWhat = HostProblem["what"];

/**
 * The problems of the background work, one per kind: `fail` records (or updates) one, `ok` clears
 * only its own kind. `changed` runs only when what `current()` reports changes, so a poll failing
 * every 250 ms with the same error tells listeners once.
 */
export class Health {
  private readonly problems = new Map<HealthWhat, HostProblem>();
  private reported: HostHealth = { problem: null };

  constructor(
    private readonly changed: (health: HostHealth) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  fail(what: HealthWhat, error: unknown): void {
    const message = messageOf(error) || "unknown error";
    const known = this.problems.get(what);
    // The same failure again keeps its `since`: the problem is how long it has lasted.
    if (known?.message === message) return;
    this.problems.set(what, { what, message, since: known?.since ?? this.now() });
    this.update();
  }

  /** Clears the problems of these kinds only; several at once change the health once. */
  ok(...whats: HealthWhat[]): void {
    let cleared = false;
    for (const what of whats) cleared = this.problems.delete(what) || cleared;
    if (cleared) this.update();
  }

  current(): HostHealth {
    return this.reported;
  }

  /** The oldest problem is reported: it is usually the cause of the others. */
  private update(): void {
    let problem: HostProblem | null = null;
    for (const candidate of this.problems.values()) if (!problem || candidate.since < problem.since) problem = candidate;
    const before = this.reported.problem;
    if (before === problem || (before && problem && before.what === problem.what && before.message === problem.message && before.since === problem.since)) return;
    this.reported = { problem };
    this.changed(this.reported);
  }
}
