// Remote sources as the host keeps them, with no deployment needed: settings refused with the field
// named, edits that keep or replace the sealed key and headers, removal.
import { hostHarness } from "../../support/host.js";

let h: ReturnType<typeof hostHarness>;
beforeEach(() => (h = hostHarness()));
afterEach(() => h.cleanup());

test("an edit keeps the stored key and headers one by one when asked, and drops them when not", async () => {
  const host = await h.open({ remotePollMs: 0 });
  await host.addSource({ name: "prod", url: "https://a.example", apiKey: "sk-1", headers: { "X-Team": "ops" } });
  await expect(host.addSource({ name: "prod", url: "https://b.example" })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringMatching(/exists already/) });
  await expect(host.addSource({ name: "bad", url: "ftp://a.example" })).rejects.toMatchObject({ code: "invalid-request", message: expect.stringMatching(/url: must be an http\(s\) URL/) });

  const moved = await host.updateSource({ name: "prod", url: "https://b.example", keepSecrets: true });
  expect(moved).toMatchObject({ url: "https://b.example", hasApiKey: true, headerNames: ["X-Team"], state: "new" });
  // New headers, the key kept.
  expect(await host.updateSource({ name: "prod", url: "https://b.example", headers: { "X-Env": "blue" }, keepSecrets: true })).toMatchObject({ hasApiKey: true, headerNames: ["X-Env"] });
  // Without keepSecrets, what is not given is removed.
  expect(await host.updateSource({ name: "prod", url: "https://b.example" })).toMatchObject({ hasApiKey: false, headerNames: [] });
  await expect(host.updateSource({ name: "missing", url: "https://b.example" })).rejects.toMatchObject({ code: "not-found" });

  expect(await host.removeSource({ name: "prod" })).toEqual({ removed: "prod" });
  expect((await host.listSources({})).sources).toEqual([]);
});
