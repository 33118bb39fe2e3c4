import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Layers, the way VS Code enforces its own: each folder lists the folders of ours it may import
// (its own always). shared/ is plain TypeScript for every runtime; the host and the static-file
// rules are plain Node for every shell; transports carry the host (the worker thread is one); the shells (Electron adapter,
// browser-mode server, CLI, `npm start`) sit on top; the renderer sees only shared/.
const LAYERS = [
  { name: "shared/", paths: ["shared/"], allow: [] },
  { name: "main/host/", paths: ["main/host/"], allow: ["shared/"] },
  { name: "main/static/", paths: ["main/static/"], allow: ["shared/"] },
  { name: "main/transport/", paths: ["main/transport/"], allow: ["main/host/", "shared/"] },
  { name: "main/worker/", paths: ["main/worker/"], allow: ["main/host/", "main/transport/", "shared/"] },
  { name: "main/settings/", paths: ["main/settings/"], allow: ["main/host/", "main/transport/", "shared/"] },
  { name: "main/server/", paths: ["main/server/"], allow: ["main/host/", "main/transport/", "main/worker/", "main/static/", "main/settings/", "shared/"] },
  { name: "the Electron adapter", paths: ["main/electron/", "main/index.ts", "main/preload.ts"], allow: ["main/host/", "main/transport/", "main/worker/", "main/static/", "main/settings/", "shared/"] },
  { name: "main/cli/", paths: ["main/cli/"], allow: ["main/host/", "main/transport/", "main/server/", "shared/"] },
  { name: "main/launcher.ts", paths: ["main/launcher.ts"], allow: ["main/host/", "shared/"] },
  { name: "main/start.ts", paths: ["main/start.ts"], allow: ["main/launcher.ts", "main/server/", "main/host/", "shared/"] },
  { name: "renderer/", paths: ["renderer/"], allow: ["shared/"] },
];
const ROOT = dirname(fileURLToPath(import.meta.url));
const layerOf = (path) => LAYERS.find((layer) => layer.paths.some((prefix) => (prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix)));
const fromRoot = (path) => relative(ROOT, path).split(sep).join("/");

/** Relative imports (static, dynamic, re-exports) that cross into a layer the file's layer may not use. */
const layeredImports = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const layer = layerOf(fromRoot(context.filename));
    if (!layer) return {};
    const check = (source) => {
      if (source?.type !== "Literal" || typeof source.value !== "string" || !source.value.startsWith(".")) return;
      // NodeNext specifiers name the emitted .js of a .ts file.
      const target = fromRoot(resolve(dirname(context.filename), source.value)).replace(/\.js$/, ".ts");
      const to = layerOf(target);
      if (to === layer || (to && to.paths.some((prefix) => layer.allow.includes(prefix)))) return;
      const allowed = layer.allow.length ? `only ${layer.allow.join(", ")}` : "nothing outside itself";
      context.report({ node: source, message: `${layer.name} may import ${allowed}, not ${target}.` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

// Under plain Node, loading "electron" downloads the binary on the spot and throws: only the thin
// adapter may touch it, and tests replace it with a factory mock.
const electronOnly = "Only main/electron/, main/index.ts and main/preload.ts may import electron (under Node it downloads the binary and throws).";
const electronSpecifier = "/^electron(\\u002F.*)?$/";

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "dist/", "coverage/", "bench-results/", ".scratch/", ".test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.{js,mjs}"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  // electron-builder loads its hooks with require (build/after-pack.cjs).
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", exports: "writable", module: "writable", process: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Static imports and re-exports, type-only ones included, of "electron" and "electron/main" etc.
      "no-restricted-imports": ["error", { paths: [{ name: "electron", message: electronOnly }], patterns: [{ regex: "^electron/", message: electronOnly }] }],
      "no-restricted-syntax": [
        "error",
        { selector: `ImportExpression[source.value=${electronSpecifier}]`, message: electronOnly },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${electronSpecifier}]`, message: electronOnly },
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock)$/][arguments.length=1][arguments.0.value='electron']",
          message: 'vi.mock("electron") needs a factory: without one Vitest loads the real package, which throws under Node.',
        },
      ],
      // One way out to the system browser, with its http(s) allowlist.
      "no-restricted-properties": ["error", { object: "shell", property: "openExternal", message: "Use openExternalSafely() from main/electron/external-links.ts." }],
    },
  },
  { plugins: { layers: { rules: { imports: layeredImports } } }, rules: { "layers/imports": "error" } },
  {
    files: ["main/electron/**/*.ts", "main/index.ts", "main/preload.ts"],
    rules: { "no-restricted-imports": "off", "no-restricted-syntax": "off" },
  },
  {
    files: ["main/electron/external-links.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
