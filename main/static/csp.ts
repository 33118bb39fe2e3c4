// The Content-Security-Policy of the renderer's pages, one builder for every way they are served:
// the app:// protocol, browser mode's HTTP server, and the <meta> copy written into index.html at
// build time (electron.vite.config.ts), which still holds when a page is opened some other way.

export interface PolicyOptions {
  /** Sources allowed for connections besides the page's own origin, e.g. browser mode's `ws://host:port`. */
  connect?: readonly string[];
  /** For a <meta> element, where browsers ignore `frame-ancestors` (and warn about it). */
  meta?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const connect = options.connect ?? [];
  // A source is one token: a space, comma or semicolon would add sources or directives.
  const bad = connect.find((source) => source.length === 0 || /[\s;,]/.test(source));
  if (bad !== undefined) throw new Error(`Invalid connect-src source ${JSON.stringify(bad)}`);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connect].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    ...(options.meta ? [] : ["frame-ancestors 'none'"]),
    "form-action 'none'",
  ].join("; ");
}
