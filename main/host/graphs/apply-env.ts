import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { isPlainObject, messageOf } from "../../../shared/values.js";

/**
 * Applies the `env` field of langgraph.json to process.env: a path to a .env file (relative to
 * langgraph.json) or an object of values. Variables already set win, as with the LangGraph CLI,
 * so the user's shell can override a checked-in file.
 */
export async function applyEnv(env: unknown, configDir: string): Promise<void> {
  if (env === undefined) return;
  let values: Record<string, unknown>;
  if (typeof env === "string") {
    const file = resolve(configDir, env);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new Error(`Cannot read the env file ${file} named by langgraph.json: ${messageOf(error)}`, { cause: error });
    }
    values = parseEnv(text);
  } else if (isPlainObject(env)) {
    values = env;
  } else {
    throw new Error(`langgraph.json "env" must be a path to a .env file or an object, got ${JSON.stringify(env)}`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (process.env[key] === undefined && value !== undefined && value !== null) process.env[key] = String(value);
  }
}
