// npm run bench:pack -- [--db data/bench/pack.db]
// The whole conference pack for every task of a generated data set (npm run bench:data): figures,
// charts, the briefing, the bulletin, the ledger and the snapshot, built in this process as the
// worker builds it. Prints the time, the peak resident memory and each file's size. Figures, not a
// test (README "Performance").
import { statSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../app/db/db.server";
import { buildRollup } from "../../jobs/rollup";

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
const steps: string[] = [];
const step = async (p: number) =>
  void steps.push(`${p}% at ${((performance.now() - started) / 1000).toFixed(1)} s`);
await buildRollup(db, report.id, step, { now: new Date("2026-11-01T01:00:00Z") });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(`  progress: ${steps.join(", ")}`);
const files = await db.packFile.findMany({ where: { reportId: report.id } });
console.log(
  `pack for ${tasks} tasks: ${seconds.toFixed(1)} s, peak RSS ${Math.round(peak / 2 ** 20)} MB`,
);
for (const f of files)
  console.log(
    `  ${f.kind.padEnd(8)} ${(statSync(path.join(process.env.DUBAN_DATA_DIR!, f.path)).size / 2 ** 20).toFixed(1)} MB`,
  );
const snap = await db.packSnapshot.findUniqueOrThrow({ where: { reportId: report.id } });
console.log(`  SNAPSHOT ${(snap.data.length / 2 ** 20).toFixed(1)} MB (JSON in the database)`);
await db.$disconnect();
