// The one rule for a link that leaves the app for the system browser. Interrupt payloads are
// written by LLMs, so every link is untrusted: only plain web URLs go out, never file:,
// javascript:, data:, mailto: (some mail clients attach local files named in the URL), custom
// schemes or anything else that could start a local program. The Electron adapter opens links by
// it, and the renderer's markdown keeps only the links it accepts, so a link shown is a link that
// opens, in the desktop app and in browser mode alike.

const MAX_URL_LENGTH = 8192;

/** The normalized http(s) URL `url` names when it may be opened outside the app, else null. */
export function externalUrl(url: unknown): string | null {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  // Credentials in a link (https://user:pass@host) are a classic disguise for the real host.
  if (parsed.username || parsed.password) return null;
  if (parsed.hostname.length === 0) return null;
  return parsed.href;
}

export function isSafeExternalUrl(url: unknown): url is string {
  return externalUrl(url) !== null;
}
