// The conference pack's files read back: the briefing DOCX in the official layout (page size,
// margins, fonts in their East Asian slots, fixed line spacing, page numbers, the landscape
// section with the measure table grouped by document, charts as images), and the ledger XLSX's
// print setup, frozen header, autofilter, borders, fonts, fills, Shanghai time and charts.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";

const ROLLUP_AT = new Date("2026-12-01T01:00:00Z"); // 09:00 in Shanghai, 1 Dec
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);

describe("the pack's files", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let docx: JSZip;
  let xml: string;
  let wb: ExcelJS.Workbook;
  let xlsxZip: JSZip;
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
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
        coordination: "=需联席会议协调自然资源部门保障用地",
        baseReportId: "",
      },
      now: new Date("2026-11-18T03:00:00Z"),
    });
    const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    const done = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    docx = await JSZip.loadAsync(readFileSync(path.join(f.dir, done.docxFile!)));
    xml = await docx.file("word/document.xml")!.async("string");
    const xlsx = readFileSync(path.join(f.dir, done.xlsxFile!));
    xlsxZip = await JSZip.loadAsync(xlsx);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  }, 120_000);
  afterAll(() => f.cleanup());

  it("the briefing is A4 with the official margins, a portrait section then a landscape one", () => {
    const sections = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(2);
    const [portrait, landscape] = sections as [string, string];
    expect(portrait).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    for (const [side, mm] of [
      ["top", 37],
      ["bottom", 35],
      ["left", 28],
      ["right", 26],
    ] as const)
      expect(portrait).toContain(`w:${side}="${twip(mm)}"`);
    expect(landscape).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    // The measure table is in the landscape section (after the first section break).
    const breakAt = xml.indexOf(portrait);
    expect(xml.indexOf("各项措施落实情况")).toBeGreaterThan(breakAt);
    expect(xml.indexOf("需联席会议协调事项")).toBeLessThan(breakAt);
  });

  it("names its fonts in their East Asian slots, at the official sizes and line spacing", () => {
    const run = (font: string, size: number) =>
      new RegExp(`w:eastAsia="${font}"[^>]*/>(<w:[^>]*/>)*?<w:sz w:val="${size}"/>`);
    expect(xml).toMatch(run("方正小标宋简体", 44)); // the title, 二号
    expect(xml).toMatch(run("黑体", 32)); // 一、 headings, 三号
    expect(xml).toMatch(run("仿宋_GB2312", 32)); // body, 三号
    expect(xml).toMatch(run("仿宋_GB2312", 24)); // the measure table, 小四
    expect(xml).toContain('<w:spacing w:line="560" w:lineRule="exact"/>');
    expect(xml).not.toContain('w:val="Heading'); // no Word default (blue) heading styles
  });

  it("has 「— 1 —」 page numbers, odd pages right and even pages left", async () => {
    const footers = await Promise.all(
      Object.keys(docx.files)
        .filter((n) => /^word\/footer\d+\.xml$/.test(n))
        .map((n) => docx.file(n)!.async("string")),
    );
    expect(footers.some((x) => x.includes('w:val="right"') && x.includes("PAGE"))).toBe(true);
    expect(footers.some((x) => x.includes('w:val="left"') && x.includes("PAGE"))).toBe(true);
    expect(footers.every((x) => x.includes("— </w:t>") && x.includes(" —</w:t>"))).toBe(true);
    expect(await docx.file("word/settings.xml")!.async("string")).toContain("w:evenAndOddHeaders");
  });

  it("sizes columns to their content and groups measures under their document", () => {
    const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((x) => Number(x[1])),
    );
    const measures = grids.find((g) => g.length === 8)!;
    expect(new Set(measures).size).toBeGreaterThan(3);
    // 最新进展 is wider than 灯.
    expect(measures[6]!).toBeGreaterThan(measures[4]! * 2);
    expect(measures.reduce((a, b) => a + b, 0)).toBe(twip(297 - 37 - 35));
    expect(xml).toMatch(/<w:gridSpan w:val="8"\/>[\s\S]*?关于加快建设贸易强省的实施意见（\d+ 项）/);
  });

  it("names units as today, with the name as written in parentheses", () => {
    expect(xml).toContain("成都海关（四川出入境检验检疫局）");
    expect(xml).not.toMatch(/[、>]四川出入境检验检疫局[、<]/);
  });

  it("lists the 需协调事项 as numbered agenda items with the raising unit and the task", () => {
    expect(xml).toContain(
      "1. =需联席会议协调自然资源部门保障用地（提出单位：商务厅；涉及任务：关于加快建设贸易强省的实施意见 四.6",
    );
  });

  it("gives the charts their own line height (a fixed 28 pt line clips a picture to a strip)", () => {
    const drawing = xml.indexOf("<w:drawing>");
    const paragraph = xml.slice(xml.lastIndexOf("<w:p>", drawing), drawing);
    expect(paragraph).toMatch(/<w:spacing [^>]*w:line="240" w:lineRule="auto"/);
    // At most the type area's width (156 mm), in EMU.
    const cx = Number(/<wp:extent cx="(\d+)"/.exec(xml.slice(drawing))![1]);
    expect(cx).toBeLessThanOrEqual((156 / 25.4) * 914400);
  });

  it("keeps short columns on one line when the measure table is squeezed", () => {
    const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) =>
      [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((x) => Number(x[1])),
    );
    const measures = grids.find((g) => g.length === 8)!;
    // 灯 holds 「红灯」 (two characters of 小四, 240 twips each) and its cell margins.
    expect(measures[4]!).toBeGreaterThanOrEqual(3 * 240);
    // Table text has its own line, not the body's 28 pt one.
    expect(xml).toContain('<w:spacing w:line="336" w:lineRule="exact"/>');
  });

  it("embeds the charts as PNG images in the briefing", async () => {
    const media = Object.keys(docx.files).filter((n) => n.startsWith("word/media/"));
    expect(media).toHaveLength(2);
    const png = await docx.file(media[0]!)!.async("nodebuffer");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(xml).toContain("各单位完成率");
  });

  it("the ledger prints A4 landscape, one page wide, header repeated, frozen and filtered", () => {
    for (const name of ["概览", "单位", "措施台账", "需协调事项"]) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.pageSetup, name).toMatchObject({
        paperSize: 9,
        orientation: "landscape",
        fitToPage: true,
        fitToWidth: 1,
        // The overview (figures and charts) on one page; the lists run on.
        fitToHeight: name === "概览" ? 1 : 0,
        printTitlesRow: "1:1",
      });
      expect(ws.views[0], name).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter, name).toBeTruthy();
    }
  });
  it("the ledger's print titles and filters are workbook names a spreadsheet honours", async () => {
    const book = await xlsxZip.file("xl/workbook.xml")!.async("string");
    expect(book).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="2">&apos;措施台账&apos;!$1:$1</definedName>`,
    );
    const sheet = await xlsxZip.file("xl/worksheets/sheet3.xml")!.async("string");
    expect(sheet).toMatch(/<autoFilter ref="A1:M1"\/>/);
    expect(sheet).toContain(
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
    );
  });

  it("the ledger has borders, a CJK font, fitted widths, fills for lights, Shanghai time", () => {
    const ws = wb.getWorksheet("措施台账")!;
    const cell = ws.getCell("C2");
    expect(cell.font).toMatchObject({ name: "宋体", charset: 134 });
    expect(cell.border).toMatchObject({ top: { style: "thin" }, left: { style: "thin" } });
    const widths = ws.columns.map((c) => c.width!);
    expect(widths[8]!).toBeGreaterThan(widths[5]! * 2); // 进展情况 wider than 灯
    const fills = new Map<string, string>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const light = row.getCell(6);
      const fill = light.fill as ExcelJS.FillPattern | undefined;
      if (fill?.fgColor?.argb) fills.set(light.text, fill.fgColor.argb);
    });
    expect(fills.get("红灯")).toBe("FFF4B6B0");
    expect(fills.get("绿灯")).toBe("FFC9E8D2");
    const overview = wb.getWorksheet("概览")!;
    expect(overview.getCell("A4").text).toBe("生成时间（北京时间）");
    expect(overview.getCell("B4").text).toBe("2026-12-01 09:00");
    // Formula neutralising still applies to every sheet.
    expect(wb.getWorksheet("需协调事项")!.getCell("F2").value).toBe(
      "'=需联席会议协调自然资源部门保障用地",
    );
  });

  it("the ledger's overview sheet carries the charts", async () => {
    const media = Object.keys(xlsxZip.files).filter((n) => /^xl\/media\/.+/.test(n));
    expect(media.sort()).toEqual(["xl/media/chart1.png", "xl/media/chart2.png"]);
    expect(await xlsxZip.file("xl/worksheets/sheet1.xml")!.async("string")).toMatch(
      /<drawing r:id="rIdDrawing1"\/><\/worksheet>$/,
    );
    const images = wb.getWorksheet("概览")!.getImages();
    expect(images).toHaveLength(2);
    // The second under the first, not on its axis: LibreOffice only keeps the 15 pt rows the
    // anchors are counted in when their height is binding.
    const [first, second] = images.map((i) => i.range.tl.nativeRow);
    expect(second! - first!).toBeGreaterThanOrEqual(20);
    expect(await xlsxZip.file("xl/worksheets/sheet1.xml")!.async("string")).toContain(
      '<sheetFormatPr defaultRowHeight="15" customHeight="1"',
    );
  });
});

describe("the bulletin (督办通报)", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
  });
  afterAll(() => f.cleanup());

  it("is a file of the pack, in the official layout, with the standing's figures per unit", async () => {
    const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    const files = await f.db.packFile.findMany({ where: { reportId: report.id } });
    expect(files.map((x) => x.kind).sort()).toEqual(["BRIEFING", "BULLETIN", "LEDGER"]);
    for (const file of files)
      expect(file.bytes).toBe(readFileSync(path.join(f.dir, file.path)).length);
    const bulletin = files.find((x) => x.kind === "BULLETIN")!;
    const zip = await JSZip.loadAsync(readFileSync(path.join(f.dir, bulletin.path)));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    const data = JSON.parse(
      (await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } })).data!,
    ) as import("../../jobs/rollup").RollupData;
    const b = data.bulletin!;
    expect(b.period).toBe("2026-11");
    // Nothing is filed in the seeded data: every owed November report is missing.
    expect(b.figures.onTimeLastPeriod).toBe(0);
    expect(b.missing.length).toBeGreaterThan(0);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)</g)].map((m) => m[1]).join("");
    const first = b.missing[0]!;
    expect(text).toContain(`${first.unit}（未报送 ${first.missing} 项`);
    expect(text).toContain(`本期应报送进展 ${b.figures.owedLastPeriod} 项，按时报送 0 项`);
    // The units' counts are the board's: figuresByLeadUnit over the same tasks.
    for (const u of b.overdue)
      expect(data.units.find((x) => x.unit === u.unit)!.overdue, u.unit).toBe(u.overdue);
    expect(first.consecutiveMissed).toBeGreaterThanOrEqual(1);
  });
});
