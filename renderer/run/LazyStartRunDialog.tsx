// The Start run dialog brings the JSON editor (CodeMirror), the largest part of the renderer's
// code after React: a chunk of its own, shared with the item pane's decision forms, so the inbox
// shows without waiting for it. App renders it once the list is up, which fetches it while the
// server that serves the chunks is known to be reachable.
import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../app/ErrorBoundary.js";

const load = () => import("./StartRunDialog.js");
const Dialog = lazy(() => load().then((module) => ({ default: module.StartRunDialog })));

type Props = Parameters<typeof import("./StartRunDialog.js").StartRunDialog>[0];

/** Rendered only once `wanted` (the list is up or the dialog was asked for): rendering a lazy component starts its download. */
export function StartRunDialog({ wanted, ...props }: Props & { wanted: boolean }) {
  if (!wanted && !props.open) return null;
  return (
    <ErrorBoundary what="the Start run dialog">
      <Suspense fallback={null}>
        <Dialog {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

