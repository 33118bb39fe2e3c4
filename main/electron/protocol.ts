// Serves the built renderer from app://countersign/ (checklist item 18: no file://). Which file a
// URL names, and the policy headers, are the rules of main/static shared with browser mode.
import { protocol } from "electron";
import { contentType } from "../static/content-type.js";
import { contentSecurityPolicy } from "../static/csp.js";
import { readStaticFile, staticFilePath } from "../static/files.js";
import { APP_HOST, APP_SCHEME } from "./origin.js";

/** Headers of every response of the app scheme. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    "Content-Type": contentType(file),
    "Content-Security-Policy": contentSecurityPolicy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

/** The file under `rootDir` that an app:// URL names, or null when the URL is not ours or would leave the folder. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    // Not a URL at all: it names no file.
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return staticFilePath(rootDir, url.pathname || "/");
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...responseHeaders("error.txt") } });
}

/** Answers one app:// request from `rootDir`. */
export async function serveAppRequest(rootDir: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return textResponse(405, "Method not allowed");
  const file = resolveAppFile(rootDir, request.url);
  if (!file) return textResponse(403, "Forbidden");
  const found = await readStaticFile(rootDir, file);
  if (!found) return textResponse(404, "Not found");
  return new Response(request.method === "HEAD" ? null : new Uint8Array(found.body), { status: 200, headers: responseHeaders(found.path) });
}

/** Must run before `app` is ready: makes app:// a standard, secure origin that supports fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After ready: serves the renderer folder on the default session. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
}
