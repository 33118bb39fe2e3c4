import type { CountersignApi } from "../shared/contract.js";

declare global {
  interface Window {
    /** The Electron preload bridge; absent in browser mode, where the WebSocket client is used. */
    countersign?: CountersignApi;
  }
}

export {};
