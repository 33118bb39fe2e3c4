import { lazy, Suspense } from "react";
import type { JsonEditorProps } from "./JsonEditor.js";

const Editor = lazy(() => import("./JsonEditor.js"));

export function JsonEditor(props: JsonEditorProps) {
  return (
    <Suspense fallback={<p className="muted">Loading editor…</p>}>
      <Editor {...props} />
    </Suspense>
  );
}
