import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Under plain Node, loading "electron" downloads the binary on the spot and throws: only the thin
// adapter may touch it, and tests replace it with a factory mock.
const electronOnly = "Only main/electron/, main/index.ts and main/preload.ts may import electron (under Node it downloads the binary and throws).";
const electronSpecifier = "/^electron(\\u002F.*)?$/";

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "dist/", "coverage/", "bench-results/", ".scratch/", ".test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.{js,mjs}"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
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
  {
    files: ["main/electron/**/*.ts", "main/index.ts", "main/preload.ts"],
    rules: { "no-restricted-imports": "off", "no-restricted-syntax": "off" },
  },
  {
    files: ["main/electron/external-links.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
