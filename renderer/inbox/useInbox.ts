// The inbox list, loaded a window at a time: listItems pages (cursor = offset) cover the rows in view
// and a margin around them, so 10,000 items open with one small answer and load as they scroll into
// view. Every answer brings the total and the counts. Resolved rows leave at once; any host event
// reloads the window (debounced); items that arrive live are marked new until selected.
import { useCallback, useEffect, useRef, useState } from "react";
import type { CallInput, CallResult } from "../../shared/contract.js";
import type { AppEvent } from "../../shared/contract.js";
import type { InboxItem, ItemPage, ItemSort } from "../../shared/inbox.js";
import type { ItemKind } from "../../shared/items.js";
import { useApi, useHostEvents, useOnReconnect } from "../api/ApiContext.js";
import type { CountersignClient } from "../api/connection.js";

/** Rows loaded beyond each side of the rows in view. */
const MARGIN = 50;
/** Rows of the first answer: more than any screen shows. */
const MIN_WINDOW = 100;
const REFETCH_DEBOUNCE_MS = 250;
const REFETCH_MAX_WAIT_MS = 1000;
const SEARCH_DEBOUNCE_MS = 200;

export interface InboxFilters {
  /** "" for every source. */
  source: string;
  graphId: string;
  kind: ItemKind | "";
  search: string;
  sort: ItemSort;
}

export const DEFAULT_FILTERS: InboxFilters = { source: "", graphId: "", kind: "", search: "", sort: "oldest" };

function listInput({ source, graphId, kind, sort, search }: InboxFilters, offset: number, limit: number): CallInput<"listItems"> {
  return { cursor: String(offset), limit, sort, ...(source ? { source } : {}), ...(graphId ? { graphId } : {}), ...(kind ? { kind } : {}), ...(search ? { search } : {}) };
}

let prefetched: { api: CountersignClient; input: string; answer: Promise<CallResult<"listItems">>; eventSeen: () => boolean; stop: () => void } | null = null;

/**
 * Asks for the first window of the default list before React renders (main.tsx), so the answer is on
 * its way while the app starts. useInbox's first load takes it, unless an event came first (the
 * answer may predate it, and the inbox was not listening yet).
 */
export function prefetchInbox(api: CountersignClient): void {
  const input = listInput(DEFAULT_FILTERS, 0, MIN_WINDOW);
  let seen = false;
  const stop = api.onEvent(() => (seen = true));
  prefetched = { api, input: JSON.stringify(input), answer: api.listItems(input), eventSeen: () => seen, stop };
}

function takePrefetched(api: CountersignClient, input: CallInput<"listItems">): Promise<CallResult<"listItems">> | null {
  const early = prefetched;
  prefetched = null;
  early?.stop();
  return early && early.api === api && early.input === JSON.stringify(input) && !early.eventSeen() ? early.answer : null;
}

/** The current list: one entry per matching item, in order, undefined where not loaded yet. */
export interface InboxList {
  rows: ReadonlyArray<InboxItem | undefined>;
  /** Items matching the filters. */
  total: number;
  /** All pending items by kind and graph, ignoring the filters. */
  counts: ItemPage["counts"];
}

export interface Inbox {
  filters: InboxFilters;
  setFilters: (update: Partial<InboxFilters>) => void;
  /** Null until the first answer. */
  list: InboxList | null;
  loading: boolean;
  error: string | null;
  newIds: ReadonlySet<string>;
  markSeen: (itemId: string) => void;
  refetch: () => void;
  /** The rows in view are now [start, end): loads what is missing around them. */
  showRange: (start: number, end: number) => void;
  /** The items at positions [start, end), loading those not loaded yet. */
  itemsIn: (start: number, end: number) => Promise<InboxItem[]>;
  /** A pending item seen in an answer or an event, by id, loaded or not in the current list. */
  lookup: (itemId: string) => InboxItem | undefined;
}

export function useInbox(): Inbox {
  const api = useApi();
  const [filters, setFiltersState] = useState<InboxFilters>(DEFAULT_FILTERS);
  const [search, setSearch] = useState("");
  const [list, setList] = useState<InboxList | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(() => new Set());
  const current = useRef<InboxList | null>(null);
  const known = useRef(new Map<string, InboxItem>());
  const loaded = useRef(false);
  const view = useRef({ start: 0, end: 0 });
  /** Positions asked for and not answered yet (positions shift when a row leaves: cleared then). */
  const requested = useRef(new Set<number>());
  /** Positions here may no longer be the host's (an item arrived, or left from an unknown place): wait for the reload. */
  const stale = useRef(false);
  const request = useRef(0);
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const firstScheduled = useRef<number | null>(null);
  const query = useRef({ ...filters, search });
  query.current = { ...filters, search };
  const queryId = useRef(0);

  const setFilters = useCallback((update: Partial<InboxFilters>) => setFiltersState((state) => ({ ...state, ...update })), []);

  useEffect(() => {
    const id = setTimeout(() => setSearch(filters.search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [filters.search]);

  const commit = useCallback((next: InboxList) => {
    current.current = next;
    setList(next);
  }, []);

  const ask = useCallback(
    (offset: number, limit: number) => {
      const input = listInput(query.current, offset, limit);
      return takePrefetched(api, input) ?? api.listItems(input);
    },
    [api],
  );

  const remember = (items: InboxItem[]) => {
    for (const item of items) known.current.set(item.id, item);
  };

  /** Loads the window around the view afresh: the list as the host has it now. */
  const load = useCallback(async () => {
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    inFlight.current = true;
    dirty.current = false;
    const id = ++request.current;
    const { start, end } = view.current;
    const offset = Math.max(0, start - MARGIN);
    const result = await ask(offset, Math.max(MIN_WINDOW, end - start + 2 * MARGIN));
    inFlight.current = false;
    if (id === request.current) {
      if (result.ok) {
        const { items, total, counts } = result.result;
        remember(items);
        const rows = new Array<InboxItem | undefined>(total).fill(undefined);
        items.forEach((item, i) => (rows[offset + i] = item));
        stale.current = false;
        requested.current.clear();
        commit({ rows, total, counts });
        setError(null);
        loaded.current = true;
      } else {
        setError(result.error.message);
      }
      setLoading(false);
    }
    if (dirty.current) void load();
  }, [ask, commit]);

  /** Loads [start, end) into the list, when the answer still fits it (same query, same total). */
  const loadRange = useCallback(
    async (start: number, end: number): Promise<InboxItem[]> => {
      const asked = queryId.current;
      const marks = requested.current;
      for (let i = start; i < end; i++) marks.add(i);
      const result = await ask(start, end - start);
      for (let i = start; i < end; i++) marks.delete(i);
      if (!result.ok || asked !== queryId.current) return [];
      const { items, total, counts } = result.result;
      remember(items);
      const now = current.current;
      if (now && !stale.current && total === now.total) {
        const rows = now.rows.slice();
        items.forEach((item, i) => (rows[start + i] = item));
        commit({ rows, total, counts });
      } else if (!stale.current) {
        // The host's list moved on in a way no event told yet: take it afresh.
        void load();
      }
      return items;
    },
    [ask, commit, load],
  );

  const fill = useCallback(() => {
    const state = current.current;
    if (!state || stale.current || inFlight.current) return;
    const { start, end } = view.current;
    let first = -1;
    let last = -1;
    for (let i = Math.max(0, start - MARGIN); i < Math.min(state.total, end + MARGIN); i++) {
      if (state.rows[i] !== undefined || requested.current.has(i)) continue;
      if (first < 0) first = i;
      last = i;
    }
    if (first >= 0) void loadRange(first, last + 1);
  }, [loadRange]);

  const showRange = useCallback(
    (start: number, end: number) => {
      view.current = { start, end };
      fill();
    },
    [fill],
  );

  // Whatever changed the list (a reload, a row leaving) may have left holes in view.
  useEffect(() => fill(), [list, fill]);

  const itemsIn = useCallback(
    async (start: number, end: number): Promise<InboxItem[]> => {
      const rows = current.current?.rows.slice(start, end) ?? [];
      if (rows.length === end - start && !rows.includes(undefined)) return rows as InboxItem[];
      return loadRange(start, end);
    },
    [loadRange],
  );

  // A new query supersedes whatever is in flight.
  useEffect(() => {
    queryId.current++;
    inFlight.current = false;
    setLoading(true);
    void load();
  }, [load, filters.source, filters.graphId, filters.kind, filters.sort, search]);

  const scheduleRefetch = useCallback(() => {
    const now = Date.now();
    firstScheduled.current ??= now;
    clearTimeout(timer.current);
    const wait = Math.max(0, Math.min(REFETCH_DEBOUNCE_MS, firstScheduled.current + REFETCH_MAX_WAIT_MS - now));
    timer.current = setTimeout(() => {
      firstScheduled.current = null;
      void load();
    }, wait);
  }, [load]);

  useEffect(() => () => clearTimeout(timer.current), []);

  useHostEvents((event: AppEvent) => {
    switch (event.type) {
      case "item-added":
        known.current.set(event.item.id, event.item);
        stale.current = true;
        if (loaded.current) setNewIds((ids) => new Set(ids).add(event.item.id));
        break;
      case "item-resolved": {
        known.current.delete(event.itemId);
        const state = current.current;
        const at = state ? state.rows.findIndex((row) => row?.id === event.itemId) : -1;
        if (state && at >= 0) {
          requested.current.clear();
          commit(withoutRow(state, at));
        } else if (state?.rows.includes(undefined)) {
          // It may sit among the rows not loaded: the positions after it are unknown until the reload.
          stale.current = true;
        }
        setNewIds((ids) => {
          if (!ids.has(event.itemId)) return ids;
          const next = new Set(ids);
          next.delete(event.itemId);
          return next;
        });
        break;
      }
      case "thread-status":
        break;
    }
    scheduleRefetch();
  });

  useOnReconnect(() => {
    stale.current = true;
    scheduleRefetch();
  });

  const markSeen = useCallback((itemId: string) => {
    setNewIds((ids) => {
      if (!ids.has(itemId)) return ids;
      const next = new Set(ids);
      next.delete(itemId);
      return next;
    });
  }, []);

  const lookup = useCallback((itemId: string) => known.current.get(itemId), []);

  return { filters, setFilters, list, loading, error, newIds, markSeen, refetch: scheduleRefetch, showRange, itemsIn, lookup };
}

/** The list without the row at `at`, counts included, until the reload brings the host's view. */
function withoutRow(list: InboxList, at: number): InboxList {
  const dec = (record: Record<string, number>, key: string) => ({ ...record, [key]: Math.max(0, (record[key] ?? 1) - 1) });
  const rows = list.rows.slice();
  const [removed] = rows.splice(at, 1) as [InboxItem];
  const { counts } = list;
  return {
    rows,
    total: Math.max(0, list.total - 1),
    counts: { all: Math.max(0, counts.all - 1), byKind: dec(counts.byKind, removed.kind), byGraph: dec(counts.byGraph, removed.graphId), bySource: dec(counts.bySource, removed.source) },
  };
}
