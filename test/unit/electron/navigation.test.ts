// Navigation, new windows, permissions and <webview>: all denied but the app's own pages.
const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async () => undefined) } }));
vi.mock("electron", () => electron);

import { denyPermissions, guardNavigation, handleWindowOpen, isAllowedNavigation } from "../../../main/electron/navigation.js";

type WebContents = Parameters<typeof guardNavigation>[0];
type Session = Parameters<typeof denyPermissions>[0];

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  };
  const fire = (name: string, url: string) => {
    const event = { preventDefault: vi.fn(), url };
    listeners.get(name)!(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, listeners, fire, open: (url: string) => openHandler!({ url }) };
}

beforeEach(() => electron.shell.openExternal.mockClear());

describe("isAllowedNavigation", () => {
  it("allows only app://countersign pages", () => {
    expect(isAllowedNavigation("app://countersign/index.html")).toBe(true);
    expect(isAllowedNavigation("app://countersign/index.html#/item/1")).toBe(true);
    for (const url of ["https://evil.example/", "http://localhost:5173/", "file:///etc/passwd", "app://other/", "app://countersign.evil/", "javascript:alert(1)", "about:blank", "data:text/html,x"]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });
});

describe("guardNavigation", () => {
  it.each(["will-navigate", "will-frame-navigate", "will-redirect"])("%s: prevents leaving the app, lets app pages through", (name) => {
    const { contents, fire } = fakeContents();
    guardNavigation(contents);
    expect(fire(name, "https://evil.example/phish")).toBe(true);
    expect(fire(name, "file:///etc/passwd")).toBe(true);
    expect(fire(name, "app://countersign/index.html")).toBe(false);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it("refuses to attach any <webview>", () => {
    const { contents, fire } = fakeContents();
    guardNavigation(contents);
    expect(fire("will-attach-webview", "app://countersign/index.html")).toBe(true);
  });

  it("denies every new window, sending web links to the browser and nothing else", async () => {
    const { contents, open } = fakeContents();
    guardNavigation(contents);
    expect(open("https://docs.langchain.com/")).toEqual({ action: "deny" });
    expect(open("javascript:alert(1)")).toEqual({ action: "deny" });
    expect(open("file:///bin/sh")).toEqual({ action: "deny" });
    expect(open("app://countersign/index.html")).toEqual({ action: "deny" });
    await Promise.resolve();
    expect(electron.shell.openExternal.mock.calls).toEqual([["https://docs.langchain.com/"]]);
  });

  it("handleWindowOpen routes only what the external-URL rule accepts to the external opener", () => {
    const opener = vi.fn();
    for (const url of ["http://example.com/", "data:text/html,x", "countersign://item/1", "https://user:pass@evil.example/", "mailto:a@example.com"]) {
      expect(handleWindowOpen(url, opener)).toEqual({ action: "deny" });
    }
    expect(opener.mock.calls).toEqual([["http://example.com/"]]);
  });
});

describe("denyPermissions", () => {
  it("answers no to every permission request and check", () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    };
    denyPermissions(session as unknown as Session);
    for (const permission of ["media", "geolocation", "notifications", "clipboard-read", "openExternal", "fullscreen"]) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!({}, permission, "app://countersign", {})).toBe(false);
    }
  });
});
