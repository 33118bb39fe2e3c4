// CodeMirror with JSON highlighting. Not part of the first load: it comes with the item pane's and the
// Start run dialog's chunks, which App fetches once the list is up (so the decision forms have it
// even when the server goes out of reach later).
import { json } from "@codemirror/lang-json";
import CodeMirror, { EditorView, highlightSpecialChars, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { BIDI_CONTROLS } from "../../shared/text.js";
import { useEffect, useMemo, useRef } from "react";
import { useColorScheme } from "../app/useColorScheme.js";

export interface JsonEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The accessible name of the editor's text box. */
  label: string;
  /** Focus the editor whenever this number changes (and on mount when set). */
  focusToken?: number;
  invalid?: boolean;
  describedBy?: string;
  minHeight?: string;
  maxHeight?: string;
}

export function JsonEditor({ value, onChange, label, focusToken, invalid, describedBy, minHeight = "5em", maxHeight = "22em" }: JsonEditorProps) {
  const scheme = useColorScheme();
  const ref = useRef<ReactCodeMirrorRef>(null);
  const extensions = useMemo(
    () => [
      json(),
      // Bidi and zero-width characters show as placeholders (their code on hover) instead of reordering the text.
      highlightSpecialChars({ addSpecialChars: new RegExp(BIDI_CONTROLS.source) }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-label": label,
        "aria-multiline": "true",
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      }),
    ],
    [label, invalid, describedBy],
  );

  useEffect(() => {
    if (focusToken === undefined || focusToken === 0) return;
    // The view may not exist yet on the first render: try again on the next frame.
    const focus = () => ref.current?.view?.focus();
    focus();
    const id = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(id);
  }, [focusToken]);

  return (
    <div className={`json-editor${invalid ? " is-invalid" : ""}`}>
      <CodeMirror
        ref={ref}
        value={value}
        onChange={onChange}
        extensions={extensions}
        theme={scheme}
        minHeight={minHeight}
        maxHeight={maxHeight}
        // Tab moves on to the next control (the dialog's Start button, the form's Submit), as everywhere else.
        indentWithTab={false}
        basicSetup={{ foldGutter: false, highlightActiveLine: false, highlightActiveLineGutter: false, searchKeymap: false }}
      />
    </div>
  );
}
