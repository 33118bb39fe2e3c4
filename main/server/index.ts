// Public API of browser mode: plain Node, no Electron.
export { startServer, checkHostname, ServerStartError, DEFAULT_PORT, DEFAULT_HOSTNAME, MAX_MESSAGE_BYTES } from "./server.js";
export type { ServerOptions, RunningServer } from "./server.js";
export { serve, browserCommand, DEFAULT_RENDERER_DIR } from "./serve.js";
export type { ServeOptions, RunningServe } from "./serve.js";
