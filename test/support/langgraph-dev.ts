// A real LangGraph Server for tests: `langgraphjs dev` on a free loopback port (never 2024), serving
// graphs of this repository from a langgraph.json written in a folder of its own. The server spawns
// a watcher and workers, so it runs in a process group of its own and is stopped as a group.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "node_modules/.bin/langgraphjs");
const AUTH_MODULE = join(ROOT, "test/support/langgraph-auth.ts");
/** The port `langgraphjs dev` uses by default: left to whoever runs one by hand. */
const RESERVED_PORT = 2024;
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;
/** The dev server writes its state to `.langgraph_api/` this long after the last change (3 s), plus margin. */
const PERSIST_WAIT_MS = 15_000;
/** How long the state files must stay unchanged before a flush counts as done. */
const SETTLED_MS = 1_500;
const LOG_LINES = 200;
const PORT_ATTEMPTS = 3;

/**
 * Process groups of the servers still running, and their folders. A test process that exits without stopping them
 * (an interrupted bench, a worker torn down) takes them along: being groups of their own, they get
 * no Ctrl-C from the terminal and would otherwise outlive it.
 */
const running = new Map<number, string>();
process.on("exit", () => {
  for (const [pid, dir] of running) {
    signalGroup(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The bundled demo graphs, as langgraph.json names them, relative to the repository. */
export const DEMO_GRAPHS: Record<string, string> = {
  "support-agent": "main/host/graphs/demos/support-agent.ts:agent",
  "expense-approval": "main/host/graphs/demos/expense-approval.ts:graph",
  "release-pipeline": "main/host/graphs/demos/release-pipeline.ts:graph",
  "ship-it": "main/host/graphs/demos/ship-it.ts:graph",
};

export interface DevServerOptions {
  /** Graph id → "repo-relative/path.ts:export"; the demos by default. */
  graphs?: Record<string, string>;
  /** Requests must carry this `x-api-key` (custom auth in langgraph.json, test/support/langgraph-auth.ts). */
  apiKey?: string;
  /** Workers per server; a few are plenty for tests on a shared machine. */
  jobsPerWorker?: number;
}

export interface DevServer {
  url: string;
  port: number;
  /** The folder holding langgraph.json and the server's persisted state (`.langgraph_api/`). */
  dir: string;
  /** The server's recent output, for a failure message. */
  output(): string;
  /** Waits until the state is on disk, stops the server, and starts it again on the same folder and port. */
  restart(): Promise<void>;
  /** Waits until the state is on disk and stops the server, keeping its folder: the deployment is out of reach until `up()`. */
  down(): Promise<void>;
  /** Starts a stopped server again on the same folder and port. */
  up(): Promise<void>;
  /** Stops the server (its whole process group) and removes its folder. */
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const dir = mkdtempSync(join(tmpdir(), "countersign-lgdev-"));
  const graphs = Object.fromEntries(Object.entries(options.graphs ?? DEMO_GRAPHS).map(([id, spec]) => [id, relativeSpec(dir, spec)]));
  const config: Record<string, unknown> = { node_version: "20", graphs };
  if (options.apiKey) config.auth = { path: `${relative(dir, AUTH_MODULE)}:auth` };
  writeFileSync(join(dir, "langgraph.json"), `${JSON.stringify(config, null, 2)}\n`);

  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const proc = spawn(BIN, ["dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser", "--config", join(dir, "langgraph.json"), "--n-jobs-per-worker", String(options.jobsPerWorker ?? 4)], {
      cwd: dir,
      detached: true, // a process group of its own: stop() signals the watcher and its workers together
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        COUNTERSIGN_TEST_API_KEY: options.apiKey ?? "",
        LANGSMITH_TRACING: "false",
        LANGCHAIN_TRACING_V2: "false",
        LANGGRAPH_API_KEY: "",
        LANGSMITH_API_KEY: "",
        LANGCHAIN_API_KEY: "",
        NO_COLOR: "1",
      },
    });
    child = proc;
    if (proc.pid !== undefined) running.set(proc.pid, dir);
    const keep = (chunk: Buffer): void => {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    await waitUntilUp(url, proc, options.apiKey, () => lines.join("\n"));
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    signalGroup(proc.pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(proc.pid!, "SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    // The watcher exits before the server it runs, which writes its state out once more as it stops:
    // a kill before that write ends would leave the files cut short, and the next start with nothing.
    await groupGone(proc.pid, STOP_TIMEOUT_MS);
    clearTimeout(timer);
    signalGroup(proc.pid, "SIGKILL");
    running.delete(proc.pid);
  };

  // Another process on the machine may take the free port before the server binds it: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      await halt();
      if (attempt < PORT_ATTEMPTS && lines.some((line) => line.includes("EADDRINUSE"))) {
        lines.length = 0;
        port = await freePort();
        url = `http://127.0.0.1:${port}`;
        continue;
      }
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  return {
    url,
    port,
    dir,
    output: () => lines.join("\n"),
    async restart() {
      await waitForPersist(dir, Date.now());
      await halt();
      await launch();
    },
    async down() {
      await waitForPersist(dir, Date.now());
      await halt();
    },
    up: launch,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A graph spec relative to the config's folder: the dev server joins graph paths to it, absolute ones included. */
function relativeSpec(dir: string, spec: string): string {
  const at = spec.lastIndexOf(":");
  const [file, name] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, "graph"];
  return `${relative(dir, join(ROOT, file))}:${name}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Waits until no process of the group is left, at most `timeoutMs`. */
async function groupGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port nothing listens on now, chosen by the system (never 2024). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
      });
    });
    if (port !== RESERVED_PORT) return port;
  }
}

async function waitUntilUp(url: string, proc: ChildProcess, apiKey: string | undefined, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`langgraphjs dev exited (${proc.exitCode ?? proc.signalCode}) before answering:\n${output()}`);
    try {
      const response = await fetch(`${url}/ok`, { headers: apiKey ? { "x-api-key": apiKey } : {}, signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`langgraphjs dev did not answer GET /ok within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * Waits until the server has written its state after `since`: it writes each store 3 s after the
 * last request that touched it (reads included), so the operations file, touched by every request,
 * is rewritten once the last one's writes are flushed.
 */
async function waitForPersist(dir: string, since: number): Promise<void> {
  const folder = join(dir, ".langgraph_api");
  const deadline = Date.now() + PERSIST_WAIT_MS;
  while (Date.now() < deadline) {
    const files = existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
    const ops = files.find((file) => file.endsWith("ops.json"));
    if (ops && statSync(ops).mtimeMs > since) {
      // A flush writes several files one after another: wait until none has changed for a while.
      const newest = () => Math.max(...files.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
      while (Date.now() - newest() < SETTLED_MS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the dev server in ${dir} did not persist its state within ${PERSIST_WAIT_MS / 1000} s`);
}
