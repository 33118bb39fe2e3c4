// Public API of the host: plain Node, no Electron.
export { SqliteCheckpointer } from "./checkpointer/sqlite-checkpointer.js";
export type { PendingInterrupt, PendingInterruptKey, InterruptPage } from "./checkpointer/interrupt-index.js";
export { SCHEMA_VERSION } from "./checkpointer/schema.js";
export { DatabaseOpenError } from "./store/sqlite-file.js";
export { createHost, Host } from "./host.js";
export type { HostOptions, WaitOptions, GraphInfo, GraphList } from "./host.js";
export { resolveDataDir } from "./data-dir.js";
export { openLog, logSettings, silentLogger } from "./log.js";
export type { Logger, LogLevel } from "./log.js";
