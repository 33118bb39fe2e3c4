import { messageOf } from "../../shared/values.js";

/** A mistake in the command line itself (bad flag, invalid JSON, missing argument); the CLI exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses the JSON value of a flag; invalid JSON is a usage error naming the flag. */
export function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${messageOf(error).replace(/\s+/g, " ")}`);
  }
}
