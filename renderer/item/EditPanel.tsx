import { useId } from "react";
import type { ItemAction } from "../../shared/items.js";
import { displayJson, prettyJson } from "../app/format.js";
import { parseJsonObject } from "./decisions.js";
import { JsonDiff } from "./JsonDiff.js";
import { JsonEditor } from "./JsonEditor.js";

/** Edit an action's args as JSON: live syntax check and a diff against the original. */
export function EditPanel({ action, text, onChange, focusToken }: { action: ItemAction; text: string; onChange: (text: string) => void; focusToken: number }) {
  const statusId = useId();
  const parsed = parseJsonObject(text);
  return (
    <div className="edit-panel">
      <JsonEditor value={text} onChange={onChange} label={`Edited arguments of ${action.name} (JSON)`} focusToken={focusToken} invalid={!parsed.ok} describedBy={statusId} />
      <p id={statusId} className={parsed.ok ? "json-status ok small" : "json-status error-text small"} aria-live="polite">
        {parsed.ok ? "Valid JSON." : parsed.error}
      </p>
      <div className="edit-toolbar">
        <button type="button" className="button small" onClick={() => onChange(prettyJson(action.args))}>
          Reset to original
        </button>
      </div>
      {parsed.ok && <JsonDiff before={action.args} after={parsed.value} label={`Changes to the arguments of ${action.name}`} />}
      {action.argsSchema && (
        <details className="schema">
          <summary>Argument schema (checked by the host when you submit)</summary>
          <pre className="value-json">{displayJson(action.argsSchema)}</pre>
        </details>
      )}
    </div>
  );
}
