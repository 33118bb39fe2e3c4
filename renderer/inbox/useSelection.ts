// The current item (shown in the detail pane) and the checked items (for bulk approve). Positions
// refer to the inbox's list, whose rows may not all be loaded: moving onto or checking a range over
// rows not loaded yet loads them first.
import { useCallback, useEffect, useRef, useState } from "react";
import { useHostEvents } from "../api/ApiContext.js";
import type { Inbox } from "./useInbox.js";

export interface Selection {
  selectedId: string | null;
  /** Position of the current item; kept when it leaves the list so j/k continue from there. */
  selectedIndex: number;
  select: (itemId: string | null) => void;
  move: (delta: 1 | -1) => void;
  /** Selects the item that follows `itemId` (or precedes it, at the end); false when there is none loaded. */
  selectAfter: (itemId: string) => boolean;
  checked: ReadonlySet<string>;
  toggleChecked: (itemId: string) => void;
  checkRange: (itemId: string) => void;
  setChecked: (ids: Iterable<string>) => void;
}

export function useSelection(inbox: Pick<Inbox, "list" | "itemsIn">): Selection {
  const { itemsIn } = inbox;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectedIndex, setSelectedIndex] = useState(-1);
  const [checked, setCheckedState] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const rows = inbox.list?.rows ?? NO_ROWS;
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  // Keep the remembered position in step with the list while the item is in it.
  useEffect(() => {
    if (selectedId === null) return;
    const index = rows.findIndex((item) => item?.id === selectedId);
    if (index >= 0 && index !== selectedIndex) setSelectedIndex(index);
  }, [rows, selectedId, selectedIndex]);

  // Checked items that left the inbox (decided, here or elsewhere) are no longer checked.
  useHostEvents((event) => {
    if (event.type !== "item-resolved") return;
    setCheckedState((current) => {
      if (!current.has(event.itemId)) return current;
      const next = new Set(current);
      next.delete(event.itemId);
      return next;
    });
  });

  const select = useCallback((itemId: string | null) => {
    setSelectedId(itemId);
    if (itemId !== null) {
      anchor.current = itemId;
      const index = rowsRef.current.findIndex((item) => item?.id === itemId);
      if (index >= 0) setSelectedIndex(index);
    }
  }, []);

  const move = useCallback(
    (delta: 1 | -1) => {
      const list = rowsRef.current;
      if (list.length === 0) return;
      const current = selectedId === null ? -1 : list.findIndex((item) => item?.id === selectedId);
      let target: number;
      if (current >= 0) target = current + delta;
      else if (selectedId === null || selectedIndex < 0) target = delta > 0 ? 0 : list.length - 1;
      // The current item left the list: the one now at its position is the next one.
      else target = delta > 0 ? selectedIndex : selectedIndex - 1;
      target = Math.max(0, Math.min(list.length - 1, target));
      const item = list[target];
      if (item) select(item.id);
      else void itemsIn(target, target + 1).then(([loaded]) => loaded && select(loaded.id));
    },
    [select, selectedId, selectedIndex, itemsIn],
  );

  const selectAfter = useCallback(
    (itemId: string) => {
      const list = rowsRef.current;
      const index = list.findIndex((item) => item?.id === itemId);
      const at = index >= 0 ? index : selectedIndex;
      const rest = list.filter((item) => item?.id !== itemId);
      const next = rest[at] ?? rest[at - 1];
      if (at < 0 || !next) return false;
      select(next.id);
      return true;
    },
    [select, selectedIndex],
  );

  const toggleChecked = useCallback((itemId: string) => {
    anchor.current = itemId;
    setCheckedState((current) => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  }, []);

  const checkRange = useCallback(
    (itemId: string) => {
      const list = rowsRef.current;
      const to = list.findIndex((item) => item?.id === itemId);
      const fromId = anchor.current;
      const from = fromId === null ? -1 : list.findIndex((item) => item?.id === fromId);
      if (to < 0) return;
      const [lo, hi] = from < 0 ? [to, to] : [Math.min(from, to), Math.max(from, to)];
      void itemsIn(lo, hi + 1).then((items) =>
        setCheckedState((current) => {
          const next = new Set(current);
          for (const item of items) next.add(item.id);
          return next;
        }),
      );
    },
    [itemsIn],
  );

  const setChecked = useCallback((ids: Iterable<string>) => setCheckedState(new Set(ids)), []);

  return { selectedId, selectedIndex, select, move, selectAfter, checked, toggleChecked, checkRange, setChecked };
}

const NO_ROWS: ReadonlyArray<undefined> = [];
