#!/usr/bin/env node
// The `countersign` command. The CLI is TypeScript, run through tsx's loader (a runtime dependency).
// Unless only help or the version is asked for, the big runtime libraries are imported first,
// before the loader is registered: Node then loads them directly instead of passing ~1,500 modules
// through tsx's hooks, which halves the start-up time. They are the very module instances the
// TypeScript code imports afterwards (same resolved URLs); a failure here resurfaces there.
import { register } from "tsx/esm/api";

const PRELOAD = ["@langchain/langgraph", "@langchain/core/messages", "langchain", "better-sqlite3", "zod", "ajv/dist/2020.js"];
const quick = process.argv.slice(2).some((arg) => ["--help", "-h", "--version", "help"].includes(arg));
if (!quick) await Promise.allSettled(PRELOAD.map((name) => import(name)));
register();
await import("../main/cli/index.ts");
