// The preload exposes exactly the contract: one function per call plus onEvent, nothing raw.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock("electron", () => electron);

import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type CountersignApi } from "../../../shared/contract.js";

let api: CountersignApi;

beforeAll(async () => {
  await import("../../../main/preload.js");
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe("countersign");
  api = value as CountersignApi;
});

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
  electron.ipcRenderer.on.mockClear();
  electron.ipcRenderer.removeListener.mockClear();
});

it("exposes exactly one function per contract call plus onEvent", () => {
  expect(Object.keys(api).sort()).toEqual([...callNames, "onEvent"].sort());
  for (const value of Object.values(api)) expect(typeof value).toBe("function");
  expect(Object.getOwnPropertySymbols(api)).toEqual([]);
});

it.each(callNames)("%s invokes its own contract channel with the input, and nothing else", async (name) => {
  const input = { probe: name };
  const call = api[name] as (input: unknown) => Promise<unknown>;
  await expect(call(input)).resolves.toEqual({ channel: ipcChannel(name), input });
  expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
  expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannel(name), input);
});

it("onEvent passes the listener only the host event, never the IpcRendererEvent", () => {
  const listener = vi.fn();
  api.onEvent(listener);
  expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
  const [channel, forward] = electron.ipcRenderer.on.mock.calls[0]! as [string, (...args: unknown[]) => void];
  expect(channel).toBe(IPC_EVENT_CHANNEL);
  const ipcEvent = { sender: { send: () => undefined }, senderFrame: {}, ports: [] };
  const hostEvent = { type: "item-resolved", itemId: "i", threadId: "t" };
  forward(ipcEvent, hostEvent);
  expect(listener).toHaveBeenCalledTimes(1);
  expect(listener.mock.calls[0]).toEqual([hostEvent]);
});

it("onEvent returns an unsubscribe that removes exactly its own forwarder", () => {
  const unsubscribe = api.onEvent(vi.fn());
  const [, forward] = electron.ipcRenderer.on.mock.calls[0]!;
  unsubscribe();
  expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, forward);
});

it("onEvent refuses a non-function listener", () => {
  expect(() => api.onEvent("nope" as never)).toThrow(TypeError);
  expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
});
