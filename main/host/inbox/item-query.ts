import type { InboxStore } from "../store/inbox-store.js";
import { ItemQuery, type ItemPage } from "../../../shared/inbox.js";
import { formatIssues } from "../../../shared/values.js";

/**
 * A listItems query answered from the store: validated, the cursor read as an offset, the search
 * trimmed (matched in any case). Breakpoint rows of `running` threads are not waiting for anyone:
 * left out of the page, the total and the counts.
 */
export function listItems(store: InboxStore, input: ItemQuery, running: ReadonlySet<string>): ItemPage {
  const parsed = ItemQuery.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid item query: ${formatIssues(parsed.error.issues, "query")}`);
  const query = parsed.data;
  const offset = query.cursor ? Number(query.cursor) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`Invalid item cursor: ${JSON.stringify(query.cursor)}`);
  const hiddenBreakpoints = [...running];
  const { items, total } = store.list({
    source: query.source,
    graphId: query.graphId,
    kind: query.kind,
    search: query.search?.trim(),
    sort: query.sort,
    offset,
    limit: query.limit,
    hiddenBreakpoints,
  });
  const next = offset + items.length;
  return { items, total, counts: store.counts(hiddenBreakpoints), nextCursor: next < total ? String(next) : null };
}
