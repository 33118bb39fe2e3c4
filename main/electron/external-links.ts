// The one way a URL leaves the app for the system browser. Interrupt payloads are written by
// LLMs, so every link is untrusted: only plain web URLs go out, never file:, javascript:,
// data:, custom schemes or anything that could start a local program.
import { shell } from "electron";

const MAX_URL_LENGTH = 8192;

export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: not safe to open.
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  // Credentials in a link (https://user:pass@host) are a classic disguise for the real host.
  if (parsed.username || parsed.password) return false;
  return parsed.hostname.length > 0;
}

/** Opens `url` in the default browser when it is an http(s) URL; returns whether it did. */
export async function openExternalSafely(url: unknown): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  try {
    await shell.openExternal(new URL(url).href);
    return true;
  } catch {
    // No browser registered for it: the answer says it was not opened.
    return false;
  }
}
