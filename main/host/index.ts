// Public API of the host: plain Node, no Electron.
export { SqliteCheckpointer } from "./checkpointer/sqlite-checkpointer.js";
export type { PendingInterrupt, InterruptPage } from "./checkpointer/interrupt-index.js";
export { CheckpointerOpenError, SCHEMA_VERSION } from "./checkpointer/schema.js";
