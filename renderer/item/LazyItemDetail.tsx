// The item pane is most of the renderer's code (markdown, diff, the decision forms): a chunk of its
// own, so the inbox shows without waiting for it. App preloads it once the list is up.
import { lazy, Suspense } from "react";
import { ErrorBoundary } from "../app/ErrorBoundary.js";
import type { ItemDetailProps } from "./ItemDetail.js";

const load = () => import("./ItemDetail.js");
const Detail = lazy(() => load().then((module) => ({ default: module.ItemDetail })));

export function ItemDetail(props: ItemDetailProps) {
  return (
    <ErrorBoundary what="the selected item" resetKey={props.itemId}>
      <Suspense
        fallback={
          <div className="detail-empty" role="status">
            <p className="muted">Loading…</p>
          </div>
        }
      >
        <Detail {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

/** Fetches the item pane's code ahead of the first click. */
export function preloadItemDetail(): void {
  // A failure shows when the pane renders (ErrorBoundary), not as an unhandled rejection here.
  load().catch(() => undefined);
}
