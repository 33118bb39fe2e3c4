// The app process's argv and countersign:// deep links.
import { parseAppArgs, parseDeepLink } from "../../../main/electron/args.js";

describe("parseAppArgs", () => {
  it("reads --data/--config in both forms among Electron's own arguments", () => {
    expect(parseAppArgs(["/usr/bin/electron", "/app/out/main/index.js", "--data=/d", "--config", "/c.json"])).toEqual({ dataDir: "/d", configPath: "/c.json" });
    expect(parseAppArgs(["electron", "--enable-logging", "--data", "/d"])).toEqual({ dataDir: "/d" });
  });

  it("finds a deep link and ignores switches without a value", () => {
    expect(parseAppArgs(["countersign", "--data", "--no-sandbox", "countersign://item/abc"])).toEqual({ deepLink: "countersign://item/abc" });
  });
});

describe("parseDeepLink", () => {
  it("reads countersign://item/<id>", () => {
    expect(parseDeepLink("countersign://item/a925107b6d0fef50")).toEqual({ itemId: "a925107b6d0fef50" });
    expect(parseDeepLink("countersign://item/a%20b")).toEqual({ itemId: "a b" });
  });

  it("refuses anything else", () => {
    for (const url of ["countersign://item/", "countersign://other/x", "https://item/x", "countersign://item/%00x", "countersign://item/%E0%A4%A", `countersign://item/${"x".repeat(600)}`, "nonsense"]) {
      expect(parseDeepLink(url), url).toBeNull();
    }
  });
});
