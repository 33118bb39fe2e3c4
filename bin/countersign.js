#!/usr/bin/env node
// The `countersign` command: the CLI compiled to JavaScript in out/cli/ (build/cli.mjs, which
// `npm ci` runs as the `prepare` script), so it starts with no TypeScript loader.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const entry = new URL("../out/cli/countersign.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("countersign: the CLI is not built (out/cli/countersign.js is missing): run `npm run build:cli`\n");
  process.exit(1);
}
await import(entry.href);
