import type { RegExpEngine } from "ajv/dist/types/index.js";
import { RE2JS } from "re2js";

/**
 * The regular-expression engine for argsSchema patterns. Schemas come from payloads an LLM may have
 * written, so a pattern such as `^(a+)+$` must not be able to backtrack for minutes on the host's
 * thread: RE2 matches in time linear in the input. Patterns it cannot run (lookaround,
 * backreferences) fail to compile, and the schema is then reported unusable.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const compiled = RE2JS.compile(pattern, flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0);
    // ajv tells compiled patterns apart by their string form, as it would RegExp objects.
    return { test: (input: string) => compiled.matcher(input).find(), toString: () => `/${pattern}/${flags}` };
  },
  // What ajv writes into standalone validation code to name the engine; never used at run time here.
  { code: 'require("re2js")' },
);
