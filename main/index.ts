// Electron entry (bundled to out/main/index.js): the preload and renderer are built next to it.
import { fileURLToPath } from "node:url";
import { runApp } from "./electron/app.js";

runApp({
  preloadPath: fileURLToPath(new URL("../preload/preload.cjs", import.meta.url)),
  rendererDir: fileURLToPath(new URL("../renderer", import.meta.url)),
  hostWorker: new URL("./host-worker.js", import.meta.url),
  // Copied from build/icons by the build (electron.vite.config.ts).
  trayIcon: fileURLToPath(new URL("./icons/tray.png", import.meta.url)),
});
