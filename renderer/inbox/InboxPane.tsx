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
  const { list, loading, error, filters, setFilters } = inbox;
  const filtered = Boolean(filters.source || filters.graphId || filters.kind || filters.search.trim());
  const onSearchExit = () => {
    gridRef.current?.focus();
    const first = list?.rows[0];
    if (!selection.selectedId && first) onSelect(first.id);
  };
  const checkedItems = [...selection.checked].map(inbox.lookup).filter((item): item is InboxItem => item !== undefined);
  return (
    <section className="inbox-pane" aria-label="Inbox">
      <InboxToolbar filters={filters} setFilters={setFilters} list={list} loading={loading} newCount={inbox.newIds.size} searchRef={searchRef} onSearchExit={onSearchExit} />
      {error && (
        <p role="alert" className="error-banner">
          Could not load the inbox: {error}
        </p>
      )}
      <BulkBar checkedItems={checkedItems} onClear={() => selection.setChecked([])} />
      {list !== null && list.total === 0 ? (
        filtered ? (
          <NoMatches onClear={() => setFilters({ ...DEFAULT_FILTERS, sort: filters.sort })} />
        ) : (
          <EmptyInbox onStarted={onStarted} />
        )
      ) : (
        <InboxList
          rows={list?.rows ?? []}
          selectedId={selection.selectedId}
          checked={selection.checked}
          newIds={inbox.newIds}
          onSelect={onSelect}
          onToggleChecked={selection.toggleChecked}
          onCheckRange={selection.checkRange}
          gridRef={gridRef}
          onRange={inbox.showRange}
        />
      )}
    </section>
  );
}
