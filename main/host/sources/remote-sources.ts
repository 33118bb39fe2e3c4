import { hash } from "node:crypto";
import type { SyncReport } from "../../../shared/contract.js";
import type { InboxItem, ThreadContext } from "../../../shared/inbox.js";
import { HostError } from "../../../shared/errors.js";
import { SourceInput, SourceUpdate, type SourceInfo, type SourceSettings, type SourceState } from "../../../shared/sources.js";
import { formatIssues, messageOf } from "../../../shared/values.js";
import type { Logger } from "../log.js";
import type { DecisionJournal, JournalEntry, NewEntry } from "../store/decision-journal.js";
import type { SourceRecord, SourceRegistry } from "../store/source-registry.js";
import type { ThreadLocks } from "../store/thread-locks.js";
import { RemoteError, type RemoteDeployment, type RemotePending } from "./remote-deployment.js";
import type { SecretBox } from "./secrets.js";

/** What the inbox needs of a deployment. */
export type RemoteClient = Pick<RemoteDeployment, "discover" | "sentRun" | "resume" | "context">;


export interface RemoteSourcesDeps {
  registry: SourceRegistry;
  journal: DecisionJournal;
  locks: ThreadLocks;
  owner: string;
  secrets: () => SecretBox;
  connect: (config: SourceSettings) => RemoteClient;
  /** Makes the source's items exactly these (a complete sync), and announces the change. */
  replaceItems: (source: string, items: InboxItem[]) => Promise<void> | void;
  /** Drops every item of the source. */
  dropItems: (source: string) => Promise<void> | void;
  /** The normalized view of a payload, as local items get it. */
  view: (value: unknown) => Pick<InboxItem, "kind" | "title" | "description" | "actions">;
  changed: () => void;
  logger: Logger;
}

/** A stable id for a remote interrupt, distinct from every local one (they hash no source name). */
export function remoteItemId(source: string, threadId: string, interruptId: string): string {
  return hash("sha256", `remote\n${source}\n${threadId}\n${interruptId}`).slice(0, 16);
}

/**
 * The remote deployments configured on this data folder: their items pulled into the inbox, and
 * decisions on them journaled first, then delivered exactly once, at once when the deployment is
 * reachable, else when it is again, by whichever Countersign process runs.
 */
export class RemoteSources {
  constructor(private readonly deps: RemoteSourcesDeps) {}

  list(): SourceInfo[] {
    const queued = new Map<string, number>();
    for (const entry of this.deps.journal.undelivered()) queued.set(entry.source, (queued.get(entry.source) ?? 0) + 1);
    return this.deps.registry.all().map((record) => toInfo(record, queued.get(record.name) ?? 0));
  }

  add(input: unknown): SourceInfo {
    const source = parseSource(input);
    if (!this.deps.registry.add(this.toRecord(source))) throw new HostError("invalid-request", `A source named "${source.name}" exists already`);
    this.deps.changed();
    return this.info(source.name);
  }

  update(input: unknown): SourceInfo {
    const parsed = SourceUpdate.safeParse(input);
    if (!parsed.success) throw new HostError("invalid-request", `Invalid source: ${formatIssues(parsed.error.issues, "source")}`);
    const { keepSecrets, ...source } = parsed.data;
    const stored = this.deps.registry.get(source.name) ?? notFound(source.name);
    // Kept one by one: a new key keeps the stored headers, and new headers the stored key.
    const old = keepSecrets ? this.secretsOf(stored) : {};
    const merged = { ...source, ...(source.apiKey ?? old.apiKey ? { apiKey: source.apiKey ?? old.apiKey } : {}), ...(source.headers ?? old.headers ? { headers: source.headers ?? old.headers } : {}) };
    if (!this.deps.registry.update(this.toRecord(merged))) notFound(source.name);
    this.deps.changed();
    return this.info(source.name);
  }

  /** Refused while decisions on its items wait to be delivered: removing it would lose them. */
  async remove(name: string): Promise<void> {
    if (!this.deps.registry.get(name)) throw new HostError("not-found", `No source named "${name}"`);
    const waiting = this.deps.journal.undelivered().filter((entry) => entry.source === name).length;
    if (waiting > 0) throw new HostError("invalid-request", `Source "${name}" has ${waiting} decision(s) waiting to be delivered; sync it once it is reachable, then remove it`);
    this.deps.registry.remove(name);
    await this.deps.dropItems(name);
    this.deps.changed();
  }

  /** Pulls the items of one source (or all) and delivers its waiting decisions. */
  async sync(name?: string): Promise<SyncReport[]> {
    const records = name === undefined ? this.deps.registry.all() : [this.deps.registry.get(name) ?? notFound(name)];
    const reports: SyncReport[] = [];
    for (const record of records) reports.push(await this.syncOne(record));
    return reports;
  }

  /**
   * Journals a decision on a remote item, then tries to deliver it. Unreachable, it stays queued
   * and is delivered later: the caller is told `queued`.
   */
  async decide(item: InboxItem, entry: NewEntry): Promise<JournalEntry> {
    const record = this.deps.registry.get(item.source) ?? notFound(item.source);
    if (!this.deps.journal.record({ ...entry, source: record.name }, this.deps.owner)) {
      throw new HostError("already-decided", `Item ${item.id} was already decided`);
    }
    const client = this.client(record);
    try {
      await this.deliver(record.name, client, this.deps.journal.get(item.id)!);
      this.state(record.name, "online", null);
    } catch (error) {
      this.failed(record.name, error);
    }
    return this.deps.journal.get(item.id)!;
  }

  /** The item's thread as its deployment has it now; out of reach, what is known with the reason. */
  async context(item: InboxItem): Promise<ThreadContext> {
    const record = this.deps.registry.get(item.source);
    try {
      if (!record) throw new HostError("not-found", `No source named "${item.source}"`);
      return await this.client(record).context(item.threadId);
    } catch (error) {
      return { threadId: item.threadId, graphId: item.graphId, status: "waiting", error: `${item.source} is out of reach: ${messageOf(error)}`, values: null, messages: null, history: [] };
    }
  }

  private async syncOne(record: SourceRecord): Promise<SyncReport> {
    const report: SyncReport = { source: record.name, state: record.state, error: null, items: null, delivered: 0, conflicts: 0, failed: 0, queued: 0 };
    try {
      const client = this.client(record);
      for (const entry of this.deps.journal.undelivered().filter((candidate) => candidate.source === record.name)) {
        const finished = await this.deliver(record.name, client, entry);
        if (finished === "applied") report.delivered++;
        else if (finished === "conflict") report.conflicts++;
        else if (finished === "failed") report.failed++;
      }
      const pending = await client.discover();
      const items = pending.map((row) => this.toItem(record.name, row));
      await this.deps.replaceItems(record.name, items);
      this.deps.registry.synced(record.name);
      this.state(record.name, "online", null);
      report.items = items.length;
    } catch (error) {
      this.failed(record.name, error);
    }
    const after = this.deps.registry.get(record.name);
    report.state = after?.state ?? report.state;
    report.error = after?.lastError ?? null;
    report.queued = this.deps.journal.undelivered().filter((entry) => entry.source === record.name).length;
    return report;
  }

  /**
   * Delivers one journaled decision under a lease on its remote thread, so that two processes never
   * send it both: a run tagged with the item was sent already (before a crash) and is taken as the
   * outcome; an interrupt no longer pending is a conflict and nothing is sent. Reaching the
   * deployment failing leaves the decision queued (the error is thrown).
   */
  private async deliver(source: string, client: RemoteClient, entry: JournalEntry): Promise<"applied" | "failed" | "conflict" | "skipped"> {
    const { threadId, itemId, interruptId } = entry;
    if (interruptId === null) throw new HostError("internal", `Remote decision ${itemId} has no interrupt id`);
    return this.deps.locks.withLock(`remote:${source}:${threadId}`, async () => {
      // Another process may have delivered it while this one waited for the lease.
      if (this.deps.journal.get(itemId)?.state !== "recorded") return { value: "skipped" as const };
      const outcome =
        (await client.sentRun(threadId, itemId)) ??
        (await client.resume({ threadId, graphId: entry.graphId, assistantId: entry.assistantId, interruptId, value: entry.resume, tag: itemId }));
      return {
        value: outcome.outcome,
        outcome: () =>
          outcome.outcome === "conflict"
            ? this.deps.journal.finish(itemId, "conflict", null, outcome.reason)
            : this.deps.journal.finish(itemId, outcome.outcome, outcome.status, outcome.error),
      };
    });
  }

  private client(record: SourceRecord): RemoteClient {
    return this.deps.connect({ name: record.name, url: record.url, ...this.secretsOf(record), ...(record.graphId === null ? {} : { graphId: record.graphId }) });
  }

  private secretsOf(record: SourceRecord): { apiKey?: string; headers?: Record<string, string> } {
    return record.secrets === null ? {} : (JSON.parse(this.deps.secrets().open(record.secrets)) as { apiKey?: string; headers?: Record<string, string> });
  }

  private failed(name: string, error: unknown): void {
    const kind = error instanceof RemoteError ? error.kind : undefined;
    const state: SourceState = kind === "offline" || kind === "timeout" ? "offline" : kind === "auth" ? "auth-error" : "error";
    const before = this.deps.registry.get(name);
    this.state(name, state, messageOf(error));
    if (before?.state !== state) this.deps.logger.warn("A remote source cannot be synced", { source: name, state, error });
  }

  private state(name: string, state: SourceState, error: string | null): void {
    const before = this.deps.registry.get(name);
    this.deps.registry.setState(name, state, error);
    if (before?.state !== state || before.lastError !== error) this.deps.changed();
  }

  private info(name: string): SourceInfo {
    return this.list().find((source) => source.name === name)!;
  }

  private toRecord(source: SourceInput): Parameters<SourceRegistry["add"]>[0] {
    const sealed = source.apiKey !== undefined || source.headers !== undefined;
    return {
      name: source.name,
      url: source.url,
      graphId: source.graphId ?? null,
      secrets: sealed ? this.deps.secrets().seal(JSON.stringify({ apiKey: source.apiKey, headers: source.headers })) : null,
      hasApiKey: source.apiKey !== undefined,
      headerNames: Object.keys(source.headers ?? {}),
    };
  }

  private toItem(source: string, row: RemotePending): InboxItem {
    return {
      id: remoteItemId(source, row.threadId, row.interruptId),
      source,
      graphId: row.graphId,
      threadId: row.threadId,
      interruptId: row.interruptId,
      checkpointId: row.checkpointId ?? "",
      taskId: row.taskId,
      createdAt: row.createdAt,
      value: row.value ?? null,
      ...this.deps.view(row.value),
    };
  }
}

function parseSource(input: unknown): SourceInput {
  const parsed = SourceInput.safeParse(input);
  if (!parsed.success) throw new HostError("invalid-request", `Invalid source: ${formatIssues(parsed.error.issues, "source")}`);
  return parsed.data;
}

function notFound(name: string): never {
  throw new HostError("not-found", `No source named "${name}"`);
}

function toInfo(record: SourceRecord, queued: number): SourceInfo {
  return {
    name: record.name,
    url: record.url,
    graphId: record.graphId,
    hasApiKey: record.hasApiKey,
    headerNames: record.headerNames,
    state: record.state,
    stateSince: record.stateSince,
    lastError: record.lastError,
    syncedAt: record.syncedAt,
    queued,
  };
}
