// The settings file: validated on load (a bad file leaves the defaults in force and is kept),
// patches validated before anything changes, and the settings calls answered in front of the host.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { INVALID_SETTINGS_FILE, SettingsStore, parseSettings } from "../../main/settings/settings-file.js";
import { withSettings } from "../../main/settings/settings-link.js";
import type { HostLink } from "../../main/transport/host-link.js";
import type { AppEvent } from "../../shared/contract.js";
import { doNotDisturb } from "../../shared/do-not-disturb.js";
import { DEFAULT_SETTINGS, SETTINGS_FILE } from "../../shared/settings.js";
import { tempDir } from "../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe("parseSettings", () => {
  it("a missing file is the defaults, with no problem", () => {
    expect(parseSettings(null, "s.json")).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
    expect(DEFAULT_SETTINGS).toMatchObject({ version: 1, notifications: { enabled: true, actions: false }, reminders: { default: null }, doNotDisturbUntil: null });
  });

  it("fills what an older file leaves out", () => {
    const { settings, problem } = parseSettings(JSON.stringify({ version: 1, closeToTray: false }), "s.json");
    expect(problem).toBeNull();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false });
  });

  it.each([
    ["not JSON", "{ nope", /s\.json is not valid JSON/],
    ["a wrong type", JSON.stringify({ version: 1, closeToTray: "yes" }), /s\.json is not valid: closeToTray: /],
    ["a reminder of zero minutes", JSON.stringify({ version: 1, reminders: { graphs: { a: 0 } } }), /reminders\.graphs\.a/],
    ["an unknown key", JSON.stringify({ version: 1, colour: "red" }), /s\.json is not valid/],
    ["a newer version", JSON.stringify({ version: 2 }), /newer Countersign \(settings version 2; this one reads 1\)/],
    ["no version", JSON.stringify({ closeToTray: false }), /version/],
  ])("%s: the defaults, and a message naming the file and the fault", (_label, text, message) => {
    const { settings, problem } = parseSettings(text, "s.json");
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problem).toMatch(message);
    expect(problem).toMatch(/the default settings are used and the file is kept/);
  });
});

describe("SettingsStore", () => {
  it("saves a patch whole, keeps what it leaves out, and reads it back on the next start", () => {
    const store = SettingsStore.open(dir.path);
    const seen: unknown[] = [];
    store.subscribe((view) => seen.push(view.settings.closeToTray));
    store.update({ closeToTray: false, reminders: { default: 30, graphs: { "ship-it": null }, sources: {} } });
    expect(seen).toEqual([false]);
    const again = SettingsStore.open(dir.path).view();
    expect(again.problem).toBeNull();
    expect(again.settings).toEqual({ ...DEFAULT_SETTINGS, closeToTray: false, reminders: { default: 30, graphs: { "ship-it": null }, sources: {} } });
    if (process.platform !== "win32") expect(statSync(dir.file(SETTINGS_FILE)).mode & 0o777).toBe(0o600);
  });

  it("refuses an invalid patch with a specific message and changes nothing", () => {
    const store = SettingsStore.open(dir.path);
    store.update({ startAtLogin: true });
    const before = readFileSync(dir.file(SETTINGS_FILE), "utf8");
    expect(() => store.update({ notifications: { enabled: false } })).toThrow(/Invalid settings: notifications\.actions/);
    expect(() => store.update({ reminders: { default: -5, graphs: {}, sources: {} } })).toThrow(/reminders\.default/);
    expect(() => store.update({ version: 2 })).toThrow(/Invalid settings/);
    expect(readFileSync(dir.file(SETTINGS_FILE), "utf8")).toBe(before);
    expect(store.current.startAtLogin).toBe(true);
  });

  it("keeps a bad file: untouched on load, moved aside before the first change is saved", () => {
    writeFileSync(dir.file(SETTINGS_FILE), "{ broken");
    const store = SettingsStore.open(dir.path);
    expect(store.view().problem).toMatch(/is not valid JSON/);
    expect(store.current).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(dir.file(SETTINGS_FILE), "utf8")).toBe("{ broken");
    store.update({ closeToTray: false });
    expect(readFileSync(dir.file(INVALID_SETTINGS_FILE), "utf8")).toBe("{ broken");
    expect(store.view().problem).toBeNull();
    expect(SettingsStore.open(dir.path).current.closeToTray).toBe(false);
    expect(existsSync(dir.file(SETTINGS_FILE))).toBe(true);
  });
});

describe("withSettings", () => {
  function fakeHost() {
    const listeners = new Set<(event: AppEvent) => void>();
    const host: HostLink & { calls: unknown[] } = {
      calls: [],
      call: async (name, input) => {
        host.calls.push([name, input]);
        return { ok: true, result: { items: [] } as never };
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return host;
  }

  it("answers the settings calls itself, validated, and passes every other call to the host", async () => {
    const host = fakeHost();
    const link = withSettings(host, SettingsStore.open(dir.path));
    const got = await link.call("getSettings", {});
    expect(got).toMatchObject({ ok: true, result: { settings: DEFAULT_SETTINGS, problem: null } });
    expect(await link.call("updateSettings", { settings: { closeToTray: "no" } })).toMatchObject({ ok: false, error: { code: "invalid-request", message: expect.stringMatching(/closeToTray/) } });
    expect(await link.call("getSettings", { extra: 1 })).toMatchObject({ ok: false, error: { code: "invalid-request" } });
    await link.call("listItems", { limit: 1 });
    expect(host.calls).toEqual([["listItems", { limit: 1 }]]);
  });

  it("tells subscribers when the settings change", async () => {
    const events: AppEvent[] = [];
    const link = withSettings(fakeHost(), SettingsStore.open(dir.path));
    const stop = link.subscribe((event) => events.push(event));
    await link.call("updateSettings", { settings: { doNotDisturbUntil: 5000 } });
    stop();
    await link.call("updateSettings", { settings: { doNotDisturbUntil: null } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "settings-changed", view: { settings: { doNotDisturbUntil: 5000 } } });
  });
});

it("do not disturb holds until its time", () => {
  expect(doNotDisturb({ doNotDisturbUntil: null }, 10)).toBe(false);
  expect(doNotDisturb({ doNotDisturbUntil: 20 }, 10)).toBe(true);
  expect(doNotDisturb({ doNotDisturbUntil: 20 }, 20)).toBe(false);
});
