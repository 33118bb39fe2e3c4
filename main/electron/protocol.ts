// Serves the built renderer from app://countersign/ (checklist item 18: no file://). Path
// resolution, MIME types and headers are plain functions so they are tested under Node.
import { contentType } from "../static/content-type.js";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { protocol } from "electron";
import { APP_HOST, APP_SCHEME } from "./origin.js";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join("; ");



/** Headers of every response of the app scheme. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    "Content-Type": contentType(file),
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

/**
 * The file under `rootDir` that an app:// URL names, or null when the URL is not ours or would
 * leave the folder (`..`, encoded `%2e%2e` or `%2f`, backslashes, NUL bytes, absolute paths).
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    // Not a URL at all: it names no file.
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    // Malformed percent-encoding: it names no file.
    return null;
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return null;
  if (pathname === "" || pathname === "/") pathname = "/index.html";
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  const inside = relative(root, file);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...responseHeaders("error.txt") } });
}

/** Answers one app:// request from `rootDir`. */
export async function serveAppRequest(
  rootDir: string,
  request: { url: string; method: string },
  read: (file: string) => Promise<Uint8Array> = readFile,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return textResponse(405, "Method not allowed");
  const file = resolveAppFile(rootDir, request.url);
  if (!file) return textResponse(403, "Forbidden");
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    // A file the built renderer does not have (or cannot be read) is a 404, as on any web server.
    return textResponse(404, "Not found");
  }
  return new Response(request.method === "HEAD" ? null : new Uint8Array(body), { status: 200, headers: responseHeaders(file) });
}

/** Must run before `app` is ready: makes app:// a standard, secure origin that supports fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After ready: serves the renderer folder on the default session. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
