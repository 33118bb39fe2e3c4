// `npm start`'s decisions: where Electron is (without importing it) and what arguments go through.
import { join, resolve } from "node:path";
import { electronArgs, findElectron, parseStartArgs, platformExecutable, systemProbe, type ElectronProbe } from "../../../main/launcher.js";

const PKG = "/repo/node_modules/electron";

function probe(options: { files?: Record<string, string>; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; packageDir?: string | null } = {}): ElectronProbe {
  const files = options.files ?? {};
  return {
    packageDir: options.packageDir === undefined ? PKG : options.packageDir,
    env: options.env ?? { DISPLAY: ":0" },
    platform: options.platform ?? "linux",
    exists: (path) => Object.hasOwn(files, path),
    readText: (path) => files[path] ?? null,
  };
}

describe("findElectron", () => {
  it("uses dist/<path.txt> when the binary was downloaded", () => {
    const found = findElectron(probe({ files: { [join(PKG, "path.txt")]: "electron", [join(PKG, "dist", "electron")]: "" } }));
    expect(found).toEqual({ ok: true, executable: join(PKG, "dist", "electron") });
  });

  it("reports a missing download (no path.txt), as on this machine", () => {
    expect(findElectron(probe())).toEqual({ ok: false, reason: "the Electron binary is not downloaded" });
  });

  it("reports path.txt pointing at a binary that is not there", () => {
    const found = findElectron(probe({ files: { [join(PKG, "path.txt")]: "electron" } }));
    expect(found.ok).toBe(false);
  });

  it("honours ELECTRON_OVERRIDE_DIST_PATH, with or without path.txt", () => {
    const env = { DISPLAY: ":0", ELECTRON_OVERRIDE_DIST_PATH: "/opt/electron" };
    expect(findElectron(probe({ env, files: { "/opt/electron/electron": "" } }))).toEqual({ ok: true, executable: "/opt/electron/electron" });
    const mac = findElectron(probe({ env, platform: "darwin", files: { "/opt/electron/Electron.app/Contents/MacOS/Electron": "" } }));
    expect(mac).toEqual({ ok: true, executable: "/opt/electron/Electron.app/Contents/MacOS/Electron" });
    expect(findElectron(probe({ env })).ok).toBe(false);
  });

  it("refuses when the package is missing or there is no display to show a window on", () => {
    expect(findElectron(probe({ packageDir: null }))).toEqual({ ok: false, reason: "the electron package is not installed" });
    const files = { [join(PKG, "path.txt")]: "electron", [join(PKG, "dist", "electron")]: "" };
    expect(findElectron(probe({ files, env: {} }))).toMatchObject({ ok: false, reason: expect.stringContaining("no display") });
    expect(findElectron(probe({ files, env: { WAYLAND_DISPLAY: "wayland-0" } })).ok).toBe(true);
  });

  it("knows each platform's executable", () => {
    expect(platformExecutable("win32")).toBe("electron.exe");
    expect(platformExecutable("linux")).toBe("electron");
    expect(platformExecutable("aix")).toBeNull();
  });

  it("the real probe finds the installed package without loading it", () => {
    const real = systemProbe();
    expect(real.packageDir).toMatch(/node_modules[\\/]electron$/);
    // Whatever the machine, looking never throws and never downloads.
    expect(() => findElectron(real)).not.toThrow();
  });
});

describe("parseStartArgs", () => {
  it("accepts --data and --config in both forms, made absolute", () => {
    expect(parseStartArgs(["--data", "d", "--config=c/langgraph.json"], "/home/me")).toEqual({ dataDir: resolve("/home/me", "d"), configPath: resolve("/home/me", "c/langgraph.json") });
    expect(parseStartArgs([], "/x")).toEqual({});
    expect(parseStartArgs(["--data=/abs"], "/x")).toEqual({ dataDir: "/abs" });
  });

  it("refuses unknown arguments and missing values", () => {
    expect(parseStartArgs(["--port", "1"], "/x")).toEqual({ error: "Unknown argument --port" });
    expect(parseStartArgs(["--data"], "/x")).toEqual({ error: "--data needs a value" });
    expect(parseStartArgs(["--data="], "/x")).toEqual({ error: "--data needs a value" });
    expect(parseStartArgs(["--data", "--config", "x"], "/x")).toEqual({ error: "--data needs a value" });
  });

  it("passes them to Electron in the = form", () => {
    expect(electronArgs({ dataDir: "/d", configPath: "/c.json" })).toEqual(["--data=/d", "--config=/c.json"]);
    expect(electronArgs({})).toEqual([]);
  });
});
