// resolveDataDir: --data, then COUNTERSIGN_DATA, then the per-user application data folder of the platform.
import { homedir } from "node:os";
import { join } from "node:path";
import { resolveDataDir } from "../../main/host/data-dir.js";

const home = "/home/ana";

describe("precedence", () => {
  test("--data wins over COUNTERSIGN_DATA and the platform folder", () => {
    expect(resolveDataDir({ data: "/tmp/cs", env: { COUNTERSIGN_DATA: "/srv/cs" }, platform: "linux", home })).toBe("/tmp/cs");
  });

  test("COUNTERSIGN_DATA is used when --data is absent or empty", () => {
    expect(resolveDataDir({ env: { COUNTERSIGN_DATA: "/srv/cs" }, platform: "linux", home })).toBe("/srv/cs");
    expect(resolveDataDir({ data: "", env: { COUNTERSIGN_DATA: "/srv/cs" }, platform: "darwin", home })).toBe("/srv/cs");
  });

  test("an empty COUNTERSIGN_DATA counts as unset", () => {
    expect(resolveDataDir({ env: { COUNTERSIGN_DATA: "" }, platform: "linux", home })).toBe("/home/ana/.config/Countersign");
  });

  test("a relative --data is returned as given", () => {
    expect(resolveDataDir({ data: "./data", env: {}, platform: "linux", home })).toBe("./data");
  });
});

describe("the desktop app's appData", () => {
  test("names the per-user folder when given, after --data and COUNTERSIGN_DATA", () => {
    expect(resolveDataDir({ appData: "/electron/appData", env: { XDG_CONFIG_HOME: "/xdg" }, platform: "linux", home })).toBe(join("/electron/appData", "Countersign"));
    expect(resolveDataDir({ appData: "/electron/appData", env: { COUNTERSIGN_DATA: "/srv/cs" }, platform: "linux", home })).toBe("/srv/cs");
    expect(resolveDataDir({ data: "/tmp/cs", appData: "/electron/appData", env: {}, platform: "linux", home })).toBe("/tmp/cs");
  });

  test("an empty appData counts as unset", () => {
    expect(resolveDataDir({ appData: "", env: {}, platform: "linux", home })).toBe("/home/ana/.config/Countersign");
  });
});

describe("the per-user folder, like Electron's appData + app name", () => {
  test("Linux: ~/.config/Countersign, or $XDG_CONFIG_HOME/Countersign", () => {
    expect(resolveDataDir({ env: {}, platform: "linux", home })).toBe("/home/ana/.config/Countersign");
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: "/xdg" }, platform: "linux", home })).toBe("/xdg/Countersign");
  });

  test("other Unix-likes use the Linux rule", () => {
    expect(resolveDataDir({ env: {}, platform: "freebsd", home })).toBe("/home/ana/.config/Countersign");
  });

  test("macOS: ~/Library/Application Support/Countersign (XDG is ignored)", () => {
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: "/xdg" }, platform: "darwin", home: "/Users/ana" })).toBe("/Users/ana/Library/Application Support/Countersign");
  });

  test("Windows: %APPDATA%\\Countersign, else <home>\\AppData\\Roaming\\Countersign", () => {
    expect(resolveDataDir({ env: { APPDATA: "/c/Users/ana/AppData/Roaming" }, platform: "win32", home })).toBe(join("/c/Users/ana/AppData/Roaming", "Countersign"));
    expect(resolveDataDir({ env: {}, platform: "win32", home: "/c/Users/ana" })).toBe(join("/c/Users/ana", "AppData", "Roaming", "Countersign"));
  });

  test("defaults: process.env, process.platform and the real home folder", () => {
    const saved = { data: process.env.COUNTERSIGN_DATA, xdg: process.env.XDG_CONFIG_HOME };
    try {
      delete process.env.COUNTERSIGN_DATA;
      delete process.env.XDG_CONFIG_HOME;
      if (process.platform === "linux") expect(resolveDataDir()).toBe(join(homedir(), ".config", "Countersign"));
      process.env.COUNTERSIGN_DATA = "/from/env";
      expect(resolveDataDir()).toBe("/from/env");
    } finally {
      for (const [name, value] of [["COUNTERSIGN_DATA", saved.data], ["XDG_CONFIG_HOME", saved.xdg]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
