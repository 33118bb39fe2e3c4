import type { ReactNode } from "react";
import { useApi, useConnectionStatus } from "../api/ApiContext.js";
import { WebNotificationControl } from "../settings/WebNotificationControl.js";
import { formatCount } from "./format.js";

export type Tab = "inbox" | "history" | "sources" | "settings";
const TABS: readonly Tab[] = ["inbox", "history", "sources", "settings"];

export interface HeaderProps {
  tab: Tab;
  onTab: (tab: Tab) => void;
  pendingCount: number | null;
  onStartRun: () => void;
  onShortcuts: () => void;
}

export function Header({ tab, onTab, pendingCount, onStartRun, onShortcuts }: HeaderProps) {
  return (
    <header className="app-header">
      <h1 className="app-name">Countersign</h1>
      <div role="tablist" aria-label="Views" className="tabs">
        <TabButton id="inbox" current={tab} onTab={onTab}>
          Inbox{pendingCount !== null && <span className="tab-count"> {formatCount(pendingCount)}</span>}
        </TabButton>
        <TabButton id="history" current={tab} onTab={onTab}>
          History
        </TabButton>
        <TabButton id="sources" current={tab} onTab={onTab}>
          Sources
        </TabButton>
        <TabButton id="settings" current={tab} onTab={onTab}>
          Settings
        </TabButton>
      </div>
      <div className="header-actions">
        <ConnectionBadge />
        <BrowserNotifications />
        <button type="button" className="button" onClick={onStartRun}>
          Start run
        </button>
        <button type="button" className="button icon-button" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={onShortcuts}>
          ?
        </button>
      </div>
    </header>
  );
}

function TabButton({ id, current, onTab, children }: { id: Tab; current: Tab; onTab: (tab: Tab) => void; children: ReactNode }) {
  const selected = id === current;
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      aria-selected={selected}
      aria-controls={`panel-${id}`}
      tabIndex={selected ? 0 : -1}
      className="tab"
      onClick={() => onTab(id)}
      onKeyDown={(event) => {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          const next = TABS[(TABS.indexOf(id) + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!;
          onTab(next);
          document.getElementById(`tab-${next}`)?.focus();
        }
      }}
    >
      {children}
    </button>
  );
}

const STATUS_TEXT = {
  connected: "Connected",
  connecting: "Connecting…",
  disconnected: "Disconnected, reconnecting…",
  "no-token": "No access token",
  "invalid-token": "Address no longer valid",
} as const;

/** Browser mode: the visible control that asks for notification permission (never asked on load). */
function BrowserNotifications() {
  const { connection } = useApi();
  return connection.mode === "browser" ? <WebNotificationControl compact /> : null;
}

function ConnectionBadge() {
  const { connection } = useApi();
  const status = useConnectionStatus();
  if (connection.mode === "electron") return null;
  return (
    <span className={`connection connection-${status}`} role="status" data-testid="connection-status">
      <span className="dot" aria-hidden="true" />
      {STATUS_TEXT[status]}
      {status === "disconnected" && (
        <button type="button" className="link-button small" onClick={() => connection.retryNow()}>
          Retry now
        </button>
      )}
    </span>
  );
}
