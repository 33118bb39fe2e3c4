// Command-line and deep-link parsing for the app process. Plain functions, no Electron.

export const DEEP_LINK_SCHEME = "countersign";

export interface AppArgs {
  dataDir?: string;
  configPath?: string;
  /** A countersign:// URL the app was opened with (Windows/Linux put it in argv). */
  deepLink?: string;
}

/**
 * Reads `--data DIR` and `--config FILE` (or `--data=DIR`) and a countersign:// URL from argv.
 * Chromium may reorder a switch's separate value in a second instance's argv, so `npm start`
 * passes the `=` form.
 */
export function parseAppArgs(argv: readonly string[]): AppArgs {
  const args: AppArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    const [flag, inline] = token.startsWith("--") && token.includes("=") ? [token.slice(0, token.indexOf("=")), token.slice(token.indexOf("=") + 1)] : [token, undefined];
    if (flag === "--data" || flag === "--config") {
      let value = inline;
      const next = argv[i + 1];
      if (value === undefined && next !== undefined && !next.startsWith("-")) {
        value = next;
        i++;
      }
      if (value) {
        if (flag === "--data") args.dataDir = value;
        else args.configPath = value;
      }
    } else if (token.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) {
      args.deepLink = token;
    }
  }
  return args;
}

const MAX_ID_LENGTH = 512;

/** The item a `countersign://item/<id>` link names, or null for anything else. */
export function parseDeepLink(url: string): { itemId: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: not a deep link.
    return null;
  }
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:` || parsed.host !== "item") return null;
  let itemId: string;
  try {
    itemId = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  } catch {
    // Malformed percent-encoding: not an item id.
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (itemId.length === 0 || itemId.length > MAX_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(itemId)) return null;
  return { itemId };
}
