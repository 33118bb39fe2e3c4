import { useEffect, useId, useState, type RefObject } from "react";
import { parseJson } from "./decisions.js";
import { JsonEditor } from "./JsonEditor.js";

/** The expert escape hatch: any JSON value, sent as the whole resume value ({ type: "resume", value }). */
export interface RawResumeProps {
  initial: string;
  submitting: boolean;
  /** Sending is not possible now (not connected, decided elsewhere). */
  disabled?: boolean;
  onSend: (value: unknown) => void;
  focusToken?: number;
  /** Set to this editor's send function while mounted (for Ctrl+Enter). */
  sendRef?: RefObject<(() => void) | null>;
}

export function RawResume({ initial, submitting, disabled = false, onSend, focusToken, sendRef }: RawResumeProps) {
  const [text, setText] = useState(initial);
  const statusId = useId();
  const parsed = parseJson(text);
  const send = () => {
    if (!submitting && !disabled && parsed.ok) onSend(parsed.value);
  };
  useEffect(() => {
    if (!sendRef) return;
    sendRef.current = send;
    return () => {
      sendRef.current = null;
    };
  });
  return (
    <div className="raw-resume" data-testid="raw-resume">
      <JsonEditor value={text} onChange={setText} label="Resume value (JSON)" invalid={!parsed.ok} describedBy={statusId} focusToken={focusToken} minHeight="3em" />
      <p id={statusId} className={parsed.ok ? "json-status ok small" : "json-status error-text small"} aria-live="polite">
        {parsed.ok ? "Valid JSON: sent to the graph exactly as written." : parsed.error}
      </p>
      <button type="button" className="button" disabled={submitting || disabled || !parsed.ok} onClick={send}>
        Send resume value
      </button>
    </div>
  );
}
