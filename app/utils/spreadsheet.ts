// Spreadsheet cells that stay text. A cell whose text starts with =, +, -, @ (or a tab, CR, LF or
// NUL) is stored as text in an XLSX, but becomes a live formula as soon as someone edits the cell
// or saves the sheet as CSV and opens it again — =HYPERLINK(…) or a DDE call typed into a report
// would then run on a reviewer's machine (OWASP "CSV Injection"; ASVS 1.2.10). Such text gets a
// leading apostrophe, which Excel, WPS and LibreOffice read as "this is text", and which survives
// a CSV export. Full-width ＝＋－＠ too: East Asian Excel turns a full-width ＝ entered at the start
// of a cell into a formula. Every spreadsheet the app writes goes through formulaSafe().
import type ExcelJS from "exceljs";

const FORMULA_START = /^[=+\-@\t\r\n\0＝＋－＠]/;

/** The text, with an apostrophe in front if a spreadsheet could read it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell value: text neutralised, numbers, dates and the rest as they are. */
export function safeCell<T>(value: T): T | string {
  return typeof value === "string" ? neutraliseFormula(value) : value;
}

function safeValues(values: unknown): unknown {
  if (Array.isArray(values)) return values.map(safeCell);
  if (values && typeof values === "object" && !(values instanceof Date))
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, safeCell(v)]));
  return safeCell(values);
}

type Sheet = Pick<ExcelJS.Worksheet, "addRow" | "addRows">;
type Book = { addWorksheet: (...args: never[]) => Sheet };

/**
 * The workbook (ExcelJS, streaming or not) with every row added to any of its sheets passed
 * through safeCell, so that no writer can forget it.
 */
export function formulaSafe<W extends Book>(workbook: W): W {
  const addWorksheet = workbook.addWorksheet.bind(workbook) as (...args: unknown[]) => Sheet;
  const patched = (...args: unknown[]) => {
    const sheet = addWorksheet(...args);
    const addRow = sheet.addRow.bind(sheet);
    sheet.addRow = ((data: unknown, style?: string) =>
      addRow(safeValues(data) as never, style)) as typeof sheet.addRow;
    // The streaming writer's sheets have no addRows.
    if (typeof sheet.addRows === "function") {
      const addRows = sheet.addRows.bind(sheet);
      sheet.addRows = ((rows: unknown[], style?: string) =>
        addRows(rows.map(safeValues), style)) as typeof sheet.addRows;
    }
    return sheet;
  };
  (workbook as { addWorksheet: unknown }).addWorksheet = patched;
  return workbook;
}
