// A tiny run of the benchmark, so that it does not rot: generate a small data set, run every
// measurement for a moment, and check the table comes out complete. Figures are not judged here
// (speed is measured by `npm run bench`, never by tests).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "./bench/generate";
import { requireRedis } from "./helpers/worker";

describe("benchmark smoke", () => {
  it("generates a deterministic data set and prints every measurement", async () => {
    await requireRedis();
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-bench-smoke-"));
    const out = path.join(dir, "bench.db");
    const small = { tasks: 120, reports: 1500, units: 20, users: 60, documents: 6, seed: 7, out };
    const first = await generate(small);
    expect(first).toMatchObject({ tasks: 120, units: 20, users: 60, documents: 6 });
    expect(first.reports).toBeGreaterThan(1000);
    expect((await generate(small)).reports).toBe(first.reports); // same seed, same data

    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/bench/run.ts",
        "--db",
        out,
        "--smoke",
        "--duration",
        "1",
        "--connections",
        "4",
        "--web-processes",
        "2",
      ],
      {
        cwd: path.resolve(__dirname, ".."),
        encoding: "utf8",
        timeout: 170_000,
        env: process.env,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    for (const what of [
      "ledger filtered by unit",
      "reviewer's overdue page",
      "task page with timeline",
      "report form POST",
      "reference: bare Node HTTP",
      "reference: ledger queries straight on SQLite",
      "daily reminder run",
      "weekly digest",
      "roll-up build",
    ]) {
      expect(r.stdout).toContain(`| ${what}`);
    }
    expect(r.stdout).toContain("duplicate emails (same idempotency key twice): 0");
    // Two server processes took the POSTs: none failed (409 for a warm-up's moved base is expected).
    const post = r.stdout.split("\n").find((l) => l.startsWith("| report form POST"))!;
    expect(post).not.toMatch(/\b5\d\d×/);
  }, 180_000);
});
