// Races: 2 to 8 clients of every kind the app has (WebSocket connections, CLI processes, the
// in-process API, bulk approve over the WebSocket) decide the same items at the same moment. Exactly
// one decision wins per item; every other gets "already decided"; no SQLITE_BUSY, "database is
// locked" or stack trace reaches anyone.
import type { Host } from "../../main/host/index.js";
import type { RunningServer } from "../../main/server/index.js";
import type { ContractError } from "../../shared/contract.js";
import { toContractError } from "../../shared/errors.js";
import { cli } from "../support/cli.js";
import { journalRows } from "../support/host.js";
import { Client, serverHarness, type ServerHarness } from "../integration/server/harness.js";
import { prng, reportFigures, scaled } from "./scale.js";

const ROUNDS = scaled(14);
const ITEMS_PER_ROUND = 2;
const KINDS = ["websocket", "cli", "api", "bulk"] as const;
type Kind = (typeof KINDS)[number];

/** What one client got for one item. */
type Attempt = { kind: Kind; itemId: string } & ({ won: true } | { won: false; error: ContractError });

/** Internal details that must never reach a user: the database's own errors and stack frames. */
const LEAKS = /SQLITE_|database is locked|\n\s+at |node:internal|\.ts:\d+/;

let h: ServerHarness;
let host: Host;
let server: RunningServer;
beforeAll(async () => {
  h = serverHarness();
  ({ host, server } = await h.start());
});
afterAll(() => h.cleanup());

/** One client of `kind` decides every item (approve), all at once; resolves with what it got for each. */
async function contend(kind: Kind, itemIds: string[]): Promise<Attempt[]> {
  const approve = { type: "approve" } as const;
  switch (kind) {
    case "websocket": {
      const client = await Client.open(h, server);
      return Promise.all(
        itemIds.map(async (itemId): Promise<Attempt> => {
          const response = await client.call("decide", { itemId, decision: approve });
          return response.ok ? { kind, itemId, won: true } : { kind, itemId, won: false, error: response.error };
        }),
      );
    }
    case "api":
      return Promise.all(
        itemIds.map((itemId) =>
          host.decide({ itemId, decision: approve }).then(
            (): Attempt => ({ kind, itemId, won: true }),
            (error: unknown): Attempt => ({ kind, itemId, won: false, error: toContractError(error) }),
          ),
        ),
      );
    case "bulk": {
      const client = await Client.open(h, server);
      const { results } = await client.ok("decideMany", { itemIds, decision: approve });
      return results.map((result): Attempt => (result.ok ? { kind, itemId: result.itemId, won: true } : { kind, itemId: result.itemId, won: false, error: result.error }));
    }
    case "cli":
      return Promise.all(
        itemIds.map(async (itemId): Promise<Attempt> => {
          const result = await cli(["--data", h.dataDir, "decide", itemId, "--approve", "--json"]);
          if (result.code === 0) return { kind, itemId, won: true };
          // Exit 2 is the CLI's refusal; its one line is what the user reads.
          const code = result.code === 2 && /already decided/.test(result.stderr) ? "already-decided" : "internal";
          return { kind, itemId, won: false, error: { code, message: `exit ${result.code}: ${result.stderr}${result.stdout}` } };
        }),
      );
  }
}

test(`${ROUNDS} rounds of 2 to 8 clients deciding the same items at once: one winner per item, "already decided" for the rest`, async () => {
  const random = prng();
  let attempts = 0;
  let refusals = 0;
  const kindsSeen = new Set<Kind>();
  const decided: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const count = 2 + (round % 7);
    // Every fourth round, processes only (up to four): the race is then between processes, none of which has a head start.
    const kinds: Kind[] = Array.from({ length: round % 4 === 3 ? Math.min(count, 4) : count }, (_, i) => {
      if (round % 4 === 3) return "cli";
      const pick = KINDS[Math.floor(random() * KINDS.length)]!;
      // In the other rounds only the first client may be a process: each spawn costs a second or more on a busy machine.
      return pick === "cli" && i > 0 ? "websocket" : pick;
    });
    const runs = await Promise.all(Array.from({ length: ITEMS_PER_ROUND }, () => host.startRun({ graphId: "expense-approval" })));
    const itemIds = runs.map((run) => run.items[0]!.id);
    const results = (await Promise.all(kinds.map((kind) => contend(kind, itemIds)))).flat();
    for (const kind of kinds) kindsSeen.add(kind);

    for (const itemId of itemIds) {
      const mine = results.filter((attempt) => attempt.itemId === itemId);
      const what = `round ${round}, item ${itemId}: ${JSON.stringify(mine)}`;
      expect(mine, what).toHaveLength(kinds.length);
      expect(mine.filter((attempt) => attempt.won), what).toHaveLength(1);
      for (const attempt of mine) {
        if (attempt.won) continue;
        expect(attempt.error.code, what).toBe("already-decided");
        expect(attempt.error.message, what).not.toMatch(LEAKS);
      }
    }
    attempts += results.length;
    refusals += results.filter((attempt) => !attempt.won).length;
    decided.push(...itemIds);
  }

  // One journal entry per item, each applied; each thread approved once.
  const journal = journalRows(h.dataDir);
  expect(journal.map((row) => row.item_id).sort()).toEqual([...decided].sort());
  expect(journal.every((row) => row.state === "applied" && row.error === null)).toBe(true);
  for (const itemId of decided) expect((await host.getItem({ itemId })).thread.values).toMatchObject({ status: "approved" });
  expect([...kindsSeen].sort()).toEqual([...KINDS].sort());
  reportFigures("races", { rounds: ROUNDS, "items raced": decided.length, "decision attempts": attempts, "refused as already decided": refusals, winners: decided.length });
});
