// Where inbox items come from: this machine's graphs (the "local" source) and remote LangGraph
// Server deployments, each configured by name. One vocabulary for the contract, the CLI and the UI.
import { z } from "zod";

/** The source of the items of this machine's own graphs. */
export const LOCAL_SOURCE = "local";

/** What may name a source: it is typed on command lines and shown beside every item of the source. */
export const SourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit")
  .refine((name) => name.toLowerCase() !== LOCAL_SOURCE, `"${LOCAL_SOURCE}" names this machine's own graphs`);

// Messages name the field, never its value: a value may be a secret.
const nonEmpty = z.string().trim().min(1, "must not be empty");
const HttpUrl = z
  .string()
  .max(2048)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "must be an http(s) URL without credentials (put a key in apiKey or headers)");
/** HTTP header names are tokens; a value with a line break could smuggle another header. */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name");
const HeaderValue = z.string().refine((value) => !/[\r\n\0]/.test(value), "must not contain line breaks or NUL");

/** How a deployment is reached: its address, optional key and headers, and an optional graph filter. */
export const SourceSettings = z.strictObject({
  name: nonEmpty,
  url: HttpUrl,
  apiKey: nonEmpty.optional(),
  headers: z.record(HeaderName, HeaderValue).optional(),
  /** Only this graph's threads: an assistant id (a UUID) or a graph id. */
  graphId: nonEmpty.optional(),
});
export type SourceSettings = z.infer<typeof SourceSettings>;

/** A source as a user adds it: its settings under a name the inbox can show. */
export const SourceInput = SourceSettings.extend({ name: SourceName });
export type SourceInput = z.infer<typeof SourceInput>;

/** A source's new settings; `keepSecrets`: no key or headers given keeps the stored ones (an edit form never shows them). */
export const SourceUpdate = SourceInput.extend({ keepSecrets: z.boolean().optional() });
export type SourceUpdate = z.infer<typeof SourceUpdate>;

/** How a source is doing: `new` until its first sync. */
export const SourceState = z.enum(["new", "online", "offline", "auth-error", "error"]);
export type SourceState = z.infer<typeof SourceState>;

/** A source as shown to users: never its API key or header values. */
export interface SourceInfo {
  name: string;
  url: string;
  graphId: string | null;
  hasApiKey: boolean;
  headerNames: string[];
  state: SourceState;
  /** When the state began (ms since the epoch); null while new. */
  stateSince: number | null;
  lastError: string | null;
  /** When items were last pulled successfully (ms since the epoch). */
  syncedAt: number | null;
  /** Decisions accepted while the deployment was out of reach, not delivered yet. */
  queued: number;
}
