import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The official checkpointer validation suite is written against Jest-style globals.
    globals: true,
    include: ["test/**/*.test.ts"],
    // The reliability suite has its own config and runner (npm run test:reliability).
    exclude: [...configDefaults.exclude, "test/reliability/**"],
    // Tests spawn the compiled CLI: built first when missing or stale.
    globalSetup: ["test/support/cli-build.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
