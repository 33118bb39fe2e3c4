import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEY_FILE, KEYCHAIN_KEY_FILE, newSecretKey } from "../host/sources/secrets.js";

/** What the key needs of Electron's safeStorage (passed in: the adapter's one import of electron does the rest). */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The key sealing the data folder's source secrets, kept wrapped by the OS keychain. A folder whose
 * key the CLI created as a plain 0600 file keeps that key (the secrets sealed under it must still
 * open); so does a machine without a usable keychain (the host then uses the file). Returns
 * undefined when the host should use the key file.
 */
export function keychainSecretKey(dataDir: string, keychain: Keychain): Buffer | undefined {
  const wrapped = join(dataDir, KEYCHAIN_KEY_FILE);
  if (existsSync(wrapped)) {
    const key = Buffer.from(keychain.decryptString(readFileSync(wrapped)), "base64");
    if (key.length !== 32) throw new Error(`The keychain-protected key ${wrapped} is damaged; sources' keys cannot be read`);
    return key;
  }
  if (existsSync(join(dataDir, KEY_FILE)) || !keychain.isEncryptionAvailable()) return undefined;
  const key = newSecretKey();
  writeFileSync(wrapped, keychain.encryptString(key.toString("base64")), { mode: 0o600, flag: "wx" });
  return key;
}
