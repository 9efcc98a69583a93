// Every file format through the one entry the CLI and the upload page share: the same measures
// from UTF-8, GB18030/GBK, UTF-16, Word, PDF and an Excel ledger; clear refusals for the rest.
import { Document, LevelFormat, Packer, Paragraph } from "docx";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeText } from "~/ingest/decode-text";
import type { ParseFileResult } from "~/ingest/parse-file";
import {
  docxOf,
  parseUpload,
  NOTICE,
  NOTICE_MEASURES,
  noticeLedgerRows,
  pdfOf,
  png,
  scannedPdf,
  xlsxOf,
} from "./fixtures";

const measures = (r: ParseFileResult) => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.parsed.measures.map(({ heading, leadUnits, coUnits, dueDate }) => ({
    heading,
    leadUnits,
    coUnits,
    dueDate,
  }));
};
const refusal = (r: ParseFileResult) => (r.ok ? "accepted" : `${r.code}: ${r.message}`);

describe("text in every encoding an office saves", () => {
  const bom = (b: number[], body: Buffer) => Buffer.concat([Buffer.from(b), body]);
  const cases: Array<[string, Buffer, string]> = [
    ["UTF-8", Buffer.from(NOTICE, "utf8"), "UTF-8"],
    ["UTF-8 with BOM", bom([0xef, 0xbb, 0xbf], Buffer.from(NOTICE, "utf8")), "UTF-8"],
    ["GBK", iconv.encode(NOTICE, "gbk"), "GB18030"],
    ["GB18030", iconv.encode(NOTICE, "gb18030"), "GB18030"],
    ["UTF-16 LE with BOM", bom([0xff, 0xfe], iconv.encode(NOTICE, "utf16le")), "UTF-16LE"],
    ["UTF-16 LE without BOM", iconv.encode(NOTICE, "utf16le"), "UTF-16LE"],
    ["UTF-16 BE with BOM", bom([0xfe, 0xff], iconv.encode(NOTICE, "utf16be")), "UTF-16BE"],
    ["UTF-16 BE without BOM", iconv.encode(NOTICE, "utf16be"), "UTF-16BE"],
  ];
  for (const [label, bytes, encoding] of cases) {
    it(`${label}: detected and read like the UTF-8 text`, async () => {
      const r = await parseUpload(bytes, { fileName: "notice.txt" });
      expect(r.ok && r.source).toEqual({ format: "txt", encoding });
      expect(measures(r)).toEqual(NOTICE_MEASURES);
      expect(r.ok && r.parsed.document.title).toBe(
        "某市人民政府办公室关于印发某市外贸稳增长若干措施的通知",
      );
    });
  }
  it("a UTF-8 file with a damaged byte stays UTF-8, and the damage is a warning", async () => {
    const bytes = Buffer.from(NOTICE, "utf8");
    bytes[Buffer.byteLength(NOTICE.slice(0, NOTICE.indexOf("实施")))] = 0xff; // in measure 1
    const r = await parseUpload(bytes);
    expect(r.ok && r.source.encoding).toBe("UTF-8");
    expect(measures(r)).toEqual(NOTICE_MEASURES);
    expect(r.ok && r.parsed.warnings[0]).toEqual({
      ref: null,
      message: "文件中有 3 处字节无法按 UTF-8 解码，已显示为“\ufffd”，请核对原文",
    });
  });
  it("a short GBK text is not taken for damaged UTF-8", () => {
    expect(decodeText(iconv.encode("一、重点任务", "gbk"))).toMatchObject({
      ok: true,
      encoding: "GB18030",
      text: "一、重点任务",
    });
  });
  it("a text in no encoding it knows says so", () => {
    // 0x80 and 0xFF start no character in UTF-8, GB18030 or Big5.
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => [0xff, 0x80, 0x41][i % 3]!));
    expect(decodeText(bytes)).toEqual({
      ok: false,
      reason:
        "无法识别文本的编码（不是 UTF-8、GBK/GB18030 或 UTF-16），请用记事本另存为 UTF-8 后再上传",
    });
  });
  it("GB18030 characters outside GBK survive (㐀 in a four-byte sequence)", () => {
    const d = decodeText(iconv.encode("一、重点任务㐀", "gb18030"));
    expect(d).toMatchObject({ ok: true, encoding: "GB18030", text: "一、重点任务㐀" });
  });
  it("Big5 (a Hong Kong or Taiwan file) when the detector clearly says so", () => {
    const d = decodeText(
      iconv.encode("一、重點任務\n（一）加強協調，推動發展。（責任單位：商務局）", "big5"),
    );
    expect(d).toMatchObject({ ok: true, encoding: "Big5" });
  });
});

describe("Word, PDF and Excel give the same measures", () => {
  it(".docx built in the test, read through mammoth", async () => {
    const r = await parseUpload(await docxOf(NOTICE.split("\n")), { fileName: "notice.docx" });
    expect(r.ok && r.source).toEqual({ format: "docx" });
    expect(measures(r)).toEqual(NOTICE_MEASURES);
  });
  it(".pdf with a text layer (CJK font embedded), lines wrapped and a page number", async () => {
    const r = await parseUpload(await pdfOf(NOTICE.split("\n")), { fileName: "notice.pdf" });
    expect(r.ok && r.source).toEqual({ format: "pdf", pages: 1 });
    expect(measures(r)).toEqual(NOTICE_MEASURES);
    if (!r.ok) return;
    expect(r.parsed.measures[2]!.text).toBe(NOTICE.split("\n")[7]!.replace(/^3．/, ""));
    expect(r.parsed.document).toMatchObject({ number: "某府办发〔2031〕5号", date: "2031-03-01" });
  });
  it(".xlsx ledger built in the test, read through exceljs", async () => {
    const bytes = await xlsxOf(noticeLedgerRows(), ["A1:G1", "B3:B4"]);
    const r = await parseUpload(bytes, { fileName: "ledger.xlsx" });
    expect(measures(r)).toEqual(NOTICE_MEASURES);
    if (!r.ok) return;
    expect(r.source.format).toBe("xlsx");
    expect(r.parsed.document.title).toBe("某市外贸稳增长若干措施任务分工台账");
    expect(r.parsed.measures.map((m) => [m.ref, m.sections])).toEqual([
      ["1", ["稳定外贸主体"]],
      ["2", ["稳定外贸主体"]],
      ["3", ["拓展国际市场"]],
    ]);
  });
  it(".docx whose numbering is Word's own (not text): numbered by depth and context", async () => {
    const numbering = {
      config: [
        {
          reference: "cn",
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、" },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: "（%2）" },
          ],
        },
      ],
    };
    const item = (text: string, level: number) =>
      new Paragraph({ text, numbering: { reference: "cn", level } });
    const auto = new Document({
      numbering,
      sections: [
        {
          children: [
            new Paragraph("关于推进某项工作的实施方案"),
            item("重点任务", 0),
            item("做好甲项工作。（责任单位：市商务局）", 1),
            item("做好乙项工作。（责任单位：市财政局）", 1),
            item("保障措施", 0),
            item("加强组织领导。（责任单位：市政府办公室）", 1),
          ],
        },
      ],
    });
    const r = await parseUpload(await Packer.toBuffer(auto));
    expect(r.ok && r.parsed.measures.map((m) => [m.ref, m.leadUnits[0]])).toEqual([
      ["一.(一)", "市商务局"],
      ["一.(二)", "市财政局"],
      ["二.(一)", "市政府办公室"],
    ]);
    // Typed 一、 headings with Word-numbered items under them: the items are （一）, （二）.
    const mixed = new Document({
      numbering,
      sections: [
        {
          children: [
            new Paragraph("一、重点任务"),
            item("做好甲项工作。（责任单位：市商务局）", 0),
            item("做好乙项工作。（责任单位：市财政局）", 0),
            new Paragraph("二、保障措施"),
            item("加强组织领导。（责任单位：市政府办公室）", 0),
          ],
        },
      ],
    });
    const m = await parseUpload(await Packer.toBuffer(mixed));
    expect(m.ok && m.parsed.measures.map((x) => x.ref)).toEqual(["一.(一)", "一.(二)", "二.(一)"]);
  });
  it("the file's content decides, not its name: a .docx named .txt is read as Word", async () => {
    const r = await parseUpload(await docxOf(NOTICE.split("\n")), { fileName: "notice.txt" });
    expect(r.ok && r.source.format).toBe("docx");
  });
});

describe("refused with a clear message, nothing read", () => {
  it("an old .doc: save as .docx", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from("WordDocument", "utf16le"),
    ]);
    expect(refusal(await parseUpload(ole, { fileName: "plan.doc" }))).toMatch(
      /^OLD_WORD: .*另存为 \.docx/,
    );
  });
  it("an old .xls: save as .xlsx", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
      Buffer.from("Workbook", "utf16le"),
    ]);
    expect(refusal(await parseUpload(ole, { fileName: "ledger.xls" }))).toMatch(
      /^OLD_EXCEL: .*\.xlsx/,
    );
  });
  it("a scanned PDF without text: needs OCR first", async () => {
    expect(refusal(await parseUpload(await scannedPdf()))).toMatch(/^PDF_NO_TEXT: .*OCR/);
  });
  it("a PDF with a password", async () => {
    const locked = await pdfOf(["一、重点任务"], { userPassword: "secret" });
    expect(refusal(await parseUpload(locked))).toMatch(/^PDF_ENCRYPTED: .*密码/);
  });
  it("an image", async () => {
    expect(refusal(await parseUpload(png(8, 8), { fileName: "scan.png" }))).toMatch(
      /^IMAGE: 这是图片/,
    );
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    expect(refusal(await parseUpload(jpeg))).toMatch(/^IMAGE:/);
  });
  it("an empty file, a blank one, and a binary one", async () => {
    expect(refusal(await parseUpload(Buffer.alloc(0)))).toBe("EMPTY: 文件是空的");
    expect(refusal(await parseUpload(Buffer.from("\r\n\u3000\r\n")))).toBe("EMPTY: 文件是空的");
    const binary = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    expect(refusal(await parseUpload(binary))).toMatch(/^NOT_TEXT: 无法识别的文件格式/);
  });
  it("a file over the upload limit, whose limit the caller gives", async () => {
    const big = Buffer.from(NOTICE.repeat(10));
    expect(refusal(await parseUpload(big, { maxBytes: 1024 }))).toMatch(
      /^TOO_LARGE: 文件大小 .* MB，超过上传上限 0 MB|^TOO_LARGE: 文件大小 .*超过上传上限/,
    );
    expect((await parseUpload(Buffer.from(NOTICE), { maxBytes: 1024 * 1024 })).ok).toBe(true);
  });
  it("a damaged Word file and a zip that is not an office file", async () => {
    const docx = await docxOf(["一、重点任务"]);
    const damaged = Buffer.concat([docx.subarray(0, 200), Buffer.alloc(200)]);
    expect(refusal(await parseUpload(damaged))).toMatch(/^UNREADABLE:/);
  });
  it("text with no measures says so in Chinese", async () => {
    expect(refusal(await parseUpload(Buffer.from("这是一封信。\n没有任何编号。")))).toBe(
      "NO_MEASURES: 没有找到编号的条目（一、 / （一） / 1． / 第一条）",
    );
  });
});
