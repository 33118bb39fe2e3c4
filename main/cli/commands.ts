// The commands, each on an open host: call it, print the result (JSON or tables), return the exit code.
import type { Host } from "../host/index.js";
import type { ChatMessage, DecisionRecord, InboxItem, ThreadContext } from "../../shared/inbox.js";
import type { Command, GlobalFlags } from "./args.js";
import { age, block, compactJson, decisionText, fields, oneLine, outcomeText, statusText, table, time, truncate, type Style } from "./format.js";

export interface Io {
  /** Writes one line (or several) to stdout. */
  out(text: string): void;
  /** Writes one line (or several) to stderr. */
  err(text: string): void;
  /** Styling for stdout: plain unless stdout is a terminal. */
  style: Style;
  /** stdout's width when it is a terminal. */
  columns?: number;
}

/** The process exits afterwards, so runs are awaited to the end (setTimeout's longest delay, ~24 days). */
export const WAIT_MS = 2 ** 31 - 1;
const STATE_VALUE_MAX = 300;

export async function runCommand(host: Host, command: Command, global: GlobalFlags, io: Io): Promise<number> {
  switch (command.name) {
    case "graphs":
      return await graphs(host, global, io);
    case "run":
      return run(host, command, global, io);
    case "list":
      return list(host, command, global, io);
    case "show":
      return show(host, command, global, io);
    case "decide":
      return decide(host, command, global, io);
    case "retry":
      return printRun(await host.retryThread({ threadId: command.threadId }, { waitMs: WAIT_MS }), global, io);
    case "history":
      return history(host, command, global, io);
    case "source":
      return source(host, command, global, io);
    case "serve":
      throw new Error("serve runs its own host");
  }
}

async function graphs(host: Host, global: GlobalFlags, io: Io): Promise<number> {
  const { graphs, errors } = await host.listGraphs();
  if (global.json) {
    io.out(json({ graphs, errors }));
    return 0;
  }
  if (graphs.length > 0) io.out(table(["ID", "DESCRIPTION"], graphs.map((graph) => [graph.id, graph.description ?? ""]), io.style, { columns: io.columns }));
  else io.out("No graphs loaded.");
  for (const error of errors) io.err(`countersign: ${oneLine(error.message)}`);
  return 0;
}

async function run(host: Host, command: Extract<Command, { name: "run" }>, global: GlobalFlags, io: Io): Promise<number> {
  return printRun(await host.startRun({ graphId: command.graphId, input: command.input, threadId: command.threadId }, { waitMs: WAIT_MS }), global, io);
}

/** A run's thread: its id, status and pending items; exit code 1 when the run failed. */
function printRun(result: Awaited<ReturnType<Host["startRun"]>>, global: GlobalFlags, io: Io): number {
  if (global.json) {
    io.out(json({ threadId: result.threadId, status: result.status, error: result.error, items: result.items }));
  } else {
    io.out(`Thread ${result.threadId}: ${statusText(result.status, io.style)}${countText(result.items.length, "pending item")}`);
    if (result.items.length > 0) io.out(itemTable(result.items, io, false));
  }
  return failed(io, result.status === "error", `the run failed: ${result.error ?? "unknown error"}`);
}

async function list(host: Host, command: Extract<Command, { name: "list" }>, global: GlobalFlags, io: Io): Promise<number> {
  const items: InboxItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await host.listItems({ ...command.query, cursor, limit: 10_000 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (global.json) io.out(json(items));
  else if (items.length > 0) io.out(itemTable(items, io, true));
  else io.out(Object.keys(command.query).length > 0 ? "No pending items match." : "No pending items.");
  return 0;
}

async function show(host: Host, command: Extract<Command, { name: "show" }>, global: GlobalFlags, io: Io): Promise<number> {
  const { item, thread, decision } = await host.getItem({ itemId: command.itemId });
  if (global.json) {
    io.out(json({ item, thread: { threadId: thread.threadId, status: thread.status, error: thread.error, values: thread.values }, decision }));
    return 0;
  }
  const s = io.style;
  const about: Array<[string, string]> = [
    ["item", `${item.id} (${decision ? "decided" : "pending"})`],
    ["graph", item.graphId],
    ["thread", `${item.threadId}  ${statusText(thread.status, s)}`],
  ];
  if (thread.error) about.push(["error", oneLine(thread.error)]);
  about.push(["kind", item.kind], ["created", time(item.createdAt)]);
  const out = [s.bold(oneLine(item.title)), fields(about, s)];
  if (item.description && item.actions.length !== 1) out.push("", indent(block(item.description), "  "));
  if (item.kind === "generic") out.push("", s.bold("Value"), indent(pretty(item.value), "  "));
  out.push("", s.bold(item.actions.length === 1 ? "Action" : "Actions"), ...item.actions.map((action, i) => actionText(action, i, item.actions.length, s)));
  out.push(...threadText(thread, s));
  if (decision) out.push("", s.bold("Decision"), decisionFields(decision, s));
  else out.push("", s.dim(decideHint(item)));
  io.out(out.join("\n"));
  return 0;
}

async function decide(host: Host, command: Extract<Command, { name: "decide" }>, global: GlobalFlags, io: Io): Promise<number> {
  const result = await host.decide({ itemId: command.itemId, decision: command.decision }, { waitMs: WAIT_MS });
  const { thread } = result;
  if (global.json) {
    io.out(json({ itemId: result.itemId, status: result.status, thread: { threadId: thread.threadId, status: thread.status, error: thread.error, items: thread.items } }));
  } else {
    io.out(`Decided ${result.itemId}: ${statusText(result.status, io.style)}`);
    io.out(`Thread ${thread.threadId}: ${statusText(thread.status, io.style)}${countText(thread.items.length, "pending item")}`);
    if (thread.items.length > 0) io.out(itemTable(thread.items, io, false));
  }
  if (result.status === "queued" && !global.json) io.out("The deployment is out of reach: the decision is queued and is delivered once it is back (countersign source sync).");
  if (result.status === "conflict") return failed(io, true, "the interrupt was answered elsewhere before this decision could be delivered; nothing was sent");
  return failed(io, result.status === "failed", `the decision was recorded, but the run failed: ${thread.error ?? "unknown error"}`);
}

async function source(host: Host, command: Extract<Command, { name: "source" }>, global: GlobalFlags, io: Io): Promise<number> {
  switch (command.action) {
    case "add": {
      const added = await host.addSource(command.source);
      if (global.json) io.out(json(added));
      else io.out(`Added source ${added.name} (${added.url}); \`countersign source sync ${added.name}\` pulls its items.`);
      return 0;
    }
    case "remove":
      await host.removeSource({ name: command.sourceName });
      if (global.json) io.out(json({ removed: command.sourceName }));
      else io.out(`Removed source ${command.sourceName} and its items.`);
      return 0;
    case "list": {
      const { sources } = await host.listSources({});
      if (global.json) io.out(json(sources));
      else if (sources.length === 0) io.out("No remote sources. Add one with: countersign source add --name N --url U");
      else {
        const rows = sources.map((s) => [s.name, s.url, statusText(s.state, io.style) + (s.stateSince !== null && s.state !== "online" ? ` since ${time(new Date(s.stateSince).toISOString())}` : ""), s.syncedAt === null ? "never" : time(new Date(s.syncedAt).toISOString()), String(s.queued), s.lastError ?? ""]);
        io.out(table(["NAME", "URL", "STATE", "LAST SYNCED", "QUEUED", "LAST ERROR"], rows, io.style, { max: [undefined, 40, undefined, undefined, undefined, 60], columns: io.columns }));
      }
      return 0;
    }
    case "sync": {
      const { reports } = await host.syncSources(command.sourceName === undefined ? {} : { name: command.sourceName });
      if (global.json) io.out(json(reports));
      else if (reports.length === 0) io.out("No remote sources to sync.");
      for (const r of global.json ? [] : reports) {
        const pulled = r.items === null ? `could not pull items: ${r.error ?? r.state}` : `${r.items} pending item${r.items === 1 ? "" : "s"}`;
        io.out(`${r.source}: ${statusText(r.state, io.style)}; ${pulled}; ${r.delivered} delivered, ${r.conflicts} conflict(s), ${r.failed} failed, ${r.queued} still queued`);
      }
      // A source that could not be reached is not a failure of the command: its decisions stay queued.
      return reports.some((r) => r.state === "auth-error" || r.state === "error") ? failed(io, true, reports.filter((r) => r.state === "auth-error" || r.state === "error").map((r) => `${r.source}: ${r.error ?? r.state}`).join("; ")) : 0;
    }
  }
}

async function history(host: Host, command: Extract<Command, { name: "history" }>, global: GlobalFlags, io: Io): Promise<number> {
  const records = (await host.history({ limit: command.limit })).decisions;
  if (global.json) {
    io.out(json(records));
    return 0;
  }
  if (records.length === 0) {
    io.out("No decisions yet.");
    return 0;
  }
  const rows = records.map((record) => [time(record.decidedAt), record.itemId, record.item.title, decisionText(record.decision), compactJson(record.resume), outcomeText(record)]);
  io.out(table(["TIME", "ITEM", "TITLE", "DECISION", "RESUME SENT", "OUTCOME"], rows, io.style, { max: [undefined, undefined, 36, 36, 36], columns: io.columns }));
  return 0;
}

function itemTable(items: InboxItem[], io: Io, withGraph: boolean): string {
  const now = Date.now();
  const header = ["ID", ...(withGraph ? ["GRAPH"] : []), "KIND", "AGE", "TITLE"];
  const rows = items.map((item) => [item.id, ...(withGraph ? [item.graphId] : []), item.kind, age(item.createdAt, now), item.title]);
  return table(header, rows, io.style, { columns: io.columns });
}

function actionText(action: InboxItem["actions"][number], index: number, count: number, s: Style): string {
  const allowed = action.allowedDecisions.join(" | ") || "none";
  const lines = [`  ${count > 1 ? `${index + 1}. ` : ""}${s.bold(oneLine(action.name))}  ${s.dim(`allows ${allowed}`)}`];
  const details = count > 1 ? "     " : "    ";
  if (action.description) lines.push(indent(block(action.description), details));
  if (Object.keys(action.args).length > 0) lines.push(indent(pretty(action.args), details));
  return lines.join("\n");
}

function threadText(thread: ThreadContext, s: Style): string[] {
  if (thread.values === null) return ["", s.dim("(the thread has no saved state)")];
  const out: string[] = [];
  if (thread.messages && thread.messages.length > 0) out.push("", s.bold("Conversation"), ...thread.messages.map((message) => messageText(message, s)));
  const values = thread.values;
  if (typeof values === "object" && !Array.isArray(values)) {
    const entries = Object.entries(values as Record<string, unknown>).filter(([key]) => !(thread.messages && key === "messages"));
    if (entries.length > 0) out.push("", s.bold("State"), fields(entries.map(([key, value]) => [oneLine(key), truncate(oneLine(compactJson(value)), STATE_VALUE_MAX)]), s));
  } else {
    out.push("", s.bold("State"), `  ${truncate(oneLine(compactJson(values)), STATE_VALUE_MAX)}`);
  }
  return out;
}

function messageText(message: ChatMessage, s: Style): string {
  const label = oneLine(message.type).padEnd(6);
  const content = typeof message.content === "string" ? message.content : compactJson(message.content);
  const prefix = message.type === "tool" && message.name ? `${message.name}: ` : "";
  const lines = [`  ${s.dim(label)}  ${indent(block(prefix + content), " ".repeat(10)).trimStart()}`];
  for (const call of message.toolCalls ?? []) lines.push(`          → ${oneLine(call.name)} ${oneLine(compactJson(call.args))}`);
  return lines.join("\n");
}

function decisionFields(decision: DecisionRecord, s: Style): string {
  const pairs: Array<[string, string]> = [
    ["decided", time(decision.decidedAt)],
    ["decision", oneLine(decisionText(decision.decision))],
    ["resume", oneLine(compactJson(decision.resume))],
    ["outcome", oneLine(outcomeText(decision))],
  ];
  return fields(pairs, s);
}

const FLAG_FOR: Record<string, string> = {
  approve: "--approve",
  edit: "--edit JSON",
  reject: "--reject [MESSAGE]",
  respond: "--respond TEXT",
  ignore: "--ignore",
};

function decideHint(item: InboxItem): string {
  const base = `countersign decide ${item.id}`;
  if (item.actions.length === 1) {
    const allowed = new Set<string>(item.actions[0]!.allowedDecisions);
    // A HumanInterrupt has no reject: the host sends a response (or an ignore) instead.
    if (item.kind === "human-interrupt" && (allowed.has("respond") || allowed.has("ignore"))) allowed.add("reject");
    const flags = Object.keys(FLAG_FOR).filter((decision) => allowed.has(decision)).map((decision) => FLAG_FOR[decision]!);
    return `Decide: ${base} ${[...flags, "--resume JSON"].join(" | ")}`;
  }
  return `Decide: ${base} --decisions JSON (a list, one decision per action in order) | --resume JSON`;
}

function failed(io: Io, condition: boolean, message: string): number {
  if (!condition) return 0;
  io.err(`countersign: ${oneLine(message)}`);
  return 1;
}

function countText(count: number, noun: string): string {
  return count === 0 ? "" : `, ${count} ${noun}${count === 1 ? "" : "s"}`;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function pretty(value: unknown): string {
  return block(JSON.stringify(value, null, 2) ?? "undefined");
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => (line ? prefix + line : line))
    .join("\n");
}
