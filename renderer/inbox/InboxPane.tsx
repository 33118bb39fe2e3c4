import type { RefObject } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import { BulkBar } from "./BulkBar.js";
import { EmptyInbox, NoMatches } from "./EmptyState.js";
import { InboxList } from "./InboxList.js";
import { InboxToolbar } from "./InboxToolbar.js";
import { DEFAULT_FILTERS, type Inbox } from "./useInbox.js";
import type { Selection } from "./useSelection.js";

export interface InboxPaneProps {
  inbox: Inbox;
  selection: Selection;
  searchRef: RefObject<HTMLInputElement | null>;
  gridRef: RefObject<HTMLDivElement | null>;
  onSelect: (itemId: string) => void;
  onStarted: (message: string, itemIds: string[]) => void;
}

export function InboxPane({ inbox, selection, searchRef, gridRef, onSelect, onStarted }: InboxPaneProps) {
  const { items, page, loading, error, filters, setFilters } = inbox;
  const filtered = Boolean(filters.graphId || filters.kind || filters.search.trim());
  const onSearchExit = () => {
    gridRef.current?.focus();
    if (!selection.selectedId && items[0]) onSelect(items[0].id);
  };
  const checkedItems: InboxItem[] = selection.checked.size === 0 ? [] : items.filter((item) => selection.checked.has(item.id));
  return (
    <section className="inbox-pane" aria-label="Inbox">
      <InboxToolbar filters={filters} setFilters={setFilters} page={page} loading={loading} newCount={inbox.newIds.size} searchRef={searchRef} onSearchExit={onSearchExit} />
      {error && (
        <p role="alert" className="error-banner">
          Could not load the inbox: {error}
        </p>
      )}
      <BulkBar checkedItems={checkedItems} onClear={() => selection.setChecked([])} />
      {page !== null && items.length === 0 ? (
        filtered ? (
          <NoMatches onClear={() => setFilters({ ...DEFAULT_FILTERS, sort: filters.sort })} />
        ) : (
          <EmptyInbox onStarted={onStarted} />
        )
      ) : (
        <InboxList
          items={items}
          selectedId={selection.selectedId}
          checked={selection.checked}
          newIds={inbox.newIds}
          onSelect={onSelect}
          onToggleChecked={selection.toggleChecked}
          onCheckRange={selection.checkRange}
          gridRef={gridRef}
        />
      )}
    </section>
  );
}
