const STORAGE_KEY = "countersign.token";

/**
 * The browser-mode access token: from `?token=` on first load (then removed from the address bar so it
 * is not shared by copy-paste or screenshots), and from localStorage on reloads and in other tabs.
 * localStorage is kept per origin, so per port: unlike a cookie, no other server on this host sees it.
 */
export function readToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try {
      window.localStorage.setItem(STORAGE_KEY, fromUrl);
      url.searchParams.delete("token");
      window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    return fromUrl;
  }
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
