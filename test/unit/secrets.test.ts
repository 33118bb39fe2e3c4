import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEY_FILE, SecretBox, fileSecretKey, newSecretKey } from "../../main/host/sources/secrets.js";
import { tempDir } from "../support/tmp.js";

test("a sealed secret opens with its key, never shows the plain text, and differs each time", () => {
  const box = new SecretBox(newSecretKey());
  const a = box.seal("sk-live-123");
  const b = box.seal("sk-live-123");
  expect(a).not.toContain("sk-live-123");
  expect(a).not.toBe(b);
  expect(box.open(a)).toBe("sk-live-123");
  expect(box.open(box.seal(""))).toBe("");
});

test("another key, an altered value or a value never sealed is refused with what it means", () => {
  const box = new SecretBox(newSecretKey());
  const sealed = box.seal("secret");
  expect(() => new SecretBox(newSecretKey()).open(sealed)).toThrow(/cannot be opened with this data folder's key/);
  const bytes = Buffer.from(sealed.slice(3), "base64");
  bytes[bytes.length - 1]! ^= 1;
  expect(() => box.open(`v1:${bytes.toString("base64")}`)).toThrow(/cannot be opened/);
  expect(() => box.open("plain")).toThrow(/not sealed by Countersign/);
  expect(() => box.open("v1:AAAA")).toThrow(/damaged/);
  expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
});

test("the key file is created once, readable by its owner only, and reused; a damaged one is refused, not replaced", () => {
  const dir = tempDir();
  try {
    const key = fileSecretKey(dir.path);
    const path = join(dir.path, KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(fileSecretKey(dir.path).equals(key)).toBe(true);
    writeFileSync(path, "short");
    expect(() => fileSecretKey(dir.path)).toThrow(/is damaged/);
    expect(readFileSync(path, "utf8")).toBe("short");
  } finally {
    dir.remove();
  }
});
