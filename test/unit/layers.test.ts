// The folder import rules of eslint.config.js: each layer imports only the layers below it, and
// only the Electron adapter imports electron. Linted as if the code sat in the named file.
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}${file}` });
  return result!.messages.filter((message) => message.ruleId !== "@typescript-eslint/no-unused-vars").map((message) => `${message.ruleId}: ${message.message}`);
}

const layerError = (text: string) => [expect.stringMatching(new RegExp(`^layers/imports: .*${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`))];

describe("folder import rules", () => {
  it.each([
    ["shared/x.ts", 'import { resolveDataDir } from "../main/host/data-dir.js";', "not main/host/data-dir.ts"],
    ["shared/x.ts", 'import { formatDate } from "../renderer/app/format.js";', "not renderer/app/format.ts"],
    ["main/host/x.ts", 'import { serve } from "../server/serve.js";', "not main/server/serve.ts"],
    ["main/host/inbox/x.ts", 'import { dispatch } from "../../transport/handlers.js";', "not main/transport/handlers.ts"],
    ["main/host/x.ts", 'export * from "../electron/args.js";', "not main/electron/args.ts"],
    ["main/host/x.ts", 'export { contentType } from "../static/content-type.js";', "not main/static/content-type.ts"],
    ["main/host/x.ts", 'const cli = await import("../cli/main.js");\nexport { cli };', "not main/cli/main.ts"],
    ["main/static/x.ts", 'import type { Host } from "../host/host.js";\nexport type { Host };', "not main/host/host.ts"],
    ["main/transport/x.ts", 'import { startServer } from "../server/server.js";\nexport { startServer };', "not main/server/server.ts"],
    ["main/server/x.ts", 'import { serveAppRequest } from "../electron/protocol.js";\nexport { serveAppRequest };', "not main/electron/protocol.ts"],
    ["main/server/x.ts", 'import { runCli } from "../cli/main.js";\nexport { runCli };', "not main/cli/main.ts"],
    ["main/electron/x.ts", 'import { serve } from "../server/serve.js";\nexport { serve };', "not main/server/serve.ts"],
    ["main/launcher.ts", 'import { parseAppArgs } from "./electron/args.js";\nexport { parseAppArgs };', "not main/electron/args.ts"],
    ["renderer/item/x.tsx", 'import { contentSecurityPolicy } from "../../main/static/csp.js";\nexport { contentSecurityPolicy };', "not main/static/csp.ts"],
    ["renderer/x.ts", 'import { hasDisplay } from "../main/host/display.js";\nexport { hasDisplay };', "not main/host/display.ts"],
  ])("%s: %s is refused", async (file, code, text) => {
    expect(await problems(file, code)).toEqual(layerError(text));
  });

  it.each([
    ["shared/x.ts", 'import { messageOf } from "./values.js";\nexport { messageOf };'],
    ["main/host/inbox/x.ts", 'import { formatIssues } from "../../../shared/values.js";\nimport { hash } from "node:crypto";\nexport { formatIssues, hash };'],
    ["main/transport/x.ts", 'import type { Host } from "../host/host.js";\nexport type { Host };'],
    ["main/server/x.ts", 'import { readStaticFile } from "../static/files.js";\nimport { dispatch } from "../transport/handlers.js";\nexport { readStaticFile, dispatch };'],
    ["main/electron/x.ts", 'import { app } from "electron";\nimport { contentSecurityPolicy } from "../static/csp.js";\nexport { app, contentSecurityPolicy };'],
    ["main/cli/x.ts", 'const { serve } = await import("../server/serve.js");\nexport { serve };'],
    ["main/start.ts", 'import { findElectron } from "./launcher.js";\nimport { serve } from "./server/serve.js";\nexport { findElectron, serve };'],
    ["renderer/x.ts", 'import { externalUrl } from "../shared/external-url.js";\nexport { externalUrl };'],
  ])("%s: allowed imports pass", async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it("only the Electron adapter imports electron", async () => {
    for (const file of ["main/host/x.ts", "main/server/x.ts", "main/cli/x.ts", "shared/x.ts", "main/launcher.ts"]) {
      expect(await problems(file, 'import { app } from "electron";\nexport { app };'), file).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
    }
    expect(await problems("main/preload.ts", 'import { ipcRenderer } from "electron";\nexport { ipcRenderer };')).toEqual([]);
  });
});
