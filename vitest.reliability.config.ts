// The reliability suite (`npm run test:reliability`, test/reliability/run.mjs): crash loops, races,
// fuzzing, bad files and environments, the Electron scan. Its own config so its long tests run
// apart from the normal suite, one file at a time (they share two cores with the host children they spawn).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/support/cli-build.ts"],
    // Sizes are counts, not durations: a soak run (10× the counts) takes about ten times as long.
    testTimeout: process.env.COUNTERSIGN_SOAK === "1" ? 3 * 60 * 60_000 : 20 * 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
