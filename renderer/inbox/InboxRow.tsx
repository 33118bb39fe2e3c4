import { memo, type MouseEvent } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { kindLabel, relativeTime } from "../app/format.js";

export interface RowProps {
  item: InboxItem;
  index: number;
  rowId: string;
  selected: boolean;
  checked: boolean;
  isNew: boolean;
  /** Waiting longer than its reminder time. */
  overdue: boolean;
  now: number;
  top: number;
  height: number;
  onRowClick: (item: InboxItem, event: MouseEvent) => void;
  onCheck: (item: InboxItem, shift: boolean) => void;
}

export const InboxRow = memo(function InboxRow({ item, index, rowId, selected, checked, isNew, overdue, now, top, height, onRowClick, onCheck }: RowProps) {
  const title = revealControls(item.title);
  const actions = item.actions.length > 1 ? ` · ${item.actions.length} actions` : "";
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={index + 1}
      aria-selected={selected}
      className={`inbox-row${selected ? " is-selected" : ""}${checked ? " is-checked" : ""}${isNew ? " is-new" : ""}${overdue ? " is-overdue" : ""}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-item-id={item.id}
      onMouseDown={(event) => {
        // Shift-click selects a range of rows, not text.
        if (event.shiftKey) event.preventDefault();
      }}
      onClick={(event) => onRowClick(item, event)}
    >
      <div role="gridcell" className="cell-check">
        <input
          type="checkbox"
          aria-label={`Select ${title}`}
          checked={checked}
          tabIndex={-1}
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => onCheck(item, "shiftKey" in event.nativeEvent && (event.nativeEvent as globalThis.MouseEvent).shiftKey)}
        />
      </div>
      <div role="gridcell" className="cell-main">
        <div className="row-title">
          {isNew && <span className="badge badge-new">new</span>}
          {overdue && (
            <span className="badge badge-overdue" title="Waiting longer than its reminder time">
              overdue
            </span>
          )}
          <span className="row-title-text">{title}</span>
        </div>
        <div className="row-meta">
          <span className={`badge badge-kind kind-${item.kind}`}>{kindLabel(item.kind)}</span>
          {item.source !== "local" && <span className="row-source" title={`From the remote deployment ${item.source}`}>{revealControls(item.source)}</span>}
          <span className="row-graph">{revealControls(item.graphId)}</span>
          <span>{actions}</span>
          <time dateTime={item.createdAt} className="row-age" title={item.createdAt}>
            {relativeTime(item.createdAt, now)}
          </time>
        </div>
      </div>
    </div>
  );
});
