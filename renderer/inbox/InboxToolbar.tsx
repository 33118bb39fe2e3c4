import type { RefObject } from "react";
import type { ItemSort } from "../../shared/inbox.js";
import type { ItemKind } from "../../shared/items.js";
import { KIND_LABELS, formatCount, kindLabel } from "../app/format.js";
import type { InboxFilters, InboxList } from "./useInbox.js";

const SORTS: Array<[ItemSort, string]> = [
  ["oldest", "Oldest first"],
  ["newest", "Newest first"],
  ["title", "By title"],
  ["graph", "By graph"],
];

export interface InboxToolbarProps {
  filters: InboxFilters;
  setFilters: (update: Partial<InboxFilters>) => void;
  list: InboxList | null;
  loading: boolean;
  newCount: number;
  searchRef: RefObject<HTMLInputElement | null>;
  /** ArrowDown or Enter in the search box: go to the list. */
  onSearchExit: () => void;
}

export function InboxToolbar({ filters, setFilters, list, loading, newCount, searchRef, onSearchExit }: InboxToolbarProps) {
  const counts = list?.counts;
  const all = counts?.all ?? 0;
  const graphs = Object.keys(counts?.byGraph ?? {}).sort();
  if (filters.graphId && !graphs.includes(filters.graphId)) graphs.push(filters.graphId);
  // Every kind, from its labels: ItemKind.options would bring zod into the first chunk.
  const kinds = (Object.keys(KIND_LABELS) as ItemKind[]).filter((kind) => (counts?.byKind[kind] ?? 0) > 0 || kind === filters.kind);
  const sources = Object.keys(counts?.bySource ?? {}).sort();
  if (filters.source && !sources.includes(filters.source)) sources.push(filters.source);
  const filtered = Boolean(filters.source || filters.graphId || filters.kind || filters.search.trim());
  const total = list?.total ?? 0;
  // No counts before the first answer: "(0)" would be wrong, and the first render stays free of Intl (see format.ts).
  const countOf = (n: number) => (counts ? ` (${formatCount(n)})` : "");
  return (
    <div className="inbox-toolbar">
      <div className="search-field">
        <label htmlFor="inbox-search" className="visually-hidden">
          Search items
        </label>
        <input
          id="inbox-search"
          ref={searchRef}
          type="search"
          placeholder="Search (press /)"
          value={filters.search}
          onChange={(event) => setFilters({ search: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === "Escape" && filters.search) {
              event.preventDefault();
              setFilters({ search: "" });
            } else if (event.key === "ArrowDown" || event.key === "Enter") {
              event.preventDefault();
              onSearchExit();
            }
          }}
        />
      </div>
      <div className="filter-row">
        {/* Only worth a control once remote deployments feed the inbox too. */}
        {(sources.length > 1 || filters.source) && (
          <select aria-label="Filter by source" value={filters.source} onChange={(event) => setFilters({ source: event.target.value })}>
            <option value="">All sources{countOf(all)}</option>
            {sources.map((source) => (
              <option key={source} value={source}>
                {source === "local" ? "This machine" : source}
                {countOf(counts?.bySource[source] ?? 0)}
              </option>
            ))}
          </select>
        )}
        <select aria-label="Filter by graph" value={filters.graphId} onChange={(event) => setFilters({ graphId: event.target.value })}>
          <option value="">All graphs{countOf(all)}</option>
          {graphs.map((graph) => (
            <option key={graph} value={graph}>
              {graph}
              {countOf(counts?.byGraph[graph] ?? 0)}
            </option>
          ))}
        </select>
        <select aria-label="Filter by kind" value={filters.kind} onChange={(event) => setFilters({ kind: event.target.value as InboxFilters["kind"] })}>
          <option value="">All kinds{countOf(all)}</option>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
              {countOf(counts?.byKind[kind] ?? 0)}
            </option>
          ))}
        </select>
      </div>
      <div className="count-row">
        <span className="inbox-count" role="status" aria-live="polite" data-testid="inbox-count">
          {list === null ? (loading ? "Loading…" : "") : filtered ? `${formatCount(total)} of ${formatCount(all)} items` : `${formatCount(all)} item${all === 1 ? "" : "s"}`}
        </span>
        {newCount > 0 && <span className="badge badge-new">{formatCount(newCount)} new</span>}
        <select aria-label="Sort items" className="sort-select" value={filters.sort} onChange={(event) => setFilters({ sort: event.target.value as ItemSort })}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
