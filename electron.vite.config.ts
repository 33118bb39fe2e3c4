import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

// One build for the three runtimes; the layout follows the design card (main/, renderer/, shared/).
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      rollupOptions: { input: { index: resolve(__dirname, "main/index.ts") } },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      // A sandboxed preload cannot require npm packages: bundle everything it uses.
      rollupOptions: { input: { preload: resolve(__dirname, "main/preload.ts") }, output: { format: "cjs", entryFileNames: "[name].cjs" } },
    },
  },
  renderer: {
    root: resolve(__dirname, "renderer"),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, "out/renderer"),
      rollupOptions: { input: { index: resolve(__dirname, "renderer/index.html") } },
    },
  },
});
