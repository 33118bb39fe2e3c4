import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useRef, useState, type MouseEvent, type RefObject } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import { isOverdue } from "../../shared/reminders.js";
import { useSettings } from "../settings/useSettings.js";
import { InboxRow } from "./InboxRow.js";

const ROW_HEIGHT = 58;

export interface InboxListProps {
  /** One entry per item, undefined where not loaded yet (shown as a placeholder row). */
  rows: ReadonlyArray<InboxItem | undefined>;
  selectedId: string | null;
  checked: ReadonlySet<string>;
  newIds: ReadonlySet<string>;
  onSelect: (itemId: string) => void;
  onToggleChecked: (itemId: string) => void;
  onCheckRange: (itemId: string) => void;
  gridRef: RefObject<HTMLDivElement | null>;
  /** The rows rendered (in view plus overscan) are now [start, end). */
  onRange: (start: number, end: number) => void;
}

/** A virtualized grid: only the rows in view are in the DOM, so 10,000 items scroll smoothly. */
export function InboxList({ rows, selectedId, checked, newIds, onSelect, onToggleChecked, onCheckRange, gridRef, onRange }: InboxListProps) {
  const now = useNow(30_000);
  const reminders = useSettings().view?.settings.reminders;
  // The virtualizer lays out every row again whenever this function changes (a pass over the whole
  // list, however long): a stable one keeps a re-render (a selection, the clock) to the rows in view.
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const first = virtualRows[0]?.index ?? 0;
  const end = (virtualRows[virtualRows.length - 1]?.index ?? -1) + 1;
  useEffect(() => onRange(first, end), [first, end, onRange]);

  const selectedIndex = selectedId === null ? -1 : rows.findIndex((item) => item?.id === selectedId);
  const lastScrolled = useRef<string | null>(null);
  useEffect(() => {
    if (selectedIndex < 0 || lastScrolled.current === selectedId) return;
    lastScrolled.current = selectedId;
    virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, selectedId, virtualizer]);

  const onRowClick = useCallback(
    (item: InboxItem, event: MouseEvent) => {
      if (event.shiftKey) onCheckRange(item.id);
      else if (event.ctrlKey || event.metaKey) onToggleChecked(item.id);
      else onSelect(item.id);
    },
    [onCheckRange, onToggleChecked, onSelect],
  );
  const onCheck = useCallback((item: InboxItem, shift: boolean) => (shift ? onCheckRange(item.id) : onToggleChecked(item.id)), [onCheckRange, onToggleChecked]);

  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label="Inbox items"
      aria-rowcount={rows.length}
      aria-colcount={2}
      aria-activedescendant={selectedIndex >= 0 ? rowDomId(selectedIndex) : undefined}
      tabIndex={0}
      className="inbox-grid"
    >
      <div role="rowgroup" className="inbox-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => {
          const item = rows[row.index];
          if (!item) return <PlaceholderRow key={row.key} index={row.index} top={row.start} />;
          return (
            <InboxRow
              key={row.key}
              item={item}
              index={row.index}
              rowId={rowDomId(row.index)}
              selected={item.id === selectedId}
              checked={checked.has(item.id)}
              isNew={newIds.has(item.id)}
              overdue={reminders ? isOverdue(item, reminders, now) : false}
              now={now}
              top={row.start}
              height={ROW_HEIGHT}
              onRowClick={onRowClick}
              onCheck={onCheck}
            />
          );
        })}
      </div>
    </div>
  );
}

/** A row not loaded yet: its place in the list, until its page arrives. */
function PlaceholderRow({ index, top }: { index: number; top: number }) {
  return (
    <div role="row" id={rowDomId(index)} aria-rowindex={index + 1} aria-busy="true" className="inbox-row is-placeholder" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <div role="gridcell" className="cell-main muted">
        Loading…
      </div>
    </div>
  );
}

function rowDomId(index: number): string {
  return `inbox-row-${index}`;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
