import path from "node:path";
import { defineConfig } from "vitest/config";

// Lines the code under test prints on purpose while tests provoke them (each is asserted another
// way: a refusal by its audit event, a failed enqueue by the email kept for the worker). They are
// left out of the output so that anything else printed stands out; DUBAN_TEST_LOGS=1 shows them.
const EXPECTED_LOGS = [
  /^access denied: /,
  /^web: page cache: \/broken: /,
  /^web: could not enqueue emails \(/,
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    environment: "node",
    globals: true,
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    onConsoleLog: (log) =>
      process.env.DUBAN_TEST_LOGS || !EXPECTED_LOGS.some((re) => re.test(log)) ? undefined : false,
  },
});
