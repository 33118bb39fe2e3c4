// Turns argv into one validated invocation, before any database or graph is touched: a typo
// costs no graph loading and always exits 2 with one line.
import { parseArgs } from "node:util";
import { ItemSort, type ItemQuery } from "../../shared/inbox.js";
import { ItemKind, type DecisionInput } from "../../shared/items.js";
import { decisionFromFlags, DECISION_FLAGS } from "./decision.js";
import { parseJson, UsageError } from "./usage-error.js";
import { isPlainObject, messageOf } from "../../shared/values.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** Given several times: every value is kept. */
  multiple?: boolean;
  /** The value's placeholder in help, e.g. "JSON". */
  value?: string;
  help: string;
}

export const COMMAND_NAMES = ["graphs", "run", "list", "show", "decide", "retry", "history", "source", "serve"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandSpec {
  summary: string;
  /** The synopsis after "countersign <name>". */
  synopsis: string;
  options: Record<string, OptionSpec>;
  /** Extra help paragraphs. */
  notes?: string[];
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  data: { type: "string", value: "DIR", help: "data folder (default: $COUNTERSIGN_DATA, else the per-user folder the app uses)" },
  config: { type: "string", value: "PATH", help: "a langgraph.json listing the graphs (default: the bundled demo graphs)" },
  json: { type: "boolean", help: "print JSON on stdout instead of tables" },
  verbose: { type: "boolean", help: "print the log (debug level) on stderr; COUNTERSIGN_LOG=debug|info|warn|error picks a level" },
  help: { type: "boolean", short: "h", help: "show help" },
};

export const COMMANDS: Record<CommandName, CommandSpec> = {
  graphs: {
    summary: "list the graphs that can be run, and the ones that failed to load",
    synopsis: "graphs",
    options: {},
    notes: ["Load errors go to stderr (in --json: the \"errors\" list). A graph that fails to load does not stop the others."],
  },
  run: {
    summary: "start a thread (or continue one) and wait until it pauses or ends",
    synopsis: "run <graphId> [--input JSON] [--thread ID]",
    options: {
      input: { type: "string", value: "JSON", help: "the run's input, a JSON object (default: {})" },
      thread: { type: "string", value: "ID", help: "the thread id (default: a new random id)" },
    },
    notes: ["Prints the thread id, its status and the items it now waits on. Exits 1 when the run fails."],
  },
  list: {
    summary: "list the pending items",
    synopsis: "list [--source NAME] [--graph ID] [--kind KIND] [--search TEXT] [--sort ORDER]",
    options: {
      source: { type: "string", value: "NAME", help: 'only items of this source ("local": the graphs of this machine)' },
      graph: { type: "string", value: "ID", help: "only items of this graph" },
      kind: { type: "string", value: "KIND", help: `only items of this kind: ${ItemKind.options.join(", ")}` },
      search: { type: "string", value: "TEXT", help: "only items whose title, description or tool calls contain TEXT (any case)" },
      sort: { type: "string", value: "ORDER", help: `${ItemSort.options.join(", ")} (default: oldest)` },
    },
  },
  show: {
    summary: "show an item, its thread's status and state, and the decision taken if it was decided",
    synopsis: "show <itemId>",
    options: {},
  },
  decide: {
    summary: "answer a pending item, then wait until its thread pauses again or ends",
    synopsis: "decide <itemId> (--approve | --reject [MESSAGE] | --edit JSON | --respond TEXT | --ignore | --resume JSON | --decisions JSON)",
    options: {
      approve: { type: "boolean", help: "approve (accept) the action" },
      reject: { type: "boolean", value: "[MESSAGE]", help: "reject it, with an optional message for the agent (the next argument, or --reject=MESSAGE)" },
      edit: { type: "string", value: "JSON", help: "approve it with these edited args (a JSON object)" },
      respond: { type: "string", value: "TEXT", help: "answer with text instead of deciding" },
      ignore: { type: "boolean", help: "dismiss it (when the item allows ignore)" },
      resume: { type: "string", value: "JSON", help: "send this JSON as the whole resume value, unchecked (expert)" },
      decisions: {
        type: "string",
        value: "JSON",
        help: 'one decision per action of a batch, in order: [{"type":"approve"},{"type":"edit","args":{...}},{"type":"reject","message":"..."}]',
      },
    },
    notes: [
      "Give exactly one of the decision options. --approve, --reject, --edit, --respond and --ignore answer an item with one action; an item with several actions (a batch of tool calls) takes --decisions.",
      "The decision is checked against what the item allows and recorded before the graph runs on; an item is decided once only. Exits 1 when the decision was recorded but the run then failed.",
    ],
  },
  retry: {
    summary: "run a thread whose run failed on from its last checkpoint, and wait until it pauses or ends",
    synopsis: "retry <threadId>",
    options: {},
    notes: [
      "The tasks that failed run again, with the answers already given (a decision is not sent twice). Prints like run; exits 1 when the run fails again, 2 when the thread's last run did not fail.",
    ],
  },
  history: {
    summary: "the decision log, newest first: time, item, decision, resume value sent, outcome",
    synopsis: "history [--limit N]",
    options: {
      limit: { type: "string", value: "N", help: "show at most N decisions (default: 100)" },
    },
  },
  source: {
    summary: "the remote LangGraph Server deployments whose items join the inbox: add, list, remove, sync",
    synopsis: "source add --name N --url U [--api-key K] [--header K=V]... [--graph ID] | source list | source remove <name> | source sync [<name>]",
    options: {
      name: { type: "string", value: "N", help: "add: the source's name, shown beside its items" },
      url: { type: "string", value: "U", help: "add: the deployment's address (http:// or https://)" },
      "api-key": { type: "string", value: "K", help: "add: its API key (sent as x-api-key; stored sealed)" },
      header: { type: "string", value: "K=V", multiple: true, help: "add: a custom header for every request (repeatable; stored sealed)" },
      graph: { type: "string", value: "ID", help: "add: only threads of this graph or assistant" },
    },
    notes: [
      "sync pulls the source's pending items and delivers decisions that were queued while it was out of reach, then prints what it did.",
      "A decision on a remote item made while its deployment is unreachable is queued (decide exits 0 and says so) and delivered exactly once when it is back, by whichever Countersign process runs.",
    ],
  },
  serve: {
    summary: "browser mode: serve the inbox on a local address, guarded by a token in the URL it prints",
    synopsis: "serve [--port N] [--host H] [--open]",
    options: {
      port: { type: "string", value: "N", help: "the port (default: 47800, or a free one when that is taken)" },
      host: { type: "string", value: "H", help: "the address to bind (default: 127.0.0.1); any other address must be given explicitly" },
      open: { type: "boolean", help: "open the inbox in the default browser" },
    },
    notes: ["Runs until interrupted (Ctrl+C). Every request and connection needs the printed URL's token."],
  },
};

export interface GlobalFlags {
  data?: string;
  config?: string;
  json: boolean;
  verbose: boolean;
}

export type Command =
  | { name: "graphs" }
  | { name: "run"; graphId: string; input: Record<string, unknown>; threadId?: string }
  | { name: "list"; query: ItemQuery }
  | { name: "show"; itemId: string }
  | { name: "decide"; itemId: string; decision: DecisionInput }
  | { name: "retry"; threadId: string }
  | { name: "history"; limit: number }
  | { name: "source"; action: "list" }
  | { name: "source"; action: "add"; source: { name: string; url: string; apiKey?: string; headers?: Record<string, string>; graphId?: string } }
  | { name: "source"; action: "remove"; sourceName: string }
  | { name: "source"; action: "sync"; sourceName?: string }
  | { name: "serve"; port?: number; hostname?: string; open: boolean };

export type Invocation =
  | { kind: "help"; command?: CommandName }
  | { kind: "version" }
  | { kind: "command"; global: GlobalFlags; command: Command };

type Values = Record<string, string | boolean | string[] | undefined>;

export function parseCommandLine(argv: readonly string[]): Invocation {
  const { name, rest } = splitCommand(argv);
  if (name === undefined) {
    const { values } = parse(rest, { ...GLOBAL_OPTIONS, version: { type: "boolean", help: "" } }, undefined);
    if (values.version) return { kind: "version" };
    if (values.help) return { kind: "help" };
    throw new UsageError(`missing command (${COMMAND_NAMES.join(", ")}); see countersign --help`);
  }
  if (name === "help") {
    const topic = rest.find((arg) => !arg.startsWith("-"));
    if (topic === undefined) return { kind: "help" };
    return { kind: "help", command: commandName(topic) };
  }
  const command = commandName(name);
  const spec = COMMANDS[command];
  // --reject takes an optional message: "--reject=MESSAGE", or the argument right after it.
  let inlineMessage: string | undefined;
  const args = rest.map((arg) => {
    if (command !== "decide" || !arg.startsWith("--reject=")) return arg;
    inlineMessage = arg.slice("--reject=".length);
    return "--reject";
  });
  const parsed = parse(args, { ...GLOBAL_OPTIONS, ...spec.options }, command);
  const { values } = parsed;
  let { positionals } = parsed;
  // decide ID --reject MESSAGE, or decide --reject MESSAGE ID: the argument after --reject is its
  // message when there are two or more; a lone argument is the item id.
  if (command === "decide" && values.reject && inlineMessage === undefined && positionals.length >= 2 && parsed.afterReject !== undefined) {
    inlineMessage = positionals[parsed.afterReject];
    positionals = positionals.filter((_, i) => i !== parsed.afterReject);
  }
  if (values.help) return { kind: "help", command };
  const global: GlobalFlags = { data: str(values.data), config: str(values.config), json: values.json === true, verbose: values.verbose === true };

  switch (command) {
    case "graphs":
    case "list":
    case "history":
    case "serve":
      expectPositionals(command, positionals, []);
      break;
    case "run":
    case "show":
      expectPositionals(command, positionals, [command === "run" ? "graphId" : "itemId"]);
      break;
    case "decide":
      expectPositionals(command, positionals, ["itemId"]);
      break;
    case "retry":
      expectPositionals(command, positionals, ["threadId"]);
      break;
    case "source":
      break;
  }
  const first = positionals[0] ?? "";

  switch (command) {
    case "graphs":
      return { kind: "command", global, command: { name: "graphs" } };
    case "run": {
      const input = values.input === undefined ? {} : parseJson("--input", String(values.input));
      if (!isPlainObject(input)) throw new UsageError("--input must be a JSON object");
      return { kind: "command", global, command: { name: "run", graphId: first, input, threadId: nonEmpty("--thread", values.thread) } };
    }
    case "list": {
      const kind = values.kind === undefined ? undefined : ItemKind.safeParse(values.kind).data;
      if (values.kind !== undefined && kind === undefined) throw new UsageError(`unknown --kind "${values.kind}" (kinds: ${ItemKind.options.join(", ")})`);
      const sort = values.sort === undefined ? undefined : ItemSort.safeParse(values.sort).data;
      if (values.sort !== undefined && sort === undefined) throw new UsageError(`unknown --sort "${values.sort}" (orders: ${ItemSort.options.join(", ")})`);
      const query: ItemQuery = {};
      if (values.source !== undefined) query.source = String(values.source);
      if (values.graph !== undefined) query.graphId = String(values.graph);
      if (kind) query.kind = kind;
      if (values.search !== undefined) query.search = String(values.search);
      if (sort) query.sort = sort;
      return { kind: "command", global, command: { name: "list", query } };
    }
    case "show":
      return { kind: "command", global, command: { name: "show", itemId: first } };
    case "decide": {
      const decision = decisionFromFlags(pick(values, DECISION_FLAGS), values.reject ? inlineMessage : undefined);
      return { kind: "command", global, command: { name: "decide", itemId: first, decision } };
    }
    case "retry":
      return { kind: "command", global, command: { name: "retry", threadId: first } };
    case "history": {
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got "${values.limit}"`);
      return { kind: "command", global, command: { name: "history", limit } };
    }
    case "source":
      return { kind: "command", global, command: sourceCommand(positionals, values) };
    case "serve": {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && (!Number.isSafeInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a port number, got "${values.port}"`);
      return { kind: "command", global, command: { name: "serve", port, hostname: nonEmpty("--host", values.host), open: values.open === true } };
    }
  }
}

const SOURCE_ACTIONS = ["add", "list", "remove", "sync"] as const;
const ADD_ONLY = ["name", "url", "api-key", "header", "graph"];

function sourceCommand(positionals: string[], values: Values): Command {
  const [action, ...rest] = positionals;
  if (!(SOURCE_ACTIONS as readonly (string | undefined)[]).includes(action)) {
    throw new UsageError(`source needs one of ${SOURCE_ACTIONS.join(", ")}${action === undefined ? "" : `, not "${action}"`}: countersign ${COMMANDS.source.synopsis}`);
  }
  const misplaced = ADD_ONLY.find((key) => action !== "add" && values[key] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} is for source add`);
  if (action === "add") {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" (source add takes --name and --url)`);
    const name = nonEmpty("--name", values.name);
    const url = nonEmpty("--url", values.url);
    if (name === undefined || url === undefined) throw new UsageError("source add needs --name N and --url U");
    const headers: Record<string, string> = {};
    for (const header of (values.header as string[] | undefined) ?? []) {
      const at = header.indexOf("=");
      if (at <= 0) throw new UsageError(`--header takes NAME=VALUE, got "${header}"`);
      headers[header.slice(0, at).trim()] = header.slice(at + 1);
    }
    const source = { name, url, ...(values["api-key"] === undefined ? {} : { apiKey: String(values["api-key"]) }), ...(Object.keys(headers).length ? { headers } : {}), ...(values.graph === undefined ? {} : { graphId: String(values.graph) }) };
    return { name: "source", action: "add", source };
  }
  if (action === "list") {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" (see countersign source --help)`);
    return { name: "source", action: "list" };
  }
  if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}" (see countersign source --help)`);
  if (action === "remove") {
    if (rest[0] === undefined || rest[0].trim() === "") throw new UsageError("source remove needs <name>");
    return { name: "source", action: "remove", sourceName: rest[0] };
  }
  return { name: "source", action: "sync", ...(rest[0] === undefined ? {} : { sourceName: rest[0] }) };
}

/** The command is the first argument that is neither an option nor an option's value. */
function splitCommand(argv: readonly string[]): { name?: string; rest: string[] } {
  const takesValue = new Set<string>();
  for (const options of [GLOBAL_OPTIONS, ...Object.values(COMMANDS).map((spec) => spec.options)]) {
    for (const [long, spec] of Object.entries(options)) {
      if (spec.type !== "string") continue;
      takesValue.add(`--${long}`);
      if (spec.short) takesValue.add(`-${spec.short}`);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (arg.startsWith("-") && arg !== "-") {
      if (takesValue.has(arg)) i++;
      continue;
    }
    return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: [...argv] };
}

function commandName(name: string): CommandName {
  if ((COMMAND_NAMES as readonly string[]).includes(name)) return name as CommandName;
  throw new UsageError(`unknown command "${name}" (commands: ${COMMAND_NAMES.join(", ")}); see countersign --help`);
}

interface Parsed {
  values: Values;
  positionals: string[];
  /** The positional right after --reject, if any: its message when there are two positionals. */
  afterReject?: number;
}

function parse(args: string[], options: Record<string, OptionSpec>, command: CommandName | undefined): Parsed {
  const config = Object.fromEntries(
    Object.entries(options).map(([long, spec]) => [long, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
  );
  try {
    const { values, positionals, tokens } = parseArgs({ args, options: config, strict: true, allowPositionals: true, tokens: true });
    let afterReject: number | undefined;
    let positional = 0;
    let previous: (typeof tokens)[number] | undefined;
    for (const token of tokens) {
      if (token.kind === "positional") {
        if (previous?.kind === "option" && previous.name === "reject" && previous.inlineValue === undefined) afterReject = positional;
        positional++;
      }
      if (token.kind !== "option-terminator") previous = token;
    }
    return { values: values as Values, positionals, afterReject };
  } catch (error) {
    // node's messages for unknown options, missing values and the like are one sentence each.
    const hint = command ? `countersign ${command} --help` : "countersign --help";
    throw new UsageError(`${messageOf(error).replace(/\s+/g, " ").trim()} (see ${hint})`);
  }
}

function expectPositionals(command: CommandName, positionals: string[], names: string[]): void {
  const required = names.filter((name) => !name.startsWith("["));
  if (positionals.length < required.length) {
    throw new UsageError(`${command} needs ${required.map((name) => `<${name}>`).join(" ")}: countersign ${COMMANDS[command].synopsis}`);
  }
  const extra = positionals[names.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" (see countersign ${command} --help)`);
  for (const [i, name] of required.entries()) {
    if (positionals[i]?.trim() === "") throw new UsageError(`<${name}> must not be empty`);
  }
}

type Value = Values[string];

function str(value: Value): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function nonEmpty(flag: string, value: Value): string | undefined {
  if (value === undefined) return undefined;
  if (String(value).trim() === "") throw new UsageError(`${flag} must not be empty`);
  return String(value);
}

/** Only single-valued options are picked (none of the picked ones is repeatable). */
function pick(values: Values, keys: readonly string[]): Record<string, string | boolean | undefined> {
  return Object.fromEntries(keys.filter((key) => values[key] !== undefined && !Array.isArray(values[key])).map((key) => [key, values[key] as string | boolean]));
}
