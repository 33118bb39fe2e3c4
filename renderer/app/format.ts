import type { AllowedDecision, ItemKind } from "../../shared/items.js";
import { revealControls } from "../../shared/text.js";

export const KIND_LABELS: Record<ItemKind, string> = {
  hitl: "Tool calls",
  "human-interrupt": "Human interrupt",
  "tool-approval": "Tool approval",
  breakpoint: "Breakpoint",
  generic: "Question",
};

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export function decisionLabel(type: AllowedDecision, kind: ItemKind): string {
  switch (type) {
    case "approve":
      return kind === "human-interrupt" ? "Accept" : kind === "breakpoint" ? "Continue" : "Approve";
    case "edit":
      return "Edit";
    case "reject":
      return "Reject";
    case "respond":
      return "Respond";
    case "ignore":
      return "Ignore";
  }
}

/** Pretty JSON that never throws (cycles and BigInt cannot arrive over the contract, but be safe). */
export function prettyJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, null, 2);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

/** prettyJson for display: bidi and zero-width characters shown as their code (JSON.stringify keeps them as they are). */
export function displayJson(value: unknown): string {
  return revealControls(prettyJson(value));
}

export function compactJson(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Made on first use: the first Intl object of a page starts ICU up (0.05–0.15 s here), which at
 * module load would hold back the first request. main.tsx warms them once that request has left.
 */
function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const RELATIVE = lazy(() => new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "narrow" }));

export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 45 * 60) return RELATIVE().format(Math.round(seconds / 60), "minute");
  if (abs < 22 * 3600) return RELATIVE().format(Math.round(seconds / 3600), "hour");
  return RELATIVE().format(Math.round(seconds / 86400), "day");
}

const DATE_TIME = lazy(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }));

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : DATE_TIME().format(then);
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

export type ValueType = "string" | "number" | "boolean" | "null" | "array" | "object";

export function valueType(value: unknown): ValueType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "object";
  }
}

const NUMBER = lazy(() => new Intl.NumberFormat());

/** 10000 → "10,000" (in the user's locale). */
export function formatCount(n: number): string {
  return NUMBER().format(n);
}

/** Makes the formatters the inbox list needs now, rather than in the render that shows the first rows. */
export function warmFormats(): void {
  RELATIVE();
  NUMBER();
}
