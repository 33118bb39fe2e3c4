import { cpSync } from "node:fs";
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";
import type { Plugin } from "vite";
import { contentSecurityPolicy } from "./main/static/csp.js";

// The host finds its demo graphs next to its own module (new URL("./demos/...", import.meta.url)),
// which is out/main/ once bundled: the demo sources go there too, loaded at run time through tsx;
// and the tray's icon.
function copyDemoGraphs(): Plugin {
  return {
    name: "countersign:copy-demo-graphs",
    apply: "build",
    writeBundle(output) {
      const outDir = output.dir ?? resolve(__dirname, "out/main");
      cpSync(resolve(__dirname, "main/host/graphs/demos"), resolve(outDir, "demos"), { recursive: true });
      // The tray's icon, read at run time by main/index.ts (Electron picks @2x on dense screens).
      for (const name of ["tray.png", "tray@2x.png"]) cpSync(resolve(__dirname, "build", name), resolve(outDir, "icons", name));
    },
  };
}

// index.html's <meta> Content-Security-Policy comes from the same builder as the served header;
// it allows WebSocket connections, which browser mode's header then narrows to its own address.
function contentSecurityPolicyMeta(): Plugin {
  const placeholder = "%COUNTERSIGN_CSP%";
  return {
    name: "countersign:csp-meta",
    transformIndexHtml: {
      order: "pre",
      handler(html) {
        if (!html.includes(placeholder)) throw new Error(`renderer/index.html has no ${placeholder} for the Content-Security-Policy`);
        return html.replace(placeholder, contentSecurityPolicy({ connect: ["ws:", "wss:"], meta: true }));
      },
    },
  };
}

// One build for the three runtimes; the layout follows the design card (main/, renderer/, shared/).
export default defineConfig({
  main: {
    plugins: [copyDemoGraphs()],
    build: {
      outDir: "out/main",
      // ajv is bundled: the host imports one of its JSON files, and the bundler drops the
      // `with { type: "json" }` attribute that Node's ESM loader requires for an external one.
      externalizeDeps: { exclude: ["ajv"] },
      // The host runs in a worker thread of its own: host-worker.js beside index.js.
      rollupOptions: { input: { index: resolve(__dirname, "main/index.ts"), "host-worker": resolve(__dirname, "main/worker/host-worker.ts") } },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      // A sandboxed preload cannot require npm packages: bundle everything it uses (zod, through
      // the contract); only "electron" stays a require.
      externalizeDeps: false,
      rollupOptions: { input: { preload: resolve(__dirname, "main/preload.ts") }, output: { format: "cjs", entryFileNames: "[name].cjs" } },
    },
  },
  renderer: {
    root: resolve(__dirname, "renderer"),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(__dirname, "out/renderer"),
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, "renderer/index.html") } },
    },
  },
});
