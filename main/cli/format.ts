// Human output: aligned tables and short summaries. Every value shown comes from a graph, so
// control characters are removed before anything reaches the terminal.
import { isPlainObject } from "../../shared/values.js";

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function style(enabled: boolean): Style {
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39) };
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

/** One line: whitespace and control characters (escape sequences included) become one space. */
export function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

/** Several lines, without control characters other than newlines. */
export function block(text: string): string {
  const normal = text.replace(/\r\n?/g, "\n").replace(/\t/g, "  ");
  return [...normal].filter((char) => char === "\n" || !/\p{Cc}/u.test(char)).join("").trimEnd();
}

export function width(text: string): number {
  return [...text].length;
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Compact JSON for one cell or line; `undefined` prints as nothing. */
export function compactJson(value: unknown): string {
  return value === undefined ? "" : (JSON.stringify(value) ?? "");
}

export interface TableOptions {
  /** Maximum width of each column (cells are cut with "…"). */
  max?: Array<number | undefined>;
  /** The terminal's width: the last column is cut to fit it. */
  columns?: number;
}

/** Columns separated by two spaces, a bold header, no trailing spaces. */
export function table(header: string[], rows: string[][], s: Style, options: TableOptions = {}): string {
  const cells = [header, ...rows].map((row) => row.map((cell, i) => truncate(oneLine(cell), options.max?.[i] ?? Infinity)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => width(row[i] ?? ""))));
  const last = header.length - 1;
  if (options.columns) {
    const before = widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
    const room = Math.max(12, options.columns - before);
    for (const row of cells) row[last] = truncate(row[last] ?? "", room);
  }
  return cells
    .map((row, r) => {
      const line = row.map((cell, i) => (i === last ? cell : cell + " ".repeat(widths[i]! - width(cell)))).join("  ").trimEnd();
      return r === 0 ? s.bold(line) : line;
    })
    .join("\n");
}

/** Label/value lines with the values aligned. */
export function fields(pairs: Array<[string, string]>, s: Style, indent = "  "): string {
  const labelWidth = Math.max(...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) => `${indent}${s.dim(label.padEnd(labelWidth))}  ${value}`).join("\n");
}

/** "12s", "5m", "3h", "2d": how long ago `iso` was. */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** "2026-11-25 14:27:06Z": an ISO time to the second, UTC. */
export function time(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function statusText(status: string, s: Style): string {
  switch (status) {
    case "done":
    case "applied":
      return s.green(status);
    case "waiting":
    case "running":
    case "recorded":
    case "queued":
    case "new":
    case "offline":
      return s.yellow(status);
    case "error":
    case "failed":
    case "conflict":
    case "auth-error":
      return s.red(status);
    case "online":
      return s.green(status);
    default:
      return status;
  }
}

/** A decision (single or a batch) in a few words: "edit {...}, approve", `reject "too late"`. */
export function decisionText(decision: unknown): string {
  if (isPlainObject(decision) && Array.isArray(decision.decisions)) return decision.decisions.map(decisionText).join(", ") || "(no decisions)";
  if (!isPlainObject(decision) || typeof decision.type !== "string") return compactJson(decision);
  switch (decision.type) {
    case "edit":
      return `edit ${compactJson(decision.args)}`;
    case "reject":
    case "respond":
      return typeof decision.message === "string" ? `${decision.type} ${JSON.stringify(decision.message)}` : decision.type;
    case "resume":
      return `resume ${compactJson(decision.value)}`;
    default:
      return decision.type;
  }
}

/** What became of a decision: "applied, thread done", "failed: <error>", "running". */
export function outcomeText(record: { state: string; outcome: string | null; error: string | null }): string {
  switch (record.state) {
    case "applied":
      return record.outcome ? `applied, thread ${record.outcome}` : "applied";
    case "failed":
      return `failed: ${record.error ?? "unknown error"}`;
    case "conflict":
      return `conflict: ${record.error ?? "answered elsewhere first"}`;
    default:
      return "recorded, running";
  }
}
