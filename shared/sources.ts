// Where inbox items come from: this machine's graphs (the "local" source) and remote LangGraph
// Server deployments, each configured by name. One vocabulary for the contract, the CLI and the UI.
import { z } from "zod";

/** The source of the items of this machine's own graphs. */
export const LOCAL_SOURCE = "local";

export const SourceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "a source's name is 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit")
  .refine((name) => name.toLowerCase() !== LOCAL_SOURCE, `"${LOCAL_SOURCE}" names this machine's own graphs`);

export const SourceUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "a deployment's URL is an http:// or https:// address without a user name or password (give an API key instead)");

/** Header names as HTTP allows them; values travel sealed, like the API key. */
const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, "a header name is a token of letters, digits and !#$%&'*+.^_`|~-");
const HeaderValue = z.string().max(8192).refine((value) => !/[\r\n\0]/.test(value), "a header value is one line");

export const SourceInput = z
  .object({
    name: SourceName,
    url: SourceUrl,
    apiKey: z.string().min(1).max(4096).optional(),
    headers: z.record(HeaderName, HeaderValue).optional(),
    /** Only threads of this graph (or assistant) id. */
    graphId: z.string().min(1).max(512).optional(),
  })
  .strict();
export type SourceInput = z.infer<typeof SourceInput>;

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
