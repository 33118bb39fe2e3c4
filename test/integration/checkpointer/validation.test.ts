// The official conformance suite, run in full against our saver under its own name
// (so no test is skipped on the strength of being the official SQLite package).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deltaChannelHistoryTests, validate } from "@langchain/langgraph-checkpoint-validation";
import { SqliteCheckpointer } from "../../../main/host/index.js";

const dirs = new Map<SqliteCheckpointer, string>();
const initializer = {
  checkpointerName: "countersign-sqlite",
  createCheckpointer() {
    const dir = mkdtempSync(join(tmpdir(), "countersign-validate-"));
    const checkpointer = SqliteCheckpointer.open(join(dir, "checkpoints.sqlite"));
    dirs.set(checkpointer, dir);
    return checkpointer;
  },
  destroyCheckpointer(checkpointer: SqliteCheckpointer) {
    checkpointer.close();
    rmSync(dirs.get(checkpointer)!, { recursive: true, force: true });
    dirs.delete(checkpointer);
  },
};

validate(initializer);
deltaChannelHistoryTests(initializer);
