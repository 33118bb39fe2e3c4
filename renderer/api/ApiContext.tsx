import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";
import type { AppEvent } from "../../shared/contract.js";
import type { ConnectionStatus, CountersignClient } from "./connection.js";

const ApiContext = createContext<CountersignClient | null>(null);

export function ApiProvider({ api, children }: { api: CountersignClient; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): CountersignClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiProvider");
  return api;
}

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = useApi();
  return useSyncExternalStore(
    (notify) => connection.onStatus(notify),
    () => connection.status(),
  );
}

/** Subscribes to the window's events for the component's lifetime; the latest handler is always called. */
export function useHostEvents(handler: (event: AppEvent) => void): void {
  const api = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => api.onEvent((event) => latest.current(event)), [api]);
}

/** Calls `handler` whenever the connection comes back after having been lost (events may have been missed). */
export function useOnReconnect(handler: () => void): void {
  const { connection } = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    let wasDown = false;
    return connection.onStatus((status) => {
      if (status === "connected" && wasDown) latest.current();
      if (status === "disconnected") wasDown = true;
      if (status === "connected") wasDown = false;
    });
  }, [connection]);
}
