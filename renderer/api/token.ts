const STORAGE_KEY = "countersign.token";

/**
 * The browser-mode access token: from `?token=` on first load (then removed from the address bar so it
 * is not shared by copy-paste or screenshots), and from sessionStorage on reloads.
 */
export function readToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
      url.searchParams.delete("token");
      window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
