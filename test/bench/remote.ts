// `npm run bench -- --remote`: time to a complete inbox of a remote LangGraph Server with many
// interrupted threads, our discovery (threads.search pages with the interrupts selected) against
// the way Agent Inbox reads it (pages of 100 threads, then a state fetch per thread), both measured
// in the same run on the same real dev server, alternating sides.
import { Client } from "@langchain/langgraph-sdk";
import { RemoteDeployment } from "../../main/host/sources/remote-deployment.ts";
import { DEMO_GRAPHS, startDevServer } from "../support/langgraph-dev.ts";
import { median, now, progress, round } from "./util.ts";

export const REMOTE_RATIO_MIN = 20;
const GRAPH = "ship-it";
/** Threads created at once: enough to keep the server's workers busy, few enough not to time out. */
const CREATE_BATCH = 25;
const AGENT_INBOX_PAGE = 100;
const SAMPLES = 3;

export interface RemoteResult {
  threads: number;
  items: number;
  create_ms: number;
  remote_inbox_ms: number;
  agent_inbox_way_ms: number;
  remote_ratio: number;
  remote_samples_ms: number[];
  agent_inbox_way_samples_ms: number[];
  /** Requests each side sent for one complete inbox. */
  remote_requests: number;
  agent_inbox_way_requests: number;
}

export async function remoteSuite(threads: number): Promise<RemoteResult> {
  progress(`remote: starting langgraphjs dev (${GRAPH})`);
  const server = await startDevServer({ graphs: { [GRAPH]: DEMO_GRAPHS[GRAPH]! }, jobsPerWorker: 10 });
  try {
    const sdk = new Client({ apiUrl: server.url, apiKey: null, callerOptions: { maxRetries: 0, maxConcurrency: CREATE_BATCH } });
    const created = now();
    for (let done = 0; done < threads; ) {
      const batch = Math.min(CREATE_BATCH, threads - done);
      await Promise.all(
        Array.from({ length: batch }, async () => {
          const thread = await sdk.threads.create({ graphId: GRAPH });
          await sdk.runs.wait(thread.thread_id, GRAPH, { input: {} });
        }),
      );
      done += batch;
      if (done % 200 === 0 || done === threads) progress(`remote: ${done}/${threads} threads interrupted`);
    }
    const createMs = now() - created;
    const interrupted = await sdk.threads.count({ status: "interrupted" });
    if (interrupted !== threads) throw new Error(`expected ${threads} interrupted threads on the server, found ${interrupted}`);

    let remoteRequests = 0;
    let agentRequests = 0;
    const counting = (add: () => void): typeof fetch => (input, init) => {
      add();
      return fetch(input, init);
    };
    const ours = async (): Promise<number> => {
      remoteRequests = 0;
      const items = await new RemoteDeployment({ name: "bench", url: server.url }, { fetch: counting(() => remoteRequests++) }).discover();
      return items.length;
    };
    // Agent Inbox: threads.search pages of at most 100 (status filter, whole threads), then
    // getState for each thread of the page to read its interrupts (the SDK's default client).
    const agentInboxWay = async (): Promise<number> => {
      agentRequests = 0;
      const client = new Client({ apiUrl: server.url, apiKey: null, callerOptions: { fetch: counting(() => agentRequests++) } });
      let items = 0;
      for (let offset = 0; ; offset += AGENT_INBOX_PAGE) {
        const page = await client.threads.search({ status: "interrupted", limit: AGENT_INBOX_PAGE, offset });
        const states = await Promise.all(page.map((thread) => client.threads.getState(thread.thread_id)));
        for (const state of states) items += state.tasks.reduce((sum, task) => sum + task.interrupts.length, 0);
        if (page.length < AGENT_INBOX_PAGE) return items;
      }
    };

    // One untimed round each: the SDK's import and the server's first requests are not billed.
    const [warmOurs, warmTheirs] = [await ours(), await agentInboxWay()];
    if (warmOurs !== threads || warmTheirs !== threads) throw new Error(`expected ${threads} items from each side, got ${warmOurs} (ours) and ${warmTheirs} (Agent Inbox way)`);
    const timings = { ours: [] as number[], theirs: [] as number[] };
    for (let sample = 0; sample < SAMPLES; sample++) {
      const order = sample % 2 === 0 ? (["ours", "theirs"] as const) : (["theirs", "ours"] as const);
      for (const side of order) {
        const t0 = now();
        const items = side === "ours" ? await ours() : await agentInboxWay();
        timings[side].push(now() - t0);
        if (items !== threads) throw new Error(`${side}: ${items} items, expected ${threads}`);
      }
      progress(`remote: sample ${sample + 1}/${SAMPLES}: ours ${round(timings.ours.at(-1)!, 1)} ms, Agent Inbox way ${round(timings.theirs.at(-1)!, 1)} ms`);
    }
    const remoteMs = median(timings.ours);
    const agentMs = median(timings.theirs);
    return {
      threads,
      items: threads,
      create_ms: round(createMs, 0),
      remote_inbox_ms: round(remoteMs, 1),
      agent_inbox_way_ms: round(agentMs, 1),
      remote_ratio: round(agentMs / remoteMs, 2),
      remote_samples_ms: timings.ours.map((ms) => round(ms, 1)),
      agent_inbox_way_samples_ms: timings.theirs.map((ms) => round(ms, 1)),
      remote_requests: remoteRequests,
      agent_inbox_way_requests: agentRequests,
    };
  } finally {
    await server.stop();
  }
}

export function remoteFields(result: RemoteResult) {
  return { ...result, target_remote_20x: result.remote_ratio >= REMOTE_RATIO_MIN };
}

export function renderRemote(result: RemoteResult): string {
  return [
    `remote: a complete inbox of ${result.threads} interrupted threads (${GRAPH}) on a langgraphjs dev server, median of ${SAMPLES}, sides alternating`,
    `  remote_inbox_ms ${result.remote_inbox_ms} (${result.remote_requests} requests; samples ${result.remote_samples_ms.join(", ")})`,
    `  agent_inbox_way_ms ${result.agent_inbox_way_ms} (${result.agent_inbox_way_requests} requests: pages of ${AGENT_INBOX_PAGE}, then getState per thread; samples ${result.agent_inbox_way_samples_ms.join(", ")})`,
    `  remote_ratio ${result.remote_ratio}× faster (creating the threads took ${result.create_ms} ms)`,
    `  target: at least ${REMOTE_RATIO_MIN}× faster: ${result.remote_ratio >= REMOTE_RATIO_MIN ? "PASS" : "FAIL"}`,
  ].join("\n");
}
