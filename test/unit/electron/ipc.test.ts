// IPC binding: every contract call is bound, and only our window's top-level app:// frame reaches a handler.
const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
}));
vi.mock("electron", () => ({ ipcMain: electron.ipcMain }));

import { callNames, ipcChannel, IPC_EVENT_CHANNEL } from "../../../shared/contract.js";
import type { HostEvent } from "../../../shared/inbox.js";
import { bindIpc, forwardHostEvents, isFromWindow, isTrustedSender, REFUSED } from "../../../main/electron/ipc.js";
import type { Handlers } from "../../../main/transport/handlers.js";
import { handlerLink } from "../../../main/transport/host-link.js";

// Electron's types stay out of tests too: only the adapter may name "electron".
type BrowserWindow = NonNullable<ReturnType<Parameters<typeof bindIpc>[1]>>;
type IpcMainInvokeEvent = Parameters<typeof isFromWindow>[0];

const APP_PAGE = "app://countersign/index.html";

function frame(url: string, options: { parent?: unknown; processId?: number; routingId?: number } = {}) {
  return { url, parent: options.parent ?? null, processId: options.processId ?? 7, routingId: options.routingId ?? 1 };
}

function fakeWindow(options: { id?: number; url?: string; destroyed?: boolean } = {}) {
  const mainFrame = frame(options.url ?? APP_PAGE);
  const send = vi.fn();
  const window = {
    isDestroyed: () => options.destroyed ?? false,
    webContents: { id: options.id ?? 1, mainFrame, send, isDestroyed: () => false, getURL: () => options.url ?? APP_PAGE },
  };
  return { window: window as unknown as BrowserWindow, mainFrame, send };
}

function fakeHandlers(): Handlers {
  const handlers = {} as Record<string, ReturnType<typeof vi.fn>>;
  for (const name of callNames) handlers[name] = vi.fn(async () => ({ called: name }));
  return handlers as unknown as Handlers;
}

/** The function registered with ipcMain.handle for a call. */
function registered(name: (typeof callNames)[number]) {
  const entry = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === ipcChannel(name));
  if (!entry) throw new Error(`${name} not bound`);
  return entry[1] as (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;
}

function event(sender: { id: number }, senderFrame: unknown) {
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent;
}

beforeEach(() => {
  electron.ipcMain.handle.mockClear();
  electron.ipcMain.removeHandler.mockClear();
});

describe("isTrustedSender", () => {
  it("accepts the top-level frame of an app://countersign page", () => {
    expect(isTrustedSender(frame(APP_PAGE))).toBe(true);
    expect(isTrustedSender(frame("app://countersign/"))).toBe(true);
    expect(isTrustedSender(frame("app://countersign/index.html#/item/1?x=1"))).toBe(true);
  });

  it("refuses an iframe, even of our own origin", () => {
    const top = frame(APP_PAGE);
    expect(isTrustedSender(frame(APP_PAGE, { parent: top }))).toBe(false);
    expect(isTrustedSender(frame("https://evil.example/", { parent: top }))).toBe(false);
  });

  it("refuses other origins and look-alikes", () => {
    for (const url of [
      "https://evil.example/index.html",
      "http://countersign/index.html",
      "file:///work/out/renderer/index.html",
      "app://countersign.evil.example/index.html",
      "app://evil/index.html",
      "app://countersign:8080/index.html",
      "app://user@evil/index.html",
      "countersign://item/1",
      "about:blank",
      "data:text/html,<script></script>",
      "",
      "not a url",
    ]) {
      expect(isTrustedSender(frame(url)), url).toBe(false);
    }
  });

  it("refuses a missing frame (navigated away or destroyed)", () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe("isFromWindow", () => {
  it("accepts our window's main frame and refuses another webContents or frame", () => {
    const { window, mainFrame } = fakeWindow({ id: 1 });
    expect(isFromWindow(event({ id: 1 }, mainFrame) as never, window as never)).toBe(true);
    expect(isFromWindow(event({ id: 2 }, frame(APP_PAGE)) as never, window as never)).toBe(false);
    expect(isFromWindow(event({ id: 1 }, frame(APP_PAGE, { routingId: 99 })) as never, window as never)).toBe(false);
    expect(isFromWindow(event({ id: 1 }, frame(APP_PAGE, { processId: 8 })) as never, window as never)).toBe(false);
  });

  it("refuses everything while there is no window, or once it is destroyed", () => {
    const { mainFrame } = fakeWindow();
    expect(isFromWindow(event({ id: 1 }, mainFrame) as never, null)).toBe(false);
    const { window: gone, mainFrame: goneFrame } = fakeWindow({ destroyed: true });
    expect(isFromWindow(event({ id: 1 }, goneFrame) as never, gone as never)).toBe(false);
  });
});

describe("bindIpc", () => {
  it("binds every contract call once, on its contract channel, and nothing else", () => {
    bindIpc(handlerLink(fakeHandlers(), () => () => undefined), () => null);
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels).toHaveLength(callNames.length);
    expect(new Set(channels)).toEqual(new Set(callNames.map((name) => ipcChannel(name))));
  });

  it("runs the handler for our window's top-level frame, with the validated input", async () => {
    const { window, mainFrame } = fakeWindow();
    const handlers = fakeHandlers();
    bindIpc(handlerLink(handlers, () => () => undefined), () => window);
    const result = await registered("getItem")(event({ id: 1 }, mainFrame), { itemId: "abc" });
    expect(result).toEqual({ ok: true, result: { called: "getItem" } });
    expect(handlers.getItem).toHaveBeenCalledWith({ itemId: "abc" });
  });

  it.each([
    ["an iframe of our window", { id: 1 }, () => frame(APP_PAGE, { parent: frame(APP_PAGE), routingId: 2 })],
    ["an iframe of another origin in our window", { id: 1 }, () => frame("https://evil.example/", { parent: frame(APP_PAGE), routingId: 2 })],
    ["our main frame showing another origin", { id: 1 }, () => frame("https://evil.example/")],
    ["another webContents showing an app page", { id: 2 }, () => frame(APP_PAGE)],
    ["a destroyed frame", { id: 1 }, () => null],
  ])("refuses %s before any handler runs", async (_label, sender, senderFrame) => {
    const { window } = fakeWindow();
    const handlers = fakeHandlers();
    bindIpc(handlerLink(handlers, () => () => undefined), () => window);
    for (const name of callNames) {
      expect(await registered(name)(event(sender, senderFrame()), {})).toEqual(REFUSED);
    }
    expect(REFUSED).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    for (const name of callNames) expect((handlers as unknown as Record<string, unknown>)[name]).not.toHaveBeenCalled();
  });

  it("refuses every call while the window is gone", async () => {
    const { mainFrame } = fakeWindow();
    const handlers = fakeHandlers();
    bindIpc(handlerLink(handlers, () => () => undefined), () => null);
    expect(await registered("listGraphs")(event({ id: 1 }, mainFrame), {})).toEqual(REFUSED);
    expect(handlers.listGraphs).not.toHaveBeenCalled();
  });

  it("validates our frame's input through the contract: malformed input reaches no handler", async () => {
    const { window, mainFrame } = fakeWindow();
    const handlers = fakeHandlers();
    bindIpc(handlerLink(handlers, () => () => undefined), () => window);
    const result = await registered("getItem")(event({ id: 1 }, mainFrame), { itemId: "", extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    expect(handlers.getItem).not.toHaveBeenCalled();
  });

  it("removes every handler when unbound", () => {
    const unbind = bindIpc(handlerLink(fakeHandlers(), () => () => undefined), () => null);
    unbind();
    expect(electron.ipcMain.removeHandler.mock.calls.map(([channel]) => channel).sort()).toEqual(callNames.map((name) => ipcChannel(name)).sort());
  });
});

describe("forwardHostEvents", () => {
  function fakeHost() {
    const listeners = new Set<(event: HostEvent) => void>();
    return {
      subscribe(listener: (event: HostEvent) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit(event: HostEvent) {
        for (const listener of listeners) listener(event);
      },
    };
  }
  const resolved: HostEvent = { type: "item-resolved", itemId: "i1", threadId: "t1" };

  it("sends host events to our window on the event channel", () => {
    const host = fakeHost();
    const { window, send } = fakeWindow();
    forwardHostEvents(host, () => window);
    host.emit(resolved);
    expect(send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, resolved);
  });

  it("sends nothing when the window is gone or shows a foreign page, and stops when unsubscribed", () => {
    const host = fakeHost();
    const foreign = fakeWindow({ url: "https://evil.example/" });
    const unsubscribe = forwardHostEvents(host, () => foreign.window);
    host.emit(resolved);
    expect(foreign.send).not.toHaveBeenCalled();
    unsubscribe();

    const ours = fakeWindow();
    let current: BrowserWindow | null = null;
    const stop = forwardHostEvents(host, () => current);
    host.emit(resolved);
    current = ours.window;
    stop();
    host.emit(resolved);
    expect(ours.send).not.toHaveBeenCalled();
  });
});
