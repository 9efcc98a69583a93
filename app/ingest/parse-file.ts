// One entry for every uploaded or command-line file: bytes in, the parse result (or a clear
// refusal in Chinese) out. Used by `npm run parse` and the upload page alike. No database, no
// file system: the caller reads the bytes and chooses the size limit.
//
// The kind of file is decided by its content, not its name (a .txt that is really a .docx is read
// as Word); the name only helps tell an old .doc from an old .xls.

import JSZip from "jszip";
import { decodeText, type TextEncoding } from "./decode-text";
import { findLedgerTables, parseLedgers, type ColumnRole, type LedgerInfo } from "./ledger";
import { DocumentParseError, parseDocument, type ParsedDocument } from "./parse-document";
import type { Block } from "./read-docx";

export type FileFormat = "txt" | "docx" | "pdf" | "xlsx";

export type RefusalCode =
  | "TOO_LARGE"
  | "EMPTY"
  | "OLD_WORD"
  | "OLD_EXCEL"
  | "OLD_OFFICE"
  | "IMAGE"
  | "UNSUPPORTED"
  | "NOT_TEXT"
  | "UNREADABLE"
  | "PDF_NO_TEXT"
  | "PDF_ENCRYPTED"
  | "PDF_TOO_LONG"
  | "NO_MEASURES";

export type FileSource = {
  format: FileFormat;
  /** For text files: the encoding found. */
  encoding?: TextEncoding;
  /** For PDF files. */
  pages?: number;
  /** For ledgers and Word files read as a table: where the rows came from and how. */
  ledger?: LedgerInfo;
  /** Every table read, when there were several (their refs then carry the table's name). */
  ledgers?: LedgerInfo[];
};

export type ParseFileResult =
  | {
      ok: true;
      parsed: ParsedDocument;
      source: FileSource;
      /** The text the measures were read from (a table: a line per row, cells tab-separated). */
      text: string;
    }
  | { ok: false; code: RefusalCode; message: string };

export type ParseFileOptions = {
  /** The file's name as uploaded; only its extension is used, as a hint. */
  fileName?: string;
  /**
   * The size limit, given by the caller: the server's one upload limit (UPLOAD_LIMIT in
   * app/http/body-limit.server.ts), which the parse CLI uses too.
   */
  maxBytes: number;
  /** Overrides of the proposed column mapping of a table (0-based column indices). */
  columns?: Partial<Record<ColumnRole, number | null>>;
};

const refuse = (code: RefusalCode, message: string): ParseFileResult => ({
  ok: false,
  code,
  message,
});

function megabytes(n: number): string {
  const mb = n / 1024 / 1024;
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Math.round(mb * 10) / 10} MB`;
}

export async function parseFile(
  bytes: Uint8Array,
  options: ParseFileOptions,
): Promise<ParseFileResult> {
  const { maxBytes } = options;
  if (bytes.length === 0) return refuse("EMPTY", "文件是空的");
  if (bytes.length > maxBytes)
    return refuse(
      "TOO_LARGE",
      `文件大小 ${megabytes(bytes.length)}，超过上传上限 ${megabytes(maxBytes)}，请拆分或压缩后再上传`,
    );
  const ext = (options.fileName?.match(/\.([A-Za-z0-9]+)$/)?.[1] ?? "").toLowerCase();

  try {
    const kind = sniff(bytes);
    switch (kind) {
      case "pdf":
        return await fromPdf(bytes);
      case "zip":
        return await fromZip(bytes, options);
      case "ole":
        return refuseOldOffice(bytes, ext);
      case "image":
        return refuse(
          "IMAGE",
          "这是图片，无法读取其中的文字；请上传 Word（.docx）、含文字的 PDF、Excel（.xlsx）或文本文件",
        );
      case "rtf":
        return refuse("UNSUPPORTED", "这是 RTF 文件，请在 Word 中另存为 .docx 后再上传");
      default:
        return fromText(bytes);
    }
  } catch (error) {
    if (error instanceof DocumentParseError) return refuse("NO_MEASURES", error.message);
    throw error;
  }
}

export type Sniffed = "pdf" | "zip" | "ole" | "image" | "rtf" | "text";

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/** The coarse kind of a file by its first bytes (evidence uploads refine it: app/models/evidence.ts). */
export function sniff(b: Uint8Array): Sniffed {
  const head = new TextDecoder("latin1").decode(b.subarray(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (startsWith(b, 0x50, 0x4b, 0x03, 0x04)) return "zip";
  if (startsWith(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return "ole";
  if (head.startsWith("{\\rtf")) return "rtf";
  const image =
    startsWith(b, 0x89, 0x50, 0x4e, 0x47) || // PNG
    startsWith(b, 0xff, 0xd8, 0xff) || // JPEG
    head.startsWith("GIF8") ||
    head.startsWith("BM") ||
    startsWith(b, 0x49, 0x49, 0x2a, 0x00) || // TIFF
    startsWith(b, 0x4d, 0x4d, 0x00, 0x2a) ||
    (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") ||
    /^....ftyp(?:heic|heix|mif1|avif)/s.test(head);
  return image ? "image" : "text";
}

function refuseOldOffice(bytes: Uint8Array, ext: string): ParseFileResult {
  const has = (name: string) => Buffer.from(bytes).includes(Buffer.from(name, "utf16le"));
  if (has("WordDocument") || ext === "doc" || ext === "wps")
    return refuse(
      "OLD_WORD",
      "这是旧版 Word（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再上传",
    );
  if (has("Workbook") || has("Book") || ext === "xls" || ext === "et")
    return refuse("OLD_EXCEL", "这是旧版 Excel（.xls）文件，请另存为 .xlsx 后再上传");
  return refuse("OLD_OFFICE", "这是旧版 Office 文件，请另存为 .docx 或 .xlsx 后再上传");
}

function fromText(bytes: Uint8Array): ParseFileResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    return refuse(decoded.reason === "文件是空的" ? "EMPTY" : "NOT_TEXT", decoded.reason);
  const parsed = parseDocument(decoded.text);
  if (decoded.replaced > 0)
    parsed.warnings.unshift({
      ref: null,
      message: `文件中有 ${decoded.replaced} 处字节无法按 ${decoded.encoding} 解码，已显示为“\ufffd”，请核对原文`,
    });
  return {
    ok: true,
    parsed,
    source: { format: "txt", encoding: decoded.encoding },
    text: decoded.text,
  };
}

async function fromPdf(bytes: Uint8Array): Promise<ParseFileResult> {
  // Each reader is loaded when its format first arrives (PDF.js alone is a large module).
  const { readPdf } = await import("./read-pdf");
  const pdf = await readPdf(bytes);
  if (!pdf.ok) return refuse(pdf.code === "PDF_UNREADABLE" ? "UNREADABLE" : pdf.code, pdf.reason);
  return {
    ok: true,
    parsed: parseDocument(pdf.text),
    source: { format: "pdf", pages: pdf.pages },
    text: pdf.text,
  };
}

async function fromZip(bytes: Uint8Array, options: ParseFileOptions): Promise<ParseFileResult> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return refuse("UNREADABLE", "文件已损坏，无法打开");
  }
  const has = (name: string) => zip.file(name) !== null;
  if (has("word/document.xml")) return fromDocx(bytes, options);
  if (has("xl/workbook.xml")) return fromXlsx(bytes, options);
  if (has("OFD.xml"))
    return refuse("UNSUPPORTED", "OFD 格式暂不能读取，请另存为 PDF 或 .docx 后再上传");
  if (Object.keys(zip.files).some((n) => n.startsWith("ppt/")))
    return refuse("UNSUPPORTED", "演示文稿（.pptx）不能读取，请上传 Word、PDF、Excel 或文本文件");
  if (has("content.xml"))
    return refuse("UNSUPPORTED", "这是 OpenDocument 文件，请另存为 .docx 或 .xlsx 后再上传");
  return refuse("UNSUPPORTED", "压缩包不能读取，请上传 Word、PDF、Excel 或文本文件");
}

async function fromXlsx(bytes: Uint8Array, options: ParseFileOptions): Promise<ParseFileResult> {
  const { readXlsx } = await import("./read-xlsx");
  const content = await readXlsx(bytes);
  if (!content.ok) return refuse("UNREADABLE", content.reason);
  const candidates = findLedgerTables(content.tables);
  const chosen =
    candidates.length > 0
      ? candidates
      : options.columns && content.tables[0]
        ? [{ table: content.tables[0], index: 0 }]
        : [];
  if (chosen.length === 0)
    return refuse(
      "NO_MEASURES",
      "工作表中没有找到台账的表头：需要有“重点任务”或“具体措施”一列，以及“牵头单位”“配合单位”或“责任单位”一列",
    );
  const items = chosen.map(({ table, index }) => ({
    table,
    name: table.name ?? `工作表${index + 1}`,
  }));
  const { parsed, ledgers } = parseLedgers(items, options.columns);
  const text = content.tables.map((t) => tableText(t.rows, "\t")).join("\n\n");
  return { ok: true, parsed, source: withLedgers({ format: "xlsx" }, ledgers), text };
}

function withLedgers(source: FileSource, ledgers: LedgerInfo[]): FileSource {
  return ledgers.length > 1
    ? { ...source, ledger: ledgers[0], ledgers }
    : { ...source, ledger: ledgers[0] };
}

/**
 * A Word file is read as text, or as its division-of-work table (分工表) when it has one: the
 * reading that assigns more measures wins, the table on a tie.
 */
async function fromDocx(bytes: Uint8Array, options: ParseFileOptions): Promise<ParseFileResult> {
  const { readDocx } = await import("./read-docx");
  const content = await readDocx(bytes);
  if (!content.ok) return refuse("UNREADABLE", content.reason);
  const { blocks } = content;
  const tables = blocks.filter((b): b is Extract<Block, { kind: "table" }> => b.kind === "table");
  const candidates = findLedgerTables(tables.map((b) => b.table));

  let asTable: { parsed: ParsedDocument; ledgers: LedgerInfo[] } | null = null;
  const chosen =
    candidates.length > 0
      ? candidates
      : options.columns && tables.length > 0
        ? [{ table: tables[0]!.table, index: 0 }]
        : [];
  if (chosen.length > 0) {
    const items = chosen.map(({ table, index }) => {
      const position = blocks.indexOf(tables[index]!);
      const titleLines = blocks
        .slice(0, position)
        .filter((b): b is Extract<Block, { kind: "paragraph" }> => b.kind === "paragraph")
        .map((b) => b.text)
        .filter((t) => t.length <= 80)
        .slice(-6);
      return { table, name: `表格${index + 1}`, titleLines };
    });
    try {
      asTable = parseLedgers(items, options.columns);
    } catch (error) {
      if (!(error instanceof DocumentParseError)) throw error;
    }
  }

  let asText: ParsedDocument | null = null;
  let textError: DocumentParseError | null = null;
  try {
    asText = parseDocument(docxText(blocks));
  } catch (error) {
    if (!(error instanceof DocumentParseError)) throw error;
    textError = error;
  }
  const assigned = (p: ParsedDocument | null) =>
    p?.measures.filter((m) => m.leadUnits.length > 0).length ?? -1;
  if (asTable && assigned(asTable.parsed) >= assigned(asText))
    return {
      ok: true,
      parsed: asTable.parsed,
      source: withLedgers({ format: "docx" }, asTable.ledgers),
      text: docxText(blocks),
    };
  if (asText)
    return { ok: true, parsed: asText, source: { format: "docx" }, text: docxText(blocks) };
  throw textError ?? new DocumentParseError("没有找到任何措施");
}

/** Paragraphs as lines; a table as one line per row, its cells separated by a full-width space. */
function docxText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.kind === "paragraph" ? b.text : tableText(b.table.rows, "\u3000")))
    .join("\n");
}

/** A table as one line per row; a cell merged across columns once. */
function tableText(rows: string[][], separator: string): string {
  return rows.map((row) => row.filter((c, i) => c && c !== row[i - 1]).join(separator)).join("\n");
}
