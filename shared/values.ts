// Small value checks shared by every runtime: one definition each, so a rule cannot drift.

/** The text of anything thrown: an Error's message, else its string form. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A JSON-style object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * zod issues as one line: "path: message; path: message". An issue at the root is named `root`
 * ("input", "query") when given, else shown as its message alone.
 */
export function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, root?: string): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join(".") || root;
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
