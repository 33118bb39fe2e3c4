// The desktop app's key for sources' secrets: wrapped by the OS keychain (safeStorage, here a stand-in
// that reverses bytes), never replacing a key the CLI created, and refused to the CLI once wrapped.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { keychainSecretKey, type Keychain } from "../../../main/electron/secret-key.js";
import { KEYCHAIN_KEY_FILE, KEY_FILE, SecretBox, fileSecretKey } from "../../../main/host/sources/secrets.js";
import { tempDir } from "../../support/tmp.js";

const keychain = (available = true): Keychain => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from(plain, "utf8").reverse(),
  decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString("utf8"),
});

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

test("a new data folder's key is created wrapped by the keychain (0600, never in the clear) and read back the same", () => {
  const key = keychainSecretKey(dir.path, keychain())!;
  expect(key).toHaveLength(32);
  const stored = readFileSync(dir.file(KEYCHAIN_KEY_FILE));
  expect(stored.toString("utf8")).not.toContain(key.toString("base64"));
  expect(statSync(dir.file(KEYCHAIN_KEY_FILE)).mode & 0o777).toBe(0o600);
  expect(keychainSecretKey(dir.path, keychain())!.equals(key)).toBe(true);
  // The CLI cannot open it, and says why instead of sealing under a key of its own.
  expect(() => fileSecretKey(dir.path)).toThrow(/protected by the desktop app's keychain/);
});

test("a key the CLI created stays in use (its sealed secrets still open); without a keychain the host uses the file", () => {
  const cliKey = fileSecretKey(dir.path);
  const sealed = new SecretBox(cliKey).seal("sk-1");
  expect(keychainSecretKey(dir.path, keychain())).toBeUndefined();
  expect(new SecretBox(fileSecretKey(dir.path)).open(sealed)).toBe("sk-1");

  const other = tempDir();
  try {
    expect(keychainSecretKey(other.path, keychain(false))).toBeUndefined();
    expect(() => statSync(other.file(KEYCHAIN_KEY_FILE))).toThrow();
  } finally {
    other.remove();
  }
});

test("a damaged wrapped key is refused with its path, never replaced", () => {
  writeFileSync(dir.file(KEYCHAIN_KEY_FILE), Buffer.from("c2hvcnQ=", "utf8").reverse());
  expect(() => keychainSecretKey(dir.path, keychain())).toThrow(/is damaged/);
  expect(() => statSync(dir.file(KEY_FILE))).toThrow();
});
