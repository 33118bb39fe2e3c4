// Preload (sandboxed): exposes window.countersign with one function per contract call plus
// onEvent, nothing else. No raw ipcRenderer, no channel parameter, no IpcRendererEvent reaches
// the page. Bundled to out/preload/preload.cjs; it may require only "electron".
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { callNames, ipcChannel, IPC_EVENT_CHANNEL, type AppEvent, type CountersignApi } from "../shared/contract.js";

function createApi(): CountersignApi {
  const calls = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]));
  return {
    ...calls,
    onEvent(listener: (event: AppEvent) => void): () => void {
      if (typeof listener !== "function") throw new TypeError("onEvent needs a function");
      const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
      ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
  } as CountersignApi;
}

contextBridge.exposeInMainWorld("countersign", createApi());
