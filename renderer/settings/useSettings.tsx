// The app's settings as the renderer sees them: fetched once connected, replaced whenever main
// says they changed (the tray's do-not-disturb, another tab), updated through the contract.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { SettingsView } from "../../shared/contract.js";
import type { SettingsPatch } from "../../shared/settings.js";
import { useApi, useConnectionStatus, useHostEvents } from "../api/ApiContext.js";

export interface SettingsState {
  view: SettingsView | null;
  /** Why the settings could not be read, when they could not. */
  error: string | null;
  /** Saves the patch; resolves to the refusal's message, or null once saved. */
  update(patch: SettingsPatch): Promise<string | null>;
}

const SettingsContext = createContext<SettingsState>({ view: null, error: null, update: async () => "Settings are not available." });

export function SettingsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const status = useConnectionStatus();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (status !== "connected") return;
    let current = true;
    void api.getSettings({}).then((response) => {
      if (!current) return;
      if (response.ok) {
        setView(response.result);
        setError(null);
      } else setError(response.error.message);
    });
    return () => {
      current = false;
    };
  }, [api, status]);

  useHostEvents((event) => {
    if (event.type === "settings-changed") setView(event.view);
  });

  const update = useCallback(
    async (patch: SettingsPatch) => {
      const response = await api.updateSettings({ settings: patch });
      if (!response.ok) return response.error.message;
      setView(response.result);
      return null;
    },
    [api],
  );

  return <SettingsContext.Provider value={{ view, error, update }}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  return useContext(SettingsContext);
}
