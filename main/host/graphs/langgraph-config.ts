import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isPlainObject, messageOf } from "../../../shared/values.js";

/** One entry of `graphs`, with its file resolved against the directory of langgraph.json. */
export interface GraphSpec {
  id: string;
  file: string;
  // As written in langgraph.json: error messages quote it rather than the absolute path.
  relativeFile: string;
  exportName: string;
  description?: string;
}

export interface LanggraphConfig {
  dir: string;
  specs: GraphSpec[];
  // Entries that are not a usable spec, with the reason; the other graphs still load.
  invalid: { id: string; message: string }[];
  env: unknown;
}

/**
 * Reads a langgraph.json in LangGraph CLI format. A graph entry is "./file.ts:export" (the export
 * defaults to `default`) or, as newer CLIs allow, { "path": "./file.ts:export", "description": "..." }.
 * Throws only when the file as a whole is unusable.
 */
export async function readLanggraphConfig(configPath: string): Promise<LanggraphConfig> {
  let text: string;
  try {
    text = await readFile(configPath, "utf8");
  } catch (error) {
    throw new Error(`Cannot read ${configPath}: ${messageOf(error)}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${configPath} is not valid JSON: ${messageOf(error)}`, { cause: error });
  }
  if (!isPlainObject(json) || !isPlainObject(json.graphs)) {
    throw new Error(`${configPath} has no "graphs" object (expected { "graphs": { "<id>": "./file.ts:export" } })`);
  }

  const dir = dirname(resolve(configPath));
  const specs: GraphSpec[] = [];
  const invalid: LanggraphConfig["invalid"] = [];
  for (const [id, entry] of Object.entries(json.graphs)) {
    const path = typeof entry === "string" ? entry : isPlainObject(entry) ? entry.path : undefined;
    if (typeof path !== "string" || path === "") {
      invalid.push({ id, message: `Graph "${id}": expected "./file.ts:export" or { "path": "./file.ts:export" }, got ${JSON.stringify(entry)}` });
      continue;
    }
    const { relativeFile, exportName } = splitImportPath(path);
    const description = isPlainObject(entry) && typeof entry.description === "string" ? entry.description : undefined;
    specs.push({ id, file: resolve(dir, relativeFile), relativeFile, exportName, description });
  }
  return { dir, specs, invalid, env: json.env };
}

// "./a.ts:graph" -> ["./a.ts", "graph"]. Only an identifier after the last colon counts as the
// export, so a Windows path such as "C:\\g\\a.ts" keeps its drive letter.
function splitImportPath(path: string): { relativeFile: string; exportName: string } {
  const match = /^(.*):([A-Za-z_$][\w$]*)$/.exec(path);
  return match?.[1] && match[2] ? { relativeFile: match[1], exportName: match[2] } : { relativeFile: path, exportName: "default" };
}
