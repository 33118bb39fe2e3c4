// The built bundles as Electron would load them: the preload runs with only "electron"
// requirable (a sandboxed preload can require nothing from node_modules), and the main bundle
// imports only Node built-ins, electron and packaged dependencies, with the demo graphs beside it.
// Each bundle is built into a temporary folder from the project's own electron-vite config.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { loadConfigFromFile, MainConfigFactory, PreloadConfigFactory } from "electron-vite";
import { build, type InlineConfig } from "vite";
import { callNames, ipcChannel } from "../../../shared/contract.js";

const root = resolve(import.meta.dirname, "../../..");
let outDir: string;

async function buildProcess(kind: "main" | "preload", dir: string): Promise<void> {
  const { config } = await loadConfigFromFile({ command: "build", mode: "production" }, join(root, "electron.vite.config.ts"), root, "silent");
  const inline = { root, mode: "production", logLevel: "silent" as const };
  const resolved = kind === "main" ? await new MainConfigFactory(config.main!, inline, { outDir: dir }).build() : await new PreloadConfigFactory(config.preload!, inline, { outDir: dir }).build();
  await build({ ...resolved, configFile: false, logLevel: "silent", build: { ...resolved.build, outDir: dir, emptyOutDir: true } } as InlineConfig);
}

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), "countersign-bundle-"));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("preload bundle", () => {
  it("runs sandboxed: requires only electron and exposes exactly the contract", async () => {
    const dir = join(outDir, "preload");
    await buildProcess("preload", dir);
    const code = readFileSync(join(dir, "preload.cjs"), "utf8");
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(["electron"]));

    const exposed = new Map<string, Record<string, unknown>>();
    const invoke = vi.fn(async () => undefined);
    const electron = { contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value) }, ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() } };
    const module = { exports: {} };
    // No process, Buffer or Node require: what is left is what a sandboxed preload gets at most.
    const sandboxRequire = (name: string) => {
      if (name === "electron") return electron;
      throw new Error(`A sandboxed preload cannot require ${name}`);
    };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });

    expect([...exposed.keys()]).toEqual(["countersign"]);
    const api = exposed.get("countersign")!;
    expect(Object.keys(api).sort()).toEqual([...callNames, "onEvent"].sort());
    await (api.listItems as (input: unknown) => Promise<unknown>)({ limit: 1 });
    expect(invoke).toHaveBeenCalledWith(ipcChannel("listItems"), { limit: 1 });
  });
});

describe("main bundle", () => {
  it("index.js and the host's worker, host-worker.js, import only Node built-ins, electron, declared dependencies and their own chunks; the demo graphs sit beside them", async () => {
    const dir = join(outDir, "main");
    await buildProcess("main", dir);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const packageOf = (specifier: string) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
    const seen = new Set<string>();
    const check = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      expect(existsSync(file), `${file} is imported but was not built`).toBe(true);
      const code = readFileSync(file, "utf8");
      const specifiers = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm), ...code.matchAll(/^import\s*["']([^"']+)["']/gm)].map((match) => match[1]!);
      for (const specifier of specifiers) {
        if (specifier.startsWith("node:") || builtinModules.includes(specifier) || specifier === "electron") continue;
        if (specifier.startsWith(".")) {
          check(resolve(dirname(file), specifier));
          continue;
        }
        expect(Object.keys(pkg.dependencies), `${specifier} must be a runtime dependency`).toContain(packageOf(specifier));
        // Node's ESM loader refuses a JSON import without `with { type: "json" }`, which bundling drops.
        expect(specifier.endsWith(".json"), `${specifier} is an external JSON import`).toBe(false);
      }
    };
    check(join(dir, "index.js"));
    check(join(dir, "host-worker.js"));
    expect(readFileSync(join(dir, "index.js"), "utf8")).toContain("host-worker.js");
    expect(existsSync(join(dir, "demos", "langgraph.json"))).toBe(true);
  });
});
