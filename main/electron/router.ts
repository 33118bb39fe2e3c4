// One router for everything outside the window that points at an item: notification clicks and
// their Approve/Reject, tray entries, countersign:// links. Plain functions with their effects
// passed in (no Electron), so the routing is unit-tested under Node.
import { randomBytes } from "node:crypto";
import type { CallResult } from "../../shared/contract.js";
import type { InboxItem } from "../../shared/inbox.js";
import type { HostLink } from "../transport/host-link.js";
import { parseDeepLink } from "./args.js";
import { outcomeNotification, parseActivationArguments, type NotificationContent, type QuickDecision, type QuickDecisions } from "./notification-content.js";

type Summary = Pick<InboxItem, "id" | "title" | "graphId">;

export interface RouterEffects {
  /** Brings the window forward, showing the item when one is named. */
  show(itemId: string | null): void;
  /** The link the window's IPC uses: a decision from a notification takes the same path as a click. */
  call: HostLink["call"];
  /** Shows a follow-up notification (a decision's outcome). */
  notify(content: NotificationContent): void;
}

/**
 * The notifications shown with actions, by a token only this process knows; each answers once.
 * A token already answered is remembered a while: Windows may deliver one press twice (the
 * notification's event and the app's activation callback), and the second must do nothing.
 */
export class ShownNotifications {
  private readonly entries = new Map<string, { item: Summary; decisions: QuickDecisions }>();
  private readonly answered = new Set<string>();

  constructor(private readonly limit = 200) {}

  add(item: Summary, decisions: QuickDecisions): string {
    const token = randomBytes(12).toString("base64url");
    this.entries.set(token, { item, decisions });
    // The oldest go first: a notification that old has long left the screen.
    trim(this.entries, this.limit);
    return token;
  }

  /** The entry, removed; "answered" for a token taken before; undefined for one never issued (or long gone). */
  take(token: string): { item: Summary; decisions: QuickDecisions } | "answered" | undefined {
    const entry = this.entries.get(token);
    if (!entry) return this.answered.has(token) ? "answered" : undefined;
    this.entries.delete(token);
    this.answered.add(token);
    trim(this.answered, this.limit);
    return entry;
  }

  forgetItem(itemId: string): void {
    for (const [token, entry] of this.entries) if (entry.item.id === itemId) this.entries.delete(token);
  }
}

function trim(collection: Map<string, unknown> | Set<string>, limit: number): void {
  for (const oldest of collection.keys()) {
    if (collection.size <= limit) break;
    collection.delete(oldest);
  }
}

export interface Router {
  openItem(itemId: string | null): void;
  /** A countersign:// URL: the item it names, else just the window. */
  openLink(url: string): void;
  /** Decides the item as the notification's button says, then tells the outcome in a notification. */
  decide(item: Summary, decision: QuickDecision, decisions: QuickDecisions): Promise<CallResult<"decide"> | null>;
  /** A notification's button or body, by its token: decides once, a repeat does nothing; an unknown token only shows the window. */
  activate(token: string, action: QuickDecision | "open"): Promise<void>;
  /** Windows' activation arguments (a toast's button or body). */
  activateArguments(text: string): Promise<void>;
  readonly shown: ShownNotifications;
}

export function createRouter(effects: RouterEffects, shown = new ShownNotifications()): Router {
  const openItem = (itemId: string | null) => effects.show(itemId);
  const decide: Router["decide"] = async (item, decision, decisions) => {
    const input = decisions[decision];
    if (!input) {
      openItem(item.id);
      return null;
    }
    const result = (await effects.call("decide", { itemId: item.id, decision: input })) as CallResult<"decide">;
    effects.notify(outcomeNotification(item, decision, result));
    return result;
  };
  const activate: Router["activate"] = async (token, action) => {
    const entry = shown.take(token);
    if (entry === "answered") return;
    if (!entry) return openItem(null);
    if (action === "open") return openItem(entry.item.id);
    await decide(entry.item, action, entry.decisions);
  };
  return {
    openItem,
    openLink(url) {
      openItem(parseDeepLink(url)?.itemId ?? null);
    },
    decide,
    activate,
    async activateArguments(text) {
      const parsed = parseActivationArguments(text);
      if (!parsed) return openItem(null);
      await activate(parsed.token, parsed.action);
    },
    shown,
  };
}
