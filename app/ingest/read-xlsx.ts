// An Excel ledger (台账, .xlsx) as tables, one per worksheet, through exceljs. A merged cell's text is
// repeated in every slot it covers and those slots are marked merged (a task's several measures
// share one 重点任务 cell); dates become 2024年6月30日 so that a 完成时限 column reads as one.

import ExcelJS from "exceljs";
import type { Table } from "./ledger";

export type XlsxContent = { ok: true; tables: Table[] } | { ok: false; reason: string };

export const MAX_LEDGER_ROWS = 20_000;

export async function readXlsx(bytes: Uint8Array): Promise<XlsxContent> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never,
    );
  } catch {
    return { ok: false, reason: "Excel 文件已损坏，无法打开" };
  }
  const tables: Table[] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.state === "hidden" || sheet.state === "veryHidden") continue;
    if (sheet.rowCount > MAX_LEDGER_ROWS)
      return {
        ok: false,
        reason: `工作表“${sheet.name}”有 ${sheet.rowCount} 行，超过 ${MAX_LEDGER_ROWS} 行的上限`,
      };
    const width = sheet.columnCount;
    const rows: string[][] = [];
    const merged: boolean[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const texts: string[] = [];
      const flags: boolean[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        const master = cell.isMerged ? cell.master : cell;
        texts.push(cellText(master));
        flags.push(cell.isMerged && master.address !== cell.address);
      }
      rows.push(texts);
      merged.push(flags);
    }
    if (rows.some((r) => r.some(Boolean))) tables.push({ rows, merged, name: sheet.name });
  }
  return { ok: true, tables };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return chineseDate(v);
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((t) => t.text)
        .join("")
        .trim();
    if ("result" in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      if (result instanceof Date) return chineseDate(result);
      if (result === undefined || result === null || typeof result === "object") return "";
      return String(result).trim();
    }
    if ("text" in v) return String((v as ExcelJS.CellHyperlinkValue).text).trim();
    if ("error" in v) return "";
  }
  return String(v).trim();
}

/** Excel stores dates without a zone: the calendar day as written. */
function chineseDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
