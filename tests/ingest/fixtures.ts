// Files built in the tests: the same short document as text, Word, PDF and an Excel ledger.
import { existsSync } from "node:fs";
import { deflateSync } from "node:zlib";
import {
  Document,
  Packer,
  Paragraph,
  Table as DocxTable,
  TableCell,
  TableRow,
  VerticalMergeType,
} from "docx";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { UPLOAD_LIMIT } from "~/http/body-limit.server";
import { parseFile, type ParseFileOptions } from "~/ingest/parse-file";

/** parseFile with the server's upload limit, as the upload page and the CLI call it. */
export function parseUpload(bytes: Uint8Array, options: Partial<ParseFileOptions> = {}) {
  return parseFile(bytes, { maxBytes: UPLOAD_LIMIT, ...options });
}

/** A short notice in the style of a city government, written for these tests. */
export const NOTICE = [
  "某市人民政府办公室关于印发某市外贸稳增长若干措施的通知",
  "某府办发〔2031〕5号",
  "各区人民政府，市政府各部门：",
  "一、稳定外贸主体",
  "1．培育外贸主体。实施外贸主体培育工程，2032年底前新增有进出口实绩企业200家。（责任单位：市商务局，市财政局、各区人民政府）",
  "2．稳定加工贸易。支持加工贸易企业技术改造和设备更新，引导加工贸易向中西部园区梯度转移（市工业和信息化局负责）。",
  "二、拓展国际市场",
  "3．支持企业参展。组织企业参加境外重点展会，完善展会补贴政策，扩大参展规模，提升参展成效，做好全程服务保障工作。（责任单位：市商务局、市贸促会，市财政局）",
  "某市人民政府办公室",
  "2031年3月1日",
].join("\n");

/** What every reading of NOTICE must give. */
export const NOTICE_MEASURES = [
  {
    heading: "培育外贸主体",
    leadUnits: ["市商务局"],
    coUnits: ["市财政局", "各区人民政府"],
    dueDate: "2032-12-31",
  },
  { heading: "稳定加工贸易", leadUnits: ["市工业和信息化局"], coUnits: [], dueDate: null },
  {
    heading: "支持企业参展",
    leadUnits: ["市商务局", "市贸促会"],
    coUnits: ["市财政局"],
    dueDate: null,
  },
];

export async function docxOf(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] });
  return Packer.toBuffer(doc);
}

type CellSpec =
  string | { text: string; rowSpan?: number; columnSpan?: number; continue?: boolean };

/** A Word file with paragraphs, a table, paragraphs; rowSpan cells are written as Word writes them. */
export async function docxWithTable(
  before: string[],
  rows: CellSpec[][],
  after: string[] = [],
): Promise<Buffer> {
  const cell = (spec: CellSpec) => {
    const s = typeof spec === "string" ? { text: spec } : spec;
    return new TableCell({
      children: s.text.split("\n").map((l) => new Paragraph(l)),
      columnSpan: s.columnSpan,
      verticalMerge: s.rowSpan
        ? VerticalMergeType.RESTART
        : s.continue
          ? VerticalMergeType.CONTINUE
          : undefined,
    });
  };
  const table = new DocxTable({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });
  const doc = new Document({
    sections: [
      {
        children: [
          ...before.map((l) => new Paragraph(l)),
          table,
          ...after.map((l) => new Paragraph(l)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const FONT_PATHS = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
];

/** Debian's fonts-noto-cjk (installed by .ci/run); PDF text needs a CJK font to be embedded. */
export function cjkFont(): string {
  const found = FONT_PATHS.find((p) => existsSync(p));
  if (!found)
    throw new Error(`no Noto Sans CJK font (apt-get install fonts-noto-cjk): ${FONT_PATHS[0]}`);
  return found;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
}

/**
 * A PDF with a text layer, laid out as an official document: numbered paragraphs indented by two
 * characters, long paragraphs wrapped onto lines that start at the margin, a page number.
 */
export async function pdfOf(
  lines: string[],
  options: { userPassword?: string } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 72, userPassword: options.userPassword });
  const done = collect(doc);
  doc.font(cjkFont(), "NotoSansCJKsc-Regular").fontSize(12);
  for (const line of lines) {
    const indented = /^[一二三四五六七八九十\d（]/.test(line);
    doc.text(indented ? `\u3000\u3000${line}` : line, {
      align: line.length < 20 && !indented ? "center" : "left",
    });
  }
  doc.text("— 1 —", 72, 740, { align: "center", lineBreak: false });
  doc.end();
  return done;
}

/** A "scanned" PDF: one page holding only an image, no text layer. */
export async function scannedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 72 });
  const done = collect(doc);
  doc.image(png(64, 64), 72, 72, { width: 400 });
  doc.end();
  return done;
}

/** A grey PNG image, encoded here (zlib deflate, CRC-32 per chunk). */
export function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter byte per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** An Excel workbook with several sheets, each rows (no merges). */
export async function workbookOf(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An Excel workbook with one sheet; `merge` takes ranges such as "B3:B4". */
export async function xlsxOf(
  rows: unknown[][],
  merge: string[] = [],
  sheet = "台账",
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const row of rows) ws.addRow(row);
  for (const range of merge) ws.mergeCells(range);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** NOTICE as its supervision office keeps it: a ledger. */
export function noticeLedgerRows(): unknown[][] {
  return [
    ["某市外贸稳增长若干措施任务分工台账"],
    ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限", "备注"],
    [
      1,
      "稳定外贸主体",
      "培育外贸主体。实施外贸主体培育工程，新增有进出口实绩企业200家。",
      "市商务局",
      "市财政局\n各区人民政府",
      new Date(Date.UTC(2032, 11, 31)),
      null,
    ],
    [
      2,
      null,
      "稳定加工贸易。支持加工贸易企业技术改造和设备更新。",
      "市工业和信息化局",
      null,
      null,
      null,
    ],
    [
      3,
      "拓展国际市场",
      "支持企业参展。组织企业参加境外重点展会。",
      "市商务局、市贸促会",
      "市财政局",
      null,
      "每季度报送",
    ],
  ];
}
