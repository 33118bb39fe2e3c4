// The remote deployments configured on a data folder and their state, as another connection sees them.
import { openHostDatabase } from "../../../main/host/store/host-database.js";
import { SourceRegistry } from "../../../main/host/store/source-registry.js";
import { tempDir } from "../../support/tmp.js";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const prod = { name: "prod", url: "https://agents.example.com", graphId: null, secrets: "v1:sealed", hasApiKey: true, headerNames: ["X-Team"] };

test("a source is added once, listed by name, updated (starting over as new) and removed", () => {
  const db = openHostDatabase(dir.file("host.sqlite"));
  const other = new SourceRegistry(openHostDatabase(dir.file("host.sqlite")));
  const sources = new SourceRegistry(db);
  expect(sources.add(prod)).toBe(true);
  expect(sources.add({ ...prod, url: "https://elsewhere.example.com" })).toBe(false);
  expect(other.get("prod")).toMatchObject({ url: "https://agents.example.com", state: "new", headerNames: ["X-Team"], secrets: "v1:sealed", hasApiKey: true });

  sources.setState("prod", "offline", "connect ECONNREFUSED", 1000);
  sources.setState("prod", "offline", "timed out", 2000);
  // Offline since the first failure, with the latest error.
  expect(other.get("prod")).toMatchObject({ state: "offline", stateSince: 1000, lastError: "timed out" });
  sources.setState("prod", "online", null, 3000);
  sources.synced("prod", 3000);
  expect(other.get("prod")).toMatchObject({ state: "online", stateSince: 3000, lastError: null, syncedAt: 3000 });

  expect(sources.update({ ...prod, url: "https://new.example.com", secrets: null, hasApiKey: false, headerNames: [] })).toBe(true);
  expect(other.get("prod")).toMatchObject({ url: "https://new.example.com", secrets: null, hasApiKey: false, state: "new", stateSince: null });
  expect(sources.update({ ...prod, name: "missing" })).toBe(false);

  sources.add({ ...prod, name: "alpha" });
  expect(other.all().map((s) => s.name)).toEqual(["alpha", "prod"]);
  expect(sources.remove("prod")).toBe(true);
  expect(sources.remove("prod")).toBe(false);
  expect(other.all().map((s) => s.name)).toEqual(["alpha"]);
});
