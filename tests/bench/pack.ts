// npm run bench:pack -- [--db data/bench/pack.db]
// The whole conference pack for every task of a generated data set (npm run bench:data): figures,
// charts, the briefing, the bulletin, the ledger and the snapshot, built in this process as the
// worker builds it. Prints the time, the peak resident memory and each file's size. Figures, not a
// test (README "Performance").
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../app/db/db.server";
import { buildRollup } from "../../jobs/rollup";
import { SERVICE_ENV, serviceEnv, WORKER_NODE_FLAGS } from "../../app/cli/process-env.mjs";

// Measured as the worker runs (npm start): its environment and flags; re-run with them if missing.
const missingFlags = WORKER_NODE_FLAGS.filter((f) => !process.execArgv.includes(f));
if (missingFlags.length || Object.keys(SERVICE_ENV).some((k) => !(k in process.env))) {
  const args = [...missingFlags, ...process.execArgv, ...process.argv.slice(1)];
  const env = serviceEnv(process.env);
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit", env }).status ?? 1);
}

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const file = path.resolve(arg("db", "data/bench/pack.db"));
process.env.DUBAN_DATA_DIR ??= path.dirname(file);
const db = createDb(file);
const tasks = await db.task.count({ where: { archivedAt: null } });
const report = await db.rollupReport.create({ data: { period: "2026-10" } });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
const started = performance.now();
const atStart = process.memoryUsage();
const steps: string[] = [];
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const step = async (p: number) => {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const s = ((performance.now() - started) / 1000).toFixed(1);
  const heap = `heap ${mb(heapUsed)} of ${mb(heapTotal)} MB, external ${mb(external)} MB`;
  steps.push(`${p}% at ${s} s (RSS ${mb(rss)} MB, ${heap})`);
};
await buildRollup(db, report.id, step, { now: new Date("2026-11-01T01:00:00Z") });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const settings = Object.keys(SERVICE_ENV).map((k) => `${k}=${process.env[k]}`);
console.log(`  as the worker runs: ${[...settings, ...process.execArgv].join(" ")}`);
console.log(`  at start: RSS ${mb(atStart.rss)} MB, heap ${mb(atStart.heapUsed)} MB`);
console.log(`  progress:\n    ${steps.join("\n    ")}`);
const files = await db.packFile.findMany({ where: { reportId: report.id } });
console.log(`pack for ${tasks} tasks: ${seconds.toFixed(1)} s, peak RSS ${mb(peak)} MB`);
for (const f of files)
  console.log(
    `  ${f.kind.padEnd(8)} ${(statSync(path.join(process.env.DUBAN_DATA_DIR!, f.path)).size / 2 ** 10).toFixed(0)} KB`,
  );
const snap = await db.packSnapshot.findUniqueOrThrow({ where: { reportId: report.id } });
console.log(`  SNAPSHOT ${(snap.data.length / 2 ** 20).toFixed(1)} MB (JSON in the database)`);
await db.$disconnect();
