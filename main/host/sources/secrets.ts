import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// A remote source's API key and headers are stored sealed with AES-256-GCM under one key per data
// folder. Without Electron that key is a file readable by its owner only; the desktop app keeps the
// same key wrapped by the operating system's keychain (Electron safeStorage) and hands it to the host.

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = "v1:";

/** The file that holds the data folder's key when no keychain protects it. */
export const KEY_FILE = "secrets.key";
/** The file that holds the key wrapped by the desktop app's keychain (Electron safeStorage). */
export const KEYCHAIN_KEY_FILE = "secrets.key.keychain";

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`A secrets key is ${KEY_BYTES} bytes, not ${key.length}`);
  }

  /** The text sealed: a fresh nonce each time, so equal secrets never look alike at rest. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  /** The text back; throws when the value was not sealed with this key or was altered. */
  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error("This secret was not sealed by Countersign");
    const bytes = Buffer.from(sealed.slice(PREFIX.length), "base64");
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("This secret is damaged");
    const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      // GCM's only verdict is "unable to authenticate": say what it means here.
      throw new Error("This secret cannot be opened with this data folder's key (another key sealed it, or it was altered)");
    }
  }
}

/** Creates a fresh random key. */
export function newSecretKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * The data folder's key from its key file (mode 0600), created on first use. An existing file is
 * never overwritten: a damaged one is refused with its path, since replacing it would orphan every
 * secret sealed under it.
 */
export function fileSecretKey(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path) && existsSync(join(dataDir, KEYCHAIN_KEY_FILE))) {
    throw new Error("Sources' keys on this data folder are protected by the desktop app's keychain: sync them from the app, or remove and add the source again here");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const key = newSecretKey();
    try {
      writeFileSync(path, key.toString("base64"), { mode: 0o600, flag: "wx" });
      return key;
    } catch (raced) {
      // Another process created it first: use theirs.
      if ((raced as NodeJS.ErrnoException).code !== "EEXIST") throw raced;
      text = readFileSync(path, "utf8");
    }
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`The secrets key ${path} is damaged (expected ${KEY_BYTES} bytes in base64); sources' keys cannot be read`);
  return key;
}
