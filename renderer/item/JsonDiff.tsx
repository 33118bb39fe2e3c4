import { diffJson } from "diff";
import { useMemo } from "react";
import { revealControls } from "../../shared/text.js";

/** A line diff of two JSON values (keys in canonical order), as text with +/- markers. */
export function JsonDiff({ before, after, label }: { before: unknown; after: unknown; label: string }) {
  const changes = useMemo(() => diffJson(before as object, after as object), [before, after]);
  const changed = changes.some((change) => change.added || change.removed);
  if (!changed) return <p className="muted small">No changes yet.</p>;
  return (
    <pre className="diff" aria-label={label} role="region">
      {changes.map((change, i) => {
        const mark = change.added ? "+" : change.removed ? "-" : " ";
        const Tag = change.added ? "ins" : change.removed ? "del" : "span";
        const lines = change.value.replace(/\n$/, "").split("\n");
        return (
          <Tag key={i} className={change.added ? "diff-added" : change.removed ? "diff-removed" : "diff-same"}>
            {revealControls(lines.map((line) => `${mark} ${line}\n`).join(""))}
          </Tag>
        );
      })}
    </pre>
  );
}
