import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { InboxItem } from "../../shared/inbox.js";
import { revealControls } from "../../shared/text.js";
import { HistoryView } from "../history/HistoryView.js";
import { SourcesView } from "../sources/SourcesView.js";
import { doNotDisturb } from "../../shared/do-not-disturb.js";
import { SettingsProvider, useSettings } from "../settings/useSettings.js";
import { SettingsView } from "../settings/SettingsView.js";
import { createWebNotifier } from "../settings/web-notifications.js";
import { reminderFor } from "../../shared/notification-text.js";
import { createReminderLoop } from "../../shared/reminder-loop.js";
import { InboxPane } from "../inbox/InboxPane.js";
import { useInbox } from "../inbox/useInbox.js";
import { useSelection } from "../inbox/useSelection.js";
import { ItemDetail, preloadItemDetail } from "../item/LazyItemDetail.js";
import { StartRunDialog } from "../run/LazyStartRunDialog.js";
import { useOutcomes } from "../thread/useOutcomes.js";
import { useApi, useConnectionStatus, useHostEvents } from "../api/ApiContext.js";
import { INVALID_TOKEN_MESSAGE } from "../api/ws-client.js";
import { HealthBanner } from "./HealthBanner.js";
import { Header, type Tab } from "./Header.js";
import { KeyboardContext, isTypingTarget, modalOpen, ownsArrowKeys, type ItemCommands } from "./keyboard.js";
import { ShortcutsDialog } from "./ShortcutsDialog.js";

const NOTICE_MS = 6000;

export function App() {
  const itemCommands = useRef<ItemCommands | null>(null);
  const bulkApprove = useRef<(() => string | null) | null>(null);
  const submitStack = useRef<Array<RefObject<() => void>>>([]);
  const registry = useRef({ item: itemCommands, bulkApprove, submitStack }).current;
  return (
    <KeyboardContext.Provider value={registry}>
      <SettingsProvider>
        <AppShell itemCommands={itemCommands} bulkApprove={bulkApprove} submitStack={submitStack} />
      </SettingsProvider>
    </KeyboardContext.Provider>
  );
}

function AppShell({
  itemCommands,
  bulkApprove,
  submitStack,
}: {
  itemCommands: RefObject<ItemCommands | null>;
  bulkApprove: RefObject<(() => string | null) | null>;
  submitStack: RefObject<Array<RefObject<() => void>>>;
}) {
  const inbox = useInbox();
  const selection = useSelection(inbox);
  const outcomes = useOutcomes();
  const status = useConnectionStatus();
  const [tab, setTab] = useState<Tab>("inbox");
  const [dialog, setDialog] = useState<"shortcuts" | "start" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const showNotice = useCallback((text: string) => {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), NOTICE_MS);
  }, []);

  const { select } = selection;
  const { markSeen } = inbox;
  const open = useCallback(
    (itemId: string) => {
      select(itemId);
      markSeen(itemId);
      setTab("inbox");
    },
    [select, markSeen],
  );

  // The desktop app asks for an item: its notification was clicked, or a countersign:// link opened.
  useHostEvents((event) => {
    if (event.type === "open-item") open(event.itemId);
  });
  useBrowserNotifications(open);

  // The item pane's code is a chunk of its own: fetched once the list shows, before the first click
  // (the Start run dialog's, rendered from then on, likewise).
  const listed = inbox.list !== null;
  useEffect(() => {
    if (listed) preloadItemDetail();
  }, [listed]);

  // Moving with j/k marks the item seen too.
  useEffect(() => {
    if (selection.selectedId) markSeen(selection.selectedId);
  }, [selection.selectedId, markSeen]);

  const keys = useRef({ tab, selection, showNotice });
  keys.current = { tab, selection, showNotice };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { tab: currentTab, selection: sel, showNotice: notify } = keys.current;
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        const top = submitStack.current[submitStack.current.length - 1];
        const handler = top?.current ?? (!modalOpen() && currentTab === "inbox" ? itemCommands.current?.submit : undefined);
        if (handler) {
          event.preventDefault();
          event.stopPropagation();
          handler();
        }
        return;
      }
      // Escape leaves any text field (the search box first clears its text) for the list.
      if (event.key === "Escape" && !event.defaultPrevented && !modalOpen() && (isTypingTarget(event.target) || event.target instanceof HTMLInputElement) && !(event.target === searchRef.current && searchRef.current?.value)) {
        event.preventDefault();
        (event.target as HTMLElement).blur();
        gridRef.current?.focus({ preventScroll: true });
        return;
      }
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || modalOpen() || isTypingTarget(event.target)) return;
      const inInbox = currentTab === "inbox";
      const run = (command: "approve" | "reject" | "edit") => {
        const commands = itemCommands.current;
        if (!commands) return notify(sel.selectedId ? "This item has no decision to take." : "Select an item first (j/k).");
        const message = commands[command]();
        if (message) notify(message);
      };
      switch (event.key) {
        case "j":
        case "ArrowDown":
        case "k":
        case "ArrowUp": {
          if (!inInbox || (event.key.startsWith("Arrow") && ownsArrowKeys(event.target))) return;
          sel.move(event.key === "j" || event.key === "ArrowDown" ? 1 : -1);
          break;
        }
        case "x":
          if (!inInbox || !sel.selectedId) return;
          sel.toggleChecked(sel.selectedId);
          break;
        case "a":
          if (!inInbox) return;
          // Ticked rows: a approves them, not the open item.
          if (sel.checked.size > 0 && bulkApprove.current) {
            const message = bulkApprove.current();
            if (message) notify(message);
            break;
          }
          run("approve");
          break;
        case "r":
        case "e":
          if (!inInbox) return;
          run(event.key === "r" ? "reject" : "edit");
          break;
        case "/":
          setTab("inbox");
          requestAnimationFrame(() => searchRef.current?.focus());
          break;
        case "?":
          setDialog("shortcuts");
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [itemCommands, bulkApprove, submitStack]);

  const { selectAfter } = selection;
  const selectedNow = useRef(selection.selectedId);
  selectedNow.current = selection.selectedId;
  const onDecided = useCallback(
    (item: InboxItem, phase: "done" | "running") => {
      if (selectedNow.current !== item.id) return;
      if (!selectAfter(item.id)) return;
      showNotice(`“${revealControls(item.title)}”: ${phase === "done" ? "decision applied, the run finished" : "decision applied, the run goes on"}. On to the next item.`);
      // Keep the keyboard in the inbox (the decided item's form is gone).
      if (document.activeElement === null || document.activeElement === document.body || !document.activeElement.isConnected) gridRef.current?.focus({ preventScroll: true });
    },
    [selectAfter, showNotice],
  );

  const onStarted = useCallback(
    (message: string, itemIds: string[]) => {
      showNotice(message);
      if (itemIds[0]) open(itemIds[0]);
    },
    [open, showNotice],
  );

  const selectedId = selection.selectedId;
  const listItem = selectedId ? inbox.lookup(selectedId) : undefined;

  return (
    <div className="app">
      <a className="skip-link" href="#detail-pane">
        Skip to the selected item
      </a>
      <Header tab={tab} onTab={setTab} pendingCount={inbox.list?.counts.all ?? null} onStartRun={() => setDialog("start")} onShortcuts={() => setDialog("shortcuts")} />
      {status === "no-token" && (
        <p className="error-banner" role="alert">
          This page needs an access token. Open the address Countersign printed when it started (it ends in <code>?token=…</code>).
        </p>
      )}
      {status === "invalid-token" && (
        <p className="error-banner" role="alert">
          {INVALID_TOKEN_MESSAGE}
        </p>
      )}
      <HealthBanner />
      <SettingsProblem onOpen={() => setTab("settings")} />
      <div className="notice" role="status" aria-live="polite" data-testid="notice">
        {notice}
      </div>
      <main className="app-main">
        <div id="panel-inbox" role="tabpanel" aria-labelledby="tab-inbox" hidden={tab !== "inbox"} className="inbox-layout">
          <InboxPane inbox={inbox} selection={selection} searchRef={searchRef} gridRef={gridRef} onSelect={open} onStarted={onStarted} />
          <section id="detail-pane" className="detail-pane" aria-label="Selected item" tabIndex={-1}>
            {selectedId && tab === "inbox" ? (
              <ItemDetail key={selectedId} itemId={selectedId} listItem={listItem} outcomes={outcomes} onOpen={open} onDecided={onDecided} />
            ) : (
              <div className="detail-placeholder">
                <p>Select an item to review it.</p>
                <p className="muted small">
                  <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>?</kbd> all shortcuts
                </p>
              </div>
            )}
          </section>
        </div>
        {tab === "settings" && (
          <div id="panel-settings" role="tabpanel" aria-labelledby="tab-settings" className="settings-layout">
            <SettingsView />
          </div>
        )}
        {tab === "history" && (
          <div id="panel-history" role="tabpanel" aria-labelledby="tab-history" className="history-layout">
            <HistoryView onOpen={open} />
          </div>
        )}
        {tab === "sources" && (
          <div id="panel-sources" role="tabpanel" aria-labelledby="tab-sources" className="history-layout">
            <SourcesView />
          </div>
        )}
      </main>
      <ShortcutsDialog open={dialog === "shortcuts"} onClose={() => setDialog(null)} />
      <StartRunDialog wanted={listed} open={dialog === "start"} onClose={() => setDialog(null)} onOpenItem={open} />
    </div>
  );
}

/** A settings file that could not be used says so where the reviewer looks, until it is fixed or saved over. */
function SettingsProblem({ onOpen }: { onOpen: () => void }) {
  const { view } = useSettings();
  if (!view?.problem) return null;
  return (
    <p className="error-banner" role="alert" data-testid="settings-file-problem">
      {view.problem}{" "}
      <button type="button" className="link-button" onClick={onOpen}>
        Open Settings
      </button>
    </p>
  );
}

/**
 * Browser mode: new items and reminders raise Web Notifications while the tab is in the background
 * (the app has OS notifications of its own); a click focuses the tab on the item.
 */
function useBrowserNotifications(open: (itemId: string) => void): void {
  const api = useApi();
  const { view } = useSettings();
  const latest = useRef({ open, view });
  latest.current = { open, view };
  const browser = api.connection.mode === "browser";
  const notifier = useRef<ReturnType<typeof createWebNotifier> | null>(null);
  const reminders = useRef<ReturnType<typeof createReminderLoop> | null>(null);
  useEffect(() => {
    if (!browser) return;
    const created = createWebNotifier(
      {
        Notification: typeof Notification === "undefined" ? undefined : Notification,
        hidden: () => document.visibilityState === "hidden",
        focus: () => window.focus(),
        open: (itemId) => {
          if (itemId) latest.current.open(itemId);
        },
      },
      () => {
        const settings = latest.current.view?.settings;
        return !settings || (settings.notifications.enabled && !doNotDisturb(settings, Date.now()));
      },
    );
    const loop = createReminderLoop({
      reminders: () => latest.current.view?.settings.reminders ?? { default: null, graphs: {}, sources: {} },
      listOldest: async () => {
        const response = await api.listItems({ sort: "oldest", limit: 500 });
        if (!response.ok) throw new Error(response.error.message);
        return response.result.items;
      },
      remind: (items) => created.show(reminderFor(items)),
    });
    notifier.current = created;
    reminders.current = loop;
    return () => {
      created.dispose();
      loop.dispose();
      notifier.current = null;
      reminders.current = null;
    };
  }, [browser, api]);
  // The reminder times as saved: looked at again whenever they change.
  const reminderKey = view ? JSON.stringify(view.settings.reminders) : null;
  useEffect(() => {
    if (reminderKey !== null) void reminders.current?.check();
  }, [reminderKey]);
  useHostEvents((event) => {
    if (event.type === "item-added") notifier.current?.itemAdded(event.item);
    if (event.type === "item-resolved") reminders.current?.forget(event.itemId);
  });
}
