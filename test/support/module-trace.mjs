// `node --import ./module-trace.mjs ...` (or in NODE_OPTIONS): appends the URL of every module the
// process loads through the ES module loader, one a line, to the file named by
// COUNTERSIGN_MODULE_TRACE. Tests use it to see which libraries a command loads.
import { register } from "node:module";

const file = process.env.COUNTERSIGN_MODULE_TRACE;
if (file) {
  const hooks = `
    import { appendFileSync } from "node:fs";
    let file;
    export function initialize(data) { file = data.file; }
    export async function load(url, context, next) {
      appendFileSync(file, url + "\\n");
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file } });
}
