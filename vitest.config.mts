import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The Pulumi runtime is process-global: every test file gets its own process.
    pool: "forks",
    isolate: true,
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "**/fixtures/**"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
