// npm run render:pack — the pack's files as people see them: builds the 四川 reviewer's pack (last
// month, all documents) on a fresh demo database (what `npm run db:seed -- --demo` makes: history,
// 需协调事项, a meeting and its decisions) and renders the briefing, the bulletin and the ledger with
// LibreOffice headless into tests/output/pack/ (PDF, then one PNG per page with pdftoppm when it is
// there, else the first page as PNG). Run by hand, or where LibreOffice is installed; without it,
// says so and exits 0.
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { seedsDir } from "../app/config.server";
import { currentPeriod, previousPeriod } from "../app/models/reporting-period";
import { seedDemo, DEMO_REVIEWER_EMAIL } from "../app/seed/demo.server";
import { seedAll } from "../app/seed/seed.server";
import { buildRollup } from "../jobs/rollup";
import { tempDatabase } from "./helpers/db";

const onPath = (cmd: string) =>
  (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const office = ["soffice", "libreoffice"].find(onPath);
if (!office) {
  console.log(
    "render:pack: LibreOffice is not installed here (no soffice or libreoffice on PATH); nothing rendered. On Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils",
  );
  process.exit(0);
}

const out = path.resolve("tests/output/pack");
// Only this run's pages: a shorter file must not leave the previous run's later pages behind.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const t = tempDatabase();
process.env.DUBAN_DATA_DIR = t.dir;
try {
  const now = new Date();
  await seedAll(t.db, seedsDir);
  await seedDemo(t.db, now);
  const reviewer = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_REVIEWER_EMAIL } });
  const report = await t.db.rollupReport.create({
    data: { period: previousPeriod(currentPeriod(now)), supervisorId: reviewer.unitId },
  });
  await buildRollup(t.db, report.id, undefined, { now });
  const files = await t.db.packFile.findMany({ where: { reportId: report.id } });
  for (const file of files) {
    const name = `${file.kind.toLowerCase()}${path.extname(file.path)}`;
    const copy = path.join(out, name);
    copyFileSync(path.join(t.dir, file.path), copy);
    const pdf = spawnSync(office, ["--headless", "--convert-to", "pdf", "--outdir", out, copy], {
      stdio: "inherit",
    });
    if (pdf.status !== 0) throw new Error(`${office} failed on ${name}`);
    const base = path.join(out, path.basename(name, path.extname(name)));
    if (onPath("pdftoppm")) spawnSync("pdftoppm", ["-png", "-r", "60", `${base}.pdf`, base]);
    else spawnSync(office, ["--headless", "--convert-to", "png", "--outdir", out, copy]);
  }
  console.log(
    `render:pack: ${readdirSync(out).filter((n) => n.endsWith(".png")).length} PNGs in ${out}`,
  );
} finally {
  await t.cleanup();
}
