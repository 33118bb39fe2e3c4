import { useState } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import { useApi } from "../api/ApiContext.js";
import { useBulkApproveCommand } from "../app/keyboard.js";
import { canApproveAll } from "../item/decisions.js";

const CHUNK = 1000;

interface BulkReport {
  approved: number;
  failures: Array<{ itemId: string; title: string; message: string }>;
}

/** Bulk approve of the checked items, each decided on its own (decideMany); failures are listed per item. */
export function BulkBar({ checkedItems, onClear }: { checkedItems: InboxItem[]; onClear: () => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<number | null>(null);
  const [report, setReport] = useState<BulkReport | null>(null);
  const count = checkedItems.length;
  const blocked = checkedItems.filter((item) => !canApproveAll(item));
  const disabledReason = blocked.length > 0 ? `${blocked.length} selected item${blocked.length === 1 ? " has" : "s have"} an action that does not allow approve (e.g. “${blocked[0]?.title}”).` : null;

  const approve = async () => {
    setBusy(checkedItems.length);
    setReport(null);
    const titles = new Map(checkedItems.map((item) => [item.id, item.title]));
    const ids = checkedItems.map((item) => item.id);
    const result: BulkReport = { approved: 0, failures: [] };
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const response = await api.decideMany({ itemIds: chunk, decision: { type: "approve" } });
      if (!response.ok) {
        for (const itemId of chunk) result.failures.push({ itemId, title: titles.get(itemId) ?? itemId, message: response.error.message });
        continue;
      }
      for (const entry of response.result.results) {
        if (entry.ok && entry.outcome.status !== "failed") result.approved += 1;
        else if (entry.ok) result.failures.push({ itemId: entry.itemId, title: titles.get(entry.itemId) ?? entry.itemId, message: `Recorded, but the run failed: ${entry.outcome.thread.error ?? "unknown error"}` });
        else result.failures.push({ itemId: entry.itemId, title: titles.get(entry.itemId) ?? entry.itemId, message: entry.error.message });
      }
    }
    setBusy(null);
    setReport(result);
    onClear();
  };

  useBulkApproveCommand(() => {
    if (busy !== null || count === 0) return null;
    if (disabledReason) return disabledReason;
    void approve();
    return null;
  });

  if (count === 0 && !report && busy === null) return null;
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      {(count > 0 || busy !== null) && (
        <div className="bulk-actions">
          <span>{busy !== null ? "" : `${count} selected`}</span>
          <button type="button" className="button primary" disabled={busy !== null || disabledReason !== null} title={disabledReason ?? undefined} aria-describedby={disabledReason ? "bulk-disabled-reason" : undefined} onClick={() => void approve()}>
            {busy !== null ? `Approving ${busy}…` : `Approve selected (${count})`}
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={onClear}>
            Clear selection
          </button>
          {disabledReason && (
            <p id="bulk-disabled-reason" className="muted small">
              {disabledReason}
            </p>
          )}
        </div>
      )}
      {report && (
        <div className="bulk-report" role={report.failures.length > 0 ? "alert" : "status"}>
          <p>
            Approved {report.approved} item{report.approved === 1 ? "" : "s"}
            {report.failures.length > 0 ? `; ${report.failures.length} failed:` : "."}
          </p>
          {report.failures.length > 0 && (
            <ul>
              {report.failures.slice(0, 50).map((failure) => (
                <li key={failure.itemId}>
                  <strong>{failure.title}</strong>: {failure.message}
                </li>
              ))}
              {report.failures.length > 50 && <li>…and {report.failures.length - 50} more</li>}
            </ul>
          )}
          <button type="button" className="button small" onClick={() => setReport(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
