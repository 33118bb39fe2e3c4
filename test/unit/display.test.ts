// The one display rule: whether `npm start` can show the desktop app and `serve --open` a browser.
import { hasDisplay } from "../../main/host/display.js";
import { browserCommand } from "../../main/server/serve.js";
import { findElectron } from "../../main/launcher.js";

const cases: Array<[NodeJS.Platform, NodeJS.ProcessEnv, boolean]> = [
  ["darwin", {}, true],
  ["win32", {}, true],
  ["linux", {}, false],
  ["linux", { DISPLAY: ":0" }, true],
  ["linux", { WAYLAND_DISPLAY: "wayland-0" }, true],
  ["linux", { DISPLAY: "", WAYLAND_DISPLAY: "" }, false],
  ["freebsd", {}, false],
  ["freebsd", { DISPLAY: ":1" }, true],
  ["openbsd", { WAYLAND_DISPLAY: "wayland-1" }, true],
];

describe("hasDisplay", () => {
  it.each(cases)("%s with %j: %s", (platform, env, expected) => {
    expect(hasDisplay(platform, env)).toBe(expected);
  });

  it("reads this process's platform and environment by default", () => {
    expect(hasDisplay()).toBe(hasDisplay(process.platform, process.env));
  });
});

describe("its users agree with it", () => {
  it.each(cases)("%s with %j: the browser opener", (platform, env, expected) => {
    expect(browserCommand("http://127.0.0.1:1/", platform, env) !== null).toBe(expected);
  });

  it.each(cases)("%s with %j: the Electron launcher", (platform, env, expected) => {
    const files = { "/e/path.txt": "electron", "/e/dist/electron": "" };
    const found = findElectron({ packageDir: "/e", env, platform, exists: (path) => Object.hasOwn(files, path), readText: (path) => files[path as keyof typeof files] ?? null });
    expect(found.ok || found.reason !== "no display (DISPLAY and WAYLAND_DISPLAY are unset)").toBe(expected);
  });
});
