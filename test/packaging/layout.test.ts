// What the package holds, checked offline: electron-builder (the project's own configuration)
// packages the built app for Linux as a folder (`--dir`) against a placeholder Electron
// distribution made here, since no real one can be downloaded. Only the layout is under test: the
// asar holds the main entry, the preload and the renderer's page; better_sqlite3.node is unpacked
// beside it; and the desktop entry electron-builder writes for the AppImage and deb registers the
// countersign:// scheme. Nothing is downloaded and nothing is rebuilt.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { listPackage } from "@electron/asar";
import { Platform, build } from "electron-builder";

const root = resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
type AfterPackContext = { appOutDir: string; packager: { platformSpecificBuildOptions: unknown } };

let work: string;
let desktopEntry = "";
let appDir = "";

// The placeholder is a Linux executable; the layout is the same on every platform's CI.
const linux = process.platform === "linux";

beforeAll(async () => {
  if (!linux) return;
  work = mkdtempSync(join(tmpdir(), "countersign-pack-"));
  const vite = join(dirname(require.resolve("electron-vite/package.json")), "bin", "electron-vite.js");
  const built = spawnSync(process.execPath, [vite, "build"], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stdout}${built.stderr}`);

  // The placeholder distribution: one executable named as Electron's, which nothing runs.
  const electronDist = join(work, "electron-dist");
  const executable = join(electronDist, "electron");
  mkdirSync(electronDist);
  writeFileSync(executable, "#!/bin/sh\necho placeholder Electron\n");
  chmodSync(executable, 0o755);

  const { LinuxTargetHelper } = require("app-builder-lib/out/targets/LinuxTargetHelper.js") as {
    LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: unknown): Promise<string> };
  };
  const projectHook = (require(join(root, "build/after-pack.cjs")) as { default: (context: AfterPackContext) => Promise<void> }).default;
  await build({
    targets: Platform.LINUX.createTarget("dir"),
    projectDir: root,
    publish: "never",
    config: {
      extends: join(root, "build/electron-builder.yml"),
      electronDist,
      directories: { output: join(work, "dist") },
      // Fuses are flipped in a real Electron binary; the placeholder has none.
      electronFuses: null,
      async afterPack(context) {
        const ctx = context as unknown as AfterPackContext;
        await projectHook(ctx);
        appDir = ctx.appOutDir;
        desktopEntry = await new LinuxTargetHelper(ctx.packager).computeDesktopEntry(ctx.packager.platformSpecificBuildOptions);
      },
    },
  });
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it.skipIf(!linux)("the asar holds the main entry, the preload and the renderer's page, and the package.json that names the entry", () => {
  const asar = join(appDir, "resources", "app.asar");
  const files = new Set(listPackage(asar, { isPack: false }).map((path) => path.split("\\").join("/")));
  for (const file of ["/out/main/index.js", "/out/main/host-worker.js", "/out/main/icons/tray.png", "/out/preload/preload.cjs", "/out/renderer/index.html", "/package.json"]) {
    expect(files, file).toContain(file);
  }
  // The sources, tests and the Electron build staging folder stay out.
  expect([...files].filter((path) => /^\/(test|main|renderer|shared|\.native)\//.test(path))).toEqual([]);
  const asarModule = require("@electron/asar") as { extractFile(archive: string, file: string): Buffer };
  expect(JSON.parse(asarModule.extractFile(asar, "package.json").toString("utf8")).main).toBe("out/main/index.js");
});

it.skipIf(!linux)("better_sqlite3.node is unpacked beside the asar", () => {
  expect(existsSync(join(appDir, "resources", "app.asar.unpacked", "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"))).toBe(true);
  expect(existsSync(join(appDir, "countersign"))).toBe(true);
});

it.skipIf(!linux)("the desktop entry registers x-scheme-handler/countersign and opens links with %U", () => {
  expect(desktopEntry).toMatch(/^MimeType=(.*;)?x-scheme-handler\/countersign;/m);
  expect(desktopEntry).toMatch(/^Exec=.*countersign %U$/m);
  expect(desktopEntry).toMatch(/^Name=Countersign$/m);
});

it.skipIf(!linux)("npm run dist without an Electron distribution ends with one clear line", () => {
  const result = spawnSync(process.execPath, [join(root, "build/dist.mjs")], { cwd: root, encoding: "utf8", env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(work, "nowhere") } });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`countersign dist: ELECTRON_OVERRIDE_DIST_PATH holds no electron (${join(work, "nowhere")})\n`);
});
