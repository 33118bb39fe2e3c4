// The inbox list: one listItems call (limit 10,000) per query, refetched (debounced) on host events;
// resolved items leave at once, items that arrive live are marked new until selected.
import { useCallback, useEffect, useRef, useState } from "react";
import type { HostEvent, InboxItem, ItemPage, ItemSort } from "../../shared/inbox.js";
import type { ItemKind } from "../../shared/items.js";
import { useApi, useHostEvents, useOnReconnect } from "../api/ApiContext.js";

export const PAGE_LIMIT = 10_000;
const REFETCH_DEBOUNCE_MS = 250;
const REFETCH_MAX_WAIT_MS = 1000;
// A big inbox is costly to refetch (10,000 items are a few MB): wait longer for events to settle.
const BIG_INBOX = 2000;
const BIG_DEBOUNCE_MS = 800;
const BIG_MAX_WAIT_MS = 3000;
const SEARCH_DEBOUNCE_MS = 200;

export interface InboxFilters {
  graphId: string;
  kind: ItemKind | "";
  search: string;
  sort: ItemSort;
}

export const DEFAULT_FILTERS: InboxFilters = { graphId: "", kind: "", search: "", sort: "oldest" };

export interface Inbox {
  filters: InboxFilters;
  setFilters: (update: Partial<InboxFilters>) => void;
  items: InboxItem[];
  page: ItemPage | null;
  loading: boolean;
  error: string | null;
  newIds: ReadonlySet<string>;
  markSeen: (itemId: string) => void;
  refetch: () => void;
  /** Items seen via events, by id, so a thread's new items can be found even if filtered out. */
  lookup: (itemId: string) => InboxItem | undefined;
}

export function useInbox(): Inbox {
  const api = useApi();
  const [filters, setFiltersState] = useState<InboxFilters>(DEFAULT_FILTERS);
  const [search, setSearch] = useState("");
  const [page, setPage] = useState<ItemPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(() => new Set());
  const known = useRef(new Map<string, InboxItem>());
  const loaded = useRef(false);
  const request = useRef(0);
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const firstScheduled = useRef<number | null>(null);
  const lastTotal = useRef(0);
  const query = useRef({ ...filters, search });
  query.current = { ...filters, search };

  const setFilters = useCallback((update: Partial<InboxFilters>) => setFiltersState((current) => ({ ...current, ...update })), []);

  useEffect(() => {
    const id = setTimeout(() => setSearch(filters.search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [filters.search]);

  const load = useCallback(async () => {
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    inFlight.current = true;
    dirty.current = false;
    const id = ++request.current;
    const { graphId, kind, sort, search: text } = query.current;
    const result = await api.listItems({
      limit: PAGE_LIMIT,
      sort,
      ...(graphId ? { graphId } : {}),
      ...(kind ? { kind } : {}),
      ...(text ? { search: text } : {}),
    });
    inFlight.current = false;
    if (id === request.current) {
      if (result.ok) {
        for (const item of result.result.items) known.current.set(item.id, item);
        lastTotal.current = result.result.counts.all;
        setPage(result.result);
        setError(null);
        loaded.current = true;
      } else {
        setError(result.error.message);
      }
      setLoading(false);
    }
    if (dirty.current) void load();
  }, [api]);

  // A new query supersedes whatever is in flight.
  useEffect(() => {
    inFlight.current = false;
    setLoading(true);
    void load();
  }, [load, filters.graphId, filters.kind, filters.sort, search]);

  const scheduleRefetch = useCallback(() => {
    const now = Date.now();
    firstScheduled.current ??= now;
    clearTimeout(timer.current);
    const big = lastTotal.current > BIG_INBOX;
    const debounce = big ? BIG_DEBOUNCE_MS : REFETCH_DEBOUNCE_MS;
    const maxWait = big ? BIG_MAX_WAIT_MS : REFETCH_MAX_WAIT_MS;
    const wait = Math.max(0, Math.min(debounce, firstScheduled.current + maxWait - now));
    timer.current = setTimeout(() => {
      firstScheduled.current = null;
      void load();
    }, wait);
  }, [load]);

  useEffect(() => () => clearTimeout(timer.current), []);

  useHostEvents((event: HostEvent) => {
    switch (event.type) {
      case "item-added":
        known.current.set(event.item.id, event.item);
        if (loaded.current) setNewIds((ids) => new Set(ids).add(event.item.id));
        break;
      case "item-resolved":
        setPage((current) => (current ? withoutItem(current, event.itemId) : current));
        setNewIds((ids) => {
          if (!ids.has(event.itemId)) return ids;
          const next = new Set(ids);
          next.delete(event.itemId);
          return next;
        });
        break;
      case "thread-status":
        break;
    }
    scheduleRefetch();
  });

  useOnReconnect(scheduleRefetch);

  const markSeen = useCallback((itemId: string) => {
    setNewIds((ids) => {
      if (!ids.has(itemId)) return ids;
      const next = new Set(ids);
      next.delete(itemId);
      return next;
    });
  }, []);

  const lookup = useCallback((itemId: string) => known.current.get(itemId), []);

  return { filters, setFilters, items: page?.items ?? EMPTY, page, loading, error, newIds, markSeen, refetch: scheduleRefetch, lookup };
}

const EMPTY: InboxItem[] = [];

/** The page without one resolved item, counts included, until the refetch brings the host's view. */
function withoutItem(page: ItemPage, itemId: string): ItemPage {
  const removed = page.items.find((item) => item.id === itemId);
  if (!removed) return page;
  const dec = (record: Record<string, number>, key: string) => ({ ...record, [key]: Math.max(0, (record[key] ?? 1) - 1) });
  return {
    ...page,
    items: page.items.filter((item) => item.id !== itemId),
    total: Math.max(0, page.total - 1),
    counts: { all: Math.max(0, page.counts.all - 1), byKind: dec(page.counts.byKind, removed.kind), byGraph: dec(page.counts.byGraph, removed.graphId) },
  };
}
