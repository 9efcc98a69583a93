// The ledger (台账) of a joint conference pack, as an XLSX that prints: every sheet A4 landscape,
// fitted to one page wide, its header row repeated on every page, frozen and filtered, thin
// borders, a CJK font, widths that fit, times in Shanghai, the light as a coloured fill, and the
// briefing's charts on the overview sheet. Written by ExcelJS's streaming writer (memory stays
// flat for 20,000 tasks); text goes through formulaSafe (app/utils/spreadsheet.ts). The streaming
// writer cannot place images, so the charts are added to the finished file (addImages).
import { readFile, writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { RollupData } from "../../jobs/rollup";
import { formulaSafe } from "../utils/spreadsheet";
import { shanghaiDateTime } from "../utils/time";
import type { ChartImage, ChartImages } from "./charts";
import { textEm } from "./official-docx";

export const LEDGER_FONT = { name: "宋体", size: 10, charset: 134 } as const;

const BORDER = { style: "thin", color: { argb: "FF808080" } } as const;
const BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };

/** The light's fill: the same meaning as everywhere (red only for what is overdue). */
export const LIGHT_FILL: Record<string, string> = {
  红灯: "FFF4B6B0",
  黄灯: "FFFBE3B4",
  绿灯: "FFC9E8D2",
};

// One style object per look, shared by every cell that has it: ExcelJS remembers a style object
// it has seen (a WeakMap), and otherwise serialises each cell's style to find its twin, which
// was a third of the pack's time for 20,000 tasks.
const BODY_STYLE: Partial<ExcelJS.Style> = {
  font: LEDGER_FONT,
  border: BORDERS,
  alignment: { vertical: "top", wrapText: true },
};
const LIGHT_STYLE: Record<string, Partial<ExcelJS.Style>> = Object.fromEntries(
  Object.entries(LIGHT_FILL).map(([light, argb]) => [
    light,
    { ...BODY_STYLE, fill: { type: "pattern", pattern: "solid", fgColor: { argb } } },
  ]),
);

type Column = { header: string; width: number; max?: number };
type Value = string | number | null;
type Book = ExcelJS.stream.xlsx.WorkbookWriter;

/** Widths that fit: the widest of the header and the cells, in characters, within [min, max]. */
export function fitWidths(columns: Column[], rows: Value[][]): number[] {
  return columns.map((c, i) => {
    let w = textEm(c.header) * 2 + 2;
    for (const r of rows) {
      const v = r[i];
      if (v !== null && v !== undefined) w = Math.max(w, textEm(String(v)) * 2 + 2);
      if (w >= (c.max ?? 60)) break;
    }
    return Math.max(c.width, Math.min(c.max ?? 60, Math.ceil(w)));
  });
}

/** Points per wrapped line at the ledger's 10 pt. */
const LINE_PT = 13.5;

/**
 * The rows' height for their wrapped text: set, because LibreOffice keeps the default height of a
 * row without one, which showed one line of every long 进展情况 and cut off the rest.
 */
function wrappedHeight(values: Value[], widths: number[]): number | undefined {
  let lines = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "string" || v.length * 2 < widths[i]!) continue;
    // A CJK character takes a little under two units of a column's width at 10 pt.
    lines = Math.max(lines, Math.ceil((textEm(v) * 1.85) / Math.max(1, widths[i]! - 1)));
  }
  return lines > 1 ? lines * LINE_PT : undefined;
}

function sheet(
  wb: Book,
  name: string,
  columns: Column[],
  rows: Value[][],
  lightCol?: number,
  { onePage = false } = {},
) {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      // The overview (figures and the two charts) on one sheet of paper; the lists run on.
      fitToHeight: onePage ? 1 : 0,
      printTitlesRow: "1:1",
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&C${name} 第 &P 页，共 &N 页` },
    views: [{ state: "frozen", ySplit: 1, xSplit: 0 }],
  });
  const widths = fitWidths(columns, rows);
  ws.columns = columns.map((c, i) => ({ header: c.header, width: widths[i] }));
  const head = ws.getRow(1);
  head.eachCell((cell) => {
    cell.font = { ...LEDGER_FONT, bold: true };
    cell.border = BORDERS;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8ECF0" } };
  });
  head.commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  for (const values of rows) {
    const row = ws.addRow(values);
    const height = wrappedHeight(values, widths);
    if (height) row.height = height;
    for (let i = 1; i <= columns.length; i++) {
      const light = i === lightCol ? LIGHT_STYLE[String(values[i - 1])] : undefined;
      row.getCell(i).style = light ?? BODY_STYLE;
    }
    row.commit();
  }
  ws.commit();
}

function overviewRows(data: RollupData): Value[][] {
  const o = data.overview;
  return [
    ["报告", data.title],
    ["报送期次", data.period],
    ["生成时间（北京时间）", shanghaiDateTime(new Date(data.builtAt))],
    ["任务总数", o.total],
    ["已完成（办结）", o.completed],
    ["已销号", o.closed],
    ["推进中", o.inProgress],
    ["受阻", o.blocked],
    ["未启动", o.notStarted],
    ["红灯", o.red],
    ["黄灯", o.amber],
    ["绿灯", o.green],
    ["待分配", o.unassigned],
    ["完成率（%）", o.completionRate],
  ];
}

export async function writeLedgerXlsx(
  data: RollupData,
  file: string,
  charts?: ChartImages | null,
): Promise<void> {
  const wb = formulaSafe(
    new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true }),
  );
  wb.creator = "督办";
  const overview = overviewRows(data);
  if (!charts) overview.push(["图表", "本机未安装中文字体，图表未生成"]);
  sheet(
    wb,
    "概览",
    [
      { header: "项目", width: 16, max: 24 },
      { header: "数值", width: 20, max: 36 },
    ],
    overview,
    undefined,
    { onePage: true },
  );
  sheet(
    wb,
    "单位",
    [
      { header: "牵头单位", width: 16, max: 40 },
      { header: "牵头任务", width: 8 },
      { header: "已完成", width: 8 },
      { header: "逾期", width: 8 },
      { header: "平均进度（%）", width: 10 },
      { header: "完成率（%）", width: 10 },
      { header: "上期按时报送率（%）", width: 12 },
      { header: "上期迟报", width: 8 },
      { header: "上期缺报", width: 8 },
    ],
    data.units.map((u) => [
      u.formerly?.length ? `${u.unit}（${u.formerly.join("、")}）` : u.unit,
      u.led,
      u.completed,
      u.overdue,
      u.avgPercent,
      u.completionRate,
      u.onTimeRate ?? null,
      u.late ?? null,
      u.missing ?? null,
    ]),
  );
  sheet(
    wb,
    "措施台账",
    [
      // At most ~190 characters in all: one page wide at about three quarters of 10 pt (at
      // 300, the sum of the earlier maxima, LibreOffice printed it at 4 pt). Long text wraps.
      { header: "文件", width: 14, max: 16 },
      { header: "编号", width: 6, max: 12 },
      { header: "措施", width: 16, max: 24 },
      { header: "牵头单位", width: 12, max: 18 },
      { header: "配合单位", width: 12, max: 20 },
      { header: "灯", width: 6 },
      { header: "状态", width: 8 },
      { header: "进度（%）", width: 8 },
      { header: "进展情况", width: 20, max: 36 },
      { header: "存在问题", width: 16, max: 26 },
      { header: "佐证材料", width: 12, max: 16 },
      { header: "挂牌督办", width: 8 },
      { header: "上期报送", width: 8 },
    ],
    data.measures.map((m) => [
      m.document,
      m.ref,
      m.heading,
      m.lead,
      m.co,
      m.light,
      m.status,
      m.percent,
      m.progress,
      m.problems,
      m.evidence ?? "",
      m.listed ? "挂牌督办" : "",
      m.lastReport ?? "",
    ]),
    6,
  );
  sheet(
    wb,
    "需协调事项",
    [
      { header: "序号", width: 6 },
      { header: "提出单位", width: 12, max: 20 },
      { header: "文件", width: 16, max: 24 },
      { header: "编号", width: 6, max: 12 },
      { header: "措施", width: 16, max: 30 },
      { header: "需协调事项", width: 30, max: 50 },
      { header: "报送日期", width: 12 },
    ],
    data.agenda.map((a, i) => [i + 1, a.unit, a.document, a.ref, a.heading, a.item, a.date]),
  );
  sheet(
    wb,
    "议定事项",
    [
      { header: "会议", width: 16, max: 22 },
      { header: "会议日期", width: 12 },
      { header: "编号", width: 6 },
      { header: "议定事项", width: 20, max: 40 },
      { header: "牵头单位", width: 12, max: 20 },
      { header: "完成时限", width: 12 },
      { header: "状态", width: 8 },
      { header: "灯", width: 6 },
      { header: "最新进展", width: 20, max: 44 },
    ],
    (data.decisions ?? []).map((d) => [
      d.meeting,
      d.heldOn,
      d.ref,
      d.heading,
      d.lead,
      d.due,
      d.status,
      d.light,
      d.progress,
    ]),
    8,
  );
  await wb.commit();
  if (charts) await addImages(file, 1, [charts.completion, charts.lights], 4);
}

const EMU = 9525; // per pixel at 96 dpi

function anchor(i: number, img: ChartImage, col: number, rowOff: number) {
  return `<xdr:oneCellAnchor><xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${rowOff}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="${img.width * EMU}" cy="${img.height * EMU}"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="图表 ${i + 1}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${img.width * EMU}" cy="${img.height * EMU}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`;
}

/**
 * Places PNGs on a sheet of a finished XLSX, one under the other from column `col` (0-based):
 * the drawing part, its relationships, and the sheet's reference to it (ECMA-376 Part 1, §20.5).
 */
export async function addImages(file: string, sheetNo: number, images: ChartImage[], col: number) {
  const zip = await JSZip.loadAsync(await readFile(file), { createFolders: false });
  const ns =
    'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  // One under the other, counted in rows of the sheet's default 15 pt (20 px); the height is made
  // binding below (customHeight), or LibreOffice uses its own smaller rows and the second chart
  // lands on the first one's axis.
  let row = 0;
  const anchors = images.map((img, i) => {
    const a = anchor(i, img, col, row);
    row += Math.ceil(img.height / 20) + 1;
    return a;
  });
  zip.file(
    "xl/drawings/drawing1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr ${ns}>${anchors.join("")}</xdr:wsDr>`,
  );
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const relsXml = (rels: string) =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;
  zip.file(
    "xl/drawings/_rels/drawing1.xml.rels",
    relsXml(
      images
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${rel}/image" Target="../media/chart${i + 1}.png"/>`,
        )
        .join(""),
    ),
  );
  images.forEach((img, i) => zip.file(`xl/media/chart${i + 1}.png`, img.png));
  const sheetPath = `xl/worksheets/sheet${sheetNo}.xml`;
  const sheetRelsPath = `xl/worksheets/_rels/sheet${sheetNo}.xml.rels`;
  const drawingRel = `<Relationship Id="rIdDrawing1" Type="${rel}/drawing" Target="../drawings/drawing1.xml"/>`;
  const existing = await zip.file(sheetRelsPath)?.async("string");
  zip.file(
    sheetRelsPath,
    existing
      ? existing.replace("</Relationships>", `${drawingRel}</Relationships>`)
      : relsXml(drawingRel),
  );
  const sheetXml = await zip.file(sheetPath)!.async("string");
  // <drawing> comes after the page setup and header/footer elements (CT_Worksheet's order).
  const withRel = (
    sheetXml.includes("xmlns:r=")
      ? sheetXml
      : sheetXml.replace("<worksheet ", `<worksheet xmlns:r="${rel}" `)
  ).replace(/<sheetFormatPr defaultRowHeight="15"(?! customHeight)/, '$& customHeight="1"');
  const fixedAt = withRel.lastIndexOf("</worksheet>");
  zip.file(sheetPath, `${withRel.slice(0, fixedAt)}<drawing r:id="rIdDrawing1"/></worksheet>`);
  const types = await zip.file("[Content_Types].xml")!.async("string");
  const add = [
    types.includes('Extension="png"') ? "" : '<Default Extension="png" ContentType="image/png"/>',
    '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
  ].join("");
  zip.file("[Content_Types].xml", types.replace("</Types>", `${add}</Types>`));
  await writeFile(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}
