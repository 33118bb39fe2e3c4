// Carries the contract over Electron IPC. Every message's sender is checked first (checklist item
// 17): only the top-level frame of our own window, showing an app:// page, reaches a handler; the
// input is then validated by the contract's dispatch like any other transport's.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from "electron";
import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type AppEvent, type CallName, type CallResult } from "../../shared/contract.js";
import type { HostLink } from "../transport/host-link.js";
import { APP_ORIGIN, originOf } from "./origin.js";

/** The parts of a WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** A top-level frame (no parent) showing a page of `expectedOrigin`. */
export function isTrustedSender(frame: FrameLike | null | undefined, expectedOrigin: string = APP_ORIGIN): boolean {
  if (!frame || frame.parent !== null) return false;
  return originOf(frame.url) === expectedOrigin;
}

interface FrameIds {
  readonly processId: number;
  readonly routingId: number;
}

/** The sender is `window`'s main frame: same webContents, same frame, top level, our origin. */
export function isFromWindow(
  event: { sender: { id: number }; senderFrame: (FrameLike & FrameIds) | null },
  window: { isDestroyed(): boolean; webContents: { id: number; mainFrame: FrameIds } } | null,
  expectedOrigin: string = APP_ORIGIN,
): boolean {
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (!isTrustedSender(frame, expectedOrigin) || !frame) return false;
  const contents = window.webContents;
  if (event.sender.id !== contents.id) return false;
  const main = contents.mainFrame;
  return frame.processId === main.processId && frame.routingId === main.routingId;
}

export const REFUSED: CallResult<CallName> = {
  ok: false,
  error: { code: "invalid-request", message: "Refused: the message did not come from the Countersign window." },
};

/** Registers one handler per contract call, each handing its message to the host; returns a function that removes them. */
export function bindIpc(host: Pick<HostLink, "call">, getWindow: () => BrowserWindow | null): () => void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isFromWindow(event, getWindow())) return REFUSED;
      return host.call(name, input);
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** Sends an event to our window only, and only while it shows an app page; false when it could not. */
export function sendToWindow(window: BrowserWindow | null, event: AppEvent): boolean {
  if (!window || window.isDestroyed()) return false;
  const contents = window.webContents;
  if (contents.isDestroyed() || originOf(contents.getURL()) !== APP_ORIGIN) return false;
  contents.send(IPC_EVENT_CHANNEL, event);
  return true;
}

/** Pushes host events to our window (see sendToWindow). */
export function forwardHostEvents(host: { subscribe(listener: (event: AppEvent) => void): () => void }, getWindow: () => BrowserWindow | null): () => void {
  return host.subscribe((event) => void sendToWindow(getWindow(), event));
}
