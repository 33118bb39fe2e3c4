// The one way out to the system browser: only what the external-URL rule accepts reaches the shell.
const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async () => undefined) } }));
vi.mock("electron", () => electron);

import { openExternalSafely } from "../../../main/electron/external-links.js";

beforeEach(() => electron.shell.openExternal.mockClear());

describe("openExternalSafely", () => {
  it("opens an https URL (normalized) through shell.openExternal", async () => {
    await expect(openExternalSafely("https://example.com/a b")).resolves.toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith("https://example.com/a%20b");
  });

  it("never calls shell.openExternal for javascript:, file:, data:, mailto: or protocol-relative URLs", async () => {
    for (const url of ["javascript:alert(1)", "file:///bin/sh", "data:text/html,x", "mailto:a@example.com", "//evil.example/", undefined]) {
      await expect(openExternalSafely(url)).resolves.toBe(false);
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it("reports failure instead of throwing when the OS refuses", async () => {
    electron.shell.openExternal.mockRejectedValueOnce(new Error("no handler"));
    await expect(openExternalSafely("https://example.com")).resolves.toBe(false);
  });
});
