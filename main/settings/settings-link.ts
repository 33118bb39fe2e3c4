// Settings are the main thread's: the app's tray, notifications and window read them there, and
// the host (in its worker thread) never needs them. So the settings calls of the contract are
// answered in front of the host's link, by the same dispatch (validation, typed errors) as the
// host's calls; every other call goes on to the host unchanged.
import { dispatch } from "../transport/handlers.js";
import type { HostLink } from "../transport/host-link.js";
import { settingsCallInputs, type SettingsService } from "../../shared/contract.js";
import type { SettingsStore } from "./settings-file.js";

export function settingsHandlers(store: SettingsStore): SettingsService {
  return {
    getSettings: async () => store.view(),
    updateSettings: async ({ settings }) => store.update(settings),
  };
}

/** The host's link with the settings calls answered by `store`, and its changes as `settings-changed` events. */
export function withSettings(host: HostLink, store: SettingsStore): HostLink {
  const handlers = settingsHandlers(store);
  return {
    call: (name, input) => (typeof name === "string" && Object.hasOwn(settingsCallInputs, name) ? dispatch(handlers, name, input) : host.call(name, input)),
    subscribe(listener) {
      const fromHost = host.subscribe(listener);
      const fromSettings = store.subscribe((view) => listener({ type: "settings-changed", view }));
      return () => {
        fromHost();
        fromSettings();
      };
    },
  };
}
