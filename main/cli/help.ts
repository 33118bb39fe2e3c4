import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, type CommandName, type OptionSpec } from "./args.js";

const EXIT_CODES = "Exit codes: 0 success; 2 usage or validation error (bad flag, invalid JSON, unknown graph or item, refused or repeated decision); 1 anything else, a failed run included.";

export function helpText(command?: CommandName): string {
  return command ? commandHelp(command) : mainHelp();
}

function mainHelp(): string {
  const names = COMMAND_NAMES.map((name) => [COMMANDS[name].synopsis.split(" (")[0]!.split(" [")[0]!, COMMANDS[name].summary] as const);
  const pad = Math.max(...names.map(([synopsis]) => synopsis.length));
  return [
    "countersign: the Countersign approval inbox for LangGraph agents, from the command line",
    "",
    "Usage: countersign <command> [options]",
    "",
    "Commands:",
    ...names.map(([synopsis, summary]) => `  ${synopsis.padEnd(pad)}  ${summary}`),
    "",
    "Options of every command:",
    optionLines({ ...GLOBAL_OPTIONS, version: { type: "boolean", help: "print the version" } }),
    "",
    EXIT_CODES,
    "Run `countersign <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const own = Object.keys(spec.options).length > 0 ? ["", "Options:", optionLines(spec.options)] : [];
  return [
    `Usage: countersign ${spec.synopsis} [--data DIR] [--config PATH] [--json]`,
    "",
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.notes ?? []).flatMap((note) => ["", note]),
    ...own,
    "",
    "Options of every command:",
    optionLines(GLOBAL_OPTIONS),
    "",
    EXIT_CODES,
  ].join("\n");
}

function optionLines(options: Record<string, OptionSpec>): string {
  const rows = Object.entries(options).map(([long, spec]) => {
    const names = spec.short ? `-${spec.short}, --${long}` : `    --${long}`;
    return [spec.value ? `${names} ${spec.value}` : names, spec.help] as const;
  });
  const pad = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(pad)}  ${help}`).join("\n");
}
