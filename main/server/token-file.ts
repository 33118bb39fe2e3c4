// The browser-mode access token kept in the data folder, so that a page left open keeps working when
// `countersign serve` restarts on the same folder. Readable by the user only: the token opens the inbox.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newToken } from "./server.js";

export const TOKEN_FILE = "browser-token";
const TOKEN_SYNTAX = /^[A-Za-z0-9_-]{43}$/;

/**
 * The token in `<dataDir>/browser-token`, created (mode 0600, folder 0700) when missing; a file that
 * cannot be read or does not hold a token is replaced by a new one.
 */
export function keptToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, TOKEN_FILE);
  const existing = readToken(path);
  if (existing !== null) {
    // A copy made by other means (a restored backup) is narrowed to the user again.
    chmodSync(path, 0o600);
    return existing;
  }
  chmodSync(dataDir, 0o700);
  const token = newToken();
  // Written whole under another name, then renamed: a reader never sees half a token.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  renameSync(temporary, path);
  return token;
}

function readToken(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
  return TOKEN_SYNTAX.test(text) ? text : null;
}
