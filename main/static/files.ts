// The one rule for which file of the built renderer a URL path names, for both ways of serving it
// (the app:// protocol and browser mode). A path that would leave the folder names nothing: `..`
// segments (also percent-encoded), backslashes, NUL bytes, and symlinks that lead out of it.
import fs from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";

// Looked up on the fs object at each call: inside the packaged app, Electron serves the renderer
// from app.asar by patching these functions on it.
const realpath = (path: string) => promisify(fs.realpath)(path);
const stat = (path: string) => promisify(fs.stat)(path);
const readFile = (path: string) => promisify(fs.readFile)(path);

/**
 * The file under `root` that a URL path names (as it appears in the URL, percent-encoded), or null
 * when the path is malformed or would leave the folder. `/` names index.html. Only the text is
 * checked: readStaticFile checks what is on disk.
 */
export function staticFilePath(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith("/")) return null;
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\")) return null;
  if (path.split("/").includes("..")) return null;
  if (path === "/") path = "/index.html";
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  return isInside(base, file) ? file : null;
}

/**
 * Reads `file` (from staticFilePath) when it is a regular file whose real path, symlinks
 * resolved, is still inside `root`'s real path; null otherwise, missing files included.
 */
export async function readStaticFile(root: string, file: string): Promise<{ path: string; body: Buffer } | null> {
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]);
    if (!isInside(realRoot, real) || !(await stat(real)).isFile()) return null;
    return { path: real, body: await readFile(real) };
  } catch {
    return null;
  }
}

/** True when `path` lies strictly below `root` (both absolute). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
