// A plain interrupt(value): shown faithfully, answered with text (respond) or any JSON value (resume).
import { useEffect, useRef, useState } from "react";
import { isPlainObject } from "../../shared/values.js";
import { Disclosure, type DisclosureHandle } from "../app/Disclosure.js";
import { useItemCommands } from "../app/keyboard.js";
import type { DecisionFormProps } from "./ActionsForm.js";
import { RawResume } from "./RawResume.js";
import { ValueView } from "./ValueView.js";

export function GenericForm({ item, submitting, onSubmit, blocked = null, onDraftChange }: DecisionFormProps) {
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [focusToken, setFocusToken] = useState(0);
  const [rawFocus, setRawFocus] = useState(0);
  const rawSend = useRef<(() => void) | null>(null);
  const responseRef = useRef<HTMLTextAreaElement>(null);
  const rawRef = useRef<DisclosureHandle>(null);
  const canRespond = item.actions.some((action) => action.allowedDecisions.includes("respond"));
  const options = optionsOf(item.value);
  const inactive = submitting || blocked !== null;
  const dirty = message.trim() !== "";

  useEffect(() => {
    onDraftChange?.(dirty);
  }, [dirty, onDraftChange]);

  useEffect(() => {
    if (focusToken > 0) responseRef.current?.focus();
  }, [focusToken]);

  const send = () => {
    if (inactive) return;
    const text = message.trim();
    if (!text) {
      setError("Write a response first (or send a JSON resume value).");
      return;
    }
    setError(null);
    onSubmit({ type: "respond", message: text });
  };

  useItemCommands({
    approve: () => "This is a question: write a response (r) or send a JSON resume value.",
    reject() {
      setFocusToken((token) => token + 1);
      return null;
    },
    edit() {
      rawRef.current?.open();
      setRawFocus((token) => token + 1);
      return null;
    },
    submit() {
      // Ctrl+Enter in the JSON editor sends the JSON value; anywhere else, the text response.
      if (rawRef.current?.contains(document.activeElement)) rawSend.current?.();
      else send();
    },
  });

  return (
    <div className="decision-form">
      <section className="payload" aria-label="Interrupt value">
        <h3 className="visually-hidden">Interrupt value</h3>
        <ValueView value={item.value} />
      </section>
      {canRespond && (
        <form
          aria-label="Response"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          {options.length > 0 && (
            <div className="options" role="group" aria-label="Suggested answers">
              {options.map((option) => (
                <button key={option} type="button" className="button small" disabled={inactive} onClick={() => setMessage(option)}>
                  Use “{option}”
                </button>
              ))}
            </div>
          )}
          <label className="field">
            <span>Response</span>
            <textarea ref={responseRef} value={message} rows={3} disabled={submitting} placeholder="Your answer (sent as a string)" onChange={(event) => setMessage(event.target.value)} />
          </label>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="submit-row">
            <button type="submit" className="button primary" disabled={inactive} aria-keyshortcuts="Control+Enter Meta+Enter">
              {submitting ? "Sending…" : "Send response"}
            </button>
            <span className="muted small">Ctrl+Enter</span>
          </div>
        </form>
      )}
      <Disclosure ref={rawRef} className="raw-details" defaultOpen={!canRespond} summary="Answer with a JSON value instead">
        <RawResume
          initial={options[0] !== undefined ? JSON.stringify(options[0]) : '""'}
          submitting={submitting}
          disabled={blocked !== null}
          onSend={(value) => onSubmit({ type: "resume", value })}
          focusToken={rawFocus}
          sendRef={rawSend}
        />
      </Disclosure>
    </div>
  );
}

function optionsOf(value: unknown): string[] {
  if (!isPlainObject(value) || !Array.isArray(value.options)) return [];
  return value.options.filter((option): option is string => typeof option === "string").slice(0, 12);
}
