// A one-shot command whose host reports a background problem at the end says so on stderr, once,
// after its own output; a healthy host adds nothing. The host is a stand-in: the failure is the host's.
import { vi } from "vitest";
import type { HostHealth } from "../../shared/inbox.js";
import { style } from "../../main/cli/format.js";
import { tempDir } from "../support/tmp.js";

let health: HostHealth = { problem: null };
const closed = vi.fn();
vi.mock("../../main/host/host.js", () => ({
  createHost: async () => ({
    history: async () => ({ decisions: [] }),
    health: async () => health,
    close: async () => closed(),
  }),
}));

const { main } = await import("../../main/cli/main.js");

let data: ReturnType<typeof tempDir>;
beforeEach(() => (data = tempDir("countersign-cli-health-")));
afterEach(() => data.remove());

async function history(): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["--data", data.path, "--json", "history"], { out: (text) => out.push(text), err: (text) => err.push(text), style: style(false) }, {});
  return { code, out, err };
}

test("a problem the host reports at the end: one line on stderr after the output, the exit code unchanged", async () => {
  health = { problem: { what: "poll", message: "database is locked\n(retrying)", since: 1 } };
  const result = await history();
  expect(result).toEqual({ code: 0, out: ["[]"], err: ["countersign: the inbox stopped updating (poll): database is locked (retrying)"] });
  expect(closed).toHaveBeenCalled();
});

test("a healthy host: nothing on stderr", async () => {
  health = { problem: null };
  expect(await history()).toEqual({ code: 0, out: ["[]"], err: [] });
});
