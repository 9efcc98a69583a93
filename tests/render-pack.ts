// npm run render:pack — the pack's files as people see them: builds a pack on a freshly seeded
// database and renders the briefing, the bulletin and the ledger with LibreOffice headless into
// tests/output/pack/ (PDF, then one PNG per page with pdftoppm when it is there, else the first
// page as PNG). Run by hand, or where LibreOffice is installed; without it, says so and exits 0.
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { submitReport } from "../app/models/report.server";
import { buildRollup } from "../jobs/rollup";
import { seededDatabase } from "./helpers/fixtures";

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
    "render:pack: LibreOffice is not installed here (no soffice or libreoffice on PATH); nothing rendered. On Debian: apt-get install libreoffice-writer libreoffice-calc poppler-utils",
  );
  process.exit(0);
}

const out = path.resolve("tests/output/pack");
mkdirSync(out, { recursive: true });
const f = await seededDatabase();
process.env.DUBAN_DATA_DIR = f.dir;
try {
  const task = await f.task("sc-2023-trade-power-draft", "四.6");
  const commerce = await f.user("LIAISON", "商务厅");
  await submitReport(f.db, {
    taskId: task.id,
    unitId: commerce.unitId!,
    authorId: commerce.id,
    relation: "LEAD",
    form: {
      period: "2026-11",
      status: "BLOCKED",
      percent: 30,
      progress: "跨境电商产业园建设启动",
      problems: "用地指标不足",
      nextSteps: "",
      coordination: "需联席会议协调自然资源部门保障用地",
      baseReportId: "",
    },
    now: new Date("2026-11-18T03:00:00Z"),
  });
  const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
  await buildRollup(f.db, report.id, undefined, { now: new Date("2026-12-01T01:00:00Z") });
  const files = await f.db.packFile.findMany({ where: { reportId: report.id } });
  for (const file of files) {
    const name = `${file.kind.toLowerCase()}${path.extname(file.path)}`;
    const copy = path.join(out, name);
    copyFileSync(path.join(f.dir, file.path), copy);
    const pdf = spawnSync(office, ["--headless", "--convert-to", "pdf", "--outdir", out, copy], {
      stdio: "inherit",
    });
    if (pdf.status !== 0) throw new Error(`${office} failed on ${name}`);
    const base = path.join(out, path.basename(name, path.extname(name)));
    if (onPath("pdftoppm")) spawnSync("pdftoppm", ["-png", "-r", "80", `${base}.pdf`, base]);
    else spawnSync(office, ["--headless", "--convert-to", "png", "--outdir", out, copy]);
  }
  console.log(
    `render:pack: ${readdirSync(out).filter((n) => n.endsWith(".png")).length} PNGs in ${out}`,
  );
} finally {
  f.cleanup();
}
