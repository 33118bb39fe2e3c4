import type { CallName } from "../../shared/contract.js";

// The contract's calls, listed without importing the contract at run time: its zod schemas would
// only slow the renderer's startup (main validates every input). `satisfies` keeps the list complete.
const CALLS = { listGraphs: true, listItems: true, getItem: true, decide: true, decideMany: true, startRun: true, retryThread: true, history: true, health: true, retrySync: true, getSettings: true, updateSettings: true, listSources: true, addSource: true, updateSource: true, removeSource: true, syncSources: true } satisfies Record<CallName, true>;

export const callNames = Object.keys(CALLS) as CallName[];
