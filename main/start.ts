// `npm start`: builds, then opens the desktop app when an Electron binary is available, else says
// so in one line and serves browser mode on the same data folder.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasDisplay } from "./host/display.js";
import { electronArgs, findElectron, parseStartArgs, systemProbe } from "./launcher.js";
import { ServerStartError } from "./server/server.js";
import { serve } from "./server/serve.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The app (electron-vite: out/main, out/preload, out/renderer) and the compiled CLI (out/cli), whose host worker browser mode runs. */
function build(): void {
  const bin = join(dirname(createRequire(import.meta.url).resolve("electron-vite/package.json")), "bin", "electron-vite.js");
  for (const [what, args] of [
    ["electron-vite build", [bin, "build"]],
    ["node build/cli.mjs", [join(root, "build", "cli.mjs")]],
  ] as const) {
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    if (result.status === 0) continue;
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`Countersign: the build failed (${what}).`);
    process.exit(1);
  }
}

/**
 * better-sqlite3 built for the installed Electron (build/native.mjs, built once into .native/; the
 * first time it needs Electron's headers from the internet).
 */
function electronSqlite(): { ok: true; path: string } | { ok: false; reason: string } {
  const result = spawnSync(process.execPath, [join(root, "build", "native.mjs")], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status === 0 && result.stdout.trim()) return { ok: true, path: result.stdout.trim() };
  const line = (result.stderr ?? "").split("\n").find((text) => text.startsWith("countersign: "));
  return { ok: false, reason: line?.slice("countersign: ".length) ?? "better-sqlite3 could not be built for Electron" };
}

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  if ("error" in args) {
    console.error(`${args.error}\nUsage: npm start [-- --data DIR] [--config langgraph.json]`);
    process.exit(2);
  }
  build();

  let electron = findElectron(systemProbe(import.meta.url));
  const binding = electron.ok ? electronSqlite() : null;
  if (binding && !binding.ok) electron = { ok: false, reason: binding.reason };
  if (electron.ok) {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    // The host loads better-sqlite3 built for Electron's ABI; node_modules keeps Node's build.
    if (binding?.ok) env.COUNTERSIGN_SQLITE_BINDING = binding.path;
    const child = spawn(electron.executable, [join(root, "out", "main", "index.js"), ...electronArgs(args)], { cwd: root, stdio: "inherit", env });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  console.log(`Countersign: Electron is not available here (${electron.reason}); starting browser mode instead.`);
  try {
    // The host's worker as compiled just now: from the sources it would first load a TypeScript loader and compile every module.
    const workerEntry = new URL("../out/cli/host-worker.js", import.meta.url);
    await serve({ dataDir: args.dataDir, configPath: args.configPath, open: hasDisplay(), explicitHost: false, workerEntry });
  } catch (error) {
    if (error instanceof ServerStartError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

await main();
