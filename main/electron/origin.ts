// Where the app's own pages live: one custom privileged scheme and host, never file://.
// Plain constants and URL checks, no Electron: shared by the protocol, navigation and IPC guards.

export const APP_SCHEME = "app";
export const APP_HOST = "countersign";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL as Chromium sees it for a standard scheme (`app://countersign`). Node's URL
 * reports "null" as the origin of non-special schemes, so it is rebuilt from protocol and host.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    // Not a URL: it has no origin, so it matches none.
    return null;
  }
}

/** True for a page of the app itself (`app://countersign/...`). */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}
