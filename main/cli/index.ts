// Entry point of the `countersign` command (bin/countersign.js loads it compiled, from out/cli/).
import { colorFor, style } from "./format.js";
import { main } from "./main.js";

// `countersign list | head -1`: a closed pipe ends the output, not with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  style: style(colorFor(process.stdout, process.env)),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

// Exit even if a graph left a handle open (a keep-alive socket, a timer), once the output is flushed.
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}
