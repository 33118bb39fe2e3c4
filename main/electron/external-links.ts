// The one way a URL leaves the app for the system browser, by the rule of shared/external-url.ts.
import { shell } from "electron";
import { externalUrl } from "../../shared/external-url.js";

/** Opens `url` in the default browser when the external-URL rule accepts it; returns whether it did. */
export async function openExternalSafely(url: unknown): Promise<boolean> {
  const href = externalUrl(url);
  if (href === null) return false;
  try {
    await shell.openExternal(href);
    return true;
  } catch {
    // No browser registered for it: the answer says it was not opened.
    return false;
  }
}
