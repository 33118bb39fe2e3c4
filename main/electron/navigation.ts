// The window never leaves app://countersign, never opens another window, never grants a
// permission and never hosts a <webview> (checklist items 5, 11-14).
import type { Session, WebContents } from "electron";
import { isSafeExternalUrl } from "../../shared/external-url.js";
import { openExternalSafely } from "./external-links.js";
import { isAppUrl } from "./origin.js";

/** Whether the window may navigate to `url`: only to a page of the app itself. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** What a `window.open` or `target=_blank` link does: never a new window; safe web links go to the browser. */
export function handleWindowOpen(url: string, openExternal: (url: string) => unknown = openExternalSafely): { action: "deny" } {
  if (isSafeExternalUrl(url)) void openExternal(url);
  return { action: "deny" };
}

export function guardNavigation(contents: WebContents): void {
  contents.on("will-navigate", (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on("will-frame-navigate", (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on("will-redirect", (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url));
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
