// npm run --silent parse -- <file>: one JSON object on stdout, or one line on stderr and exit 1.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  docxOf,
  NOTICE,
  NOTICE_MEASURES,
  noticeLedgerRows,
  pdfOf,
  scannedPdf,
  xlsxOf,
} from "./ingest/fixtures";

const root = path.resolve(__dirname, "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "duban-cli-"));

function parse(file: string, ...args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "parse", "--", file, ...args], {
    cwd: root,
    encoding: "utf8",
  });
  const stderr = r.stderr
    .split("\n")
    .filter((l) => l && !l.startsWith("npm warn"))
    .join("\n");
  return { status: r.status, stdout: r.stdout, stderr };
}

/** The same, without waiting: several files are read side by side. */
function parseAsync(file: string, ...args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("npm", ["run", "--silent", "parse", "--", file, ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("close", (status) => {
      const lines = stderr.split("\n").filter((l) => l && !l.startsWith("npm warn"));
      resolve({ status, stdout, stderr: lines.join("\n") });
    });
  });
}

describe("parse CLI", () => {
  it("prints the document and its measures in document order", () => {
    const r = parse("seeds/documents/004_1a60eff0c6413e58.txt");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.document)).toEqual(
      expect.arrayContaining(["title", "number", "issuer", "date", "jurisdiction"]),
    );
    expect(out.document.title).toBe("关于加快建设贸易强省的实施意见");
    expect(out.measures).toHaveLength(24);
    expect(out.measures[0]).toMatchObject({
      ref: "二.1",
      heading: "做大优势产业贸易规模",
      leadUnits: ["经济和信息化厅", "商务厅"],
      dueDate: "2027-12-31",
    });
    expect(Object.keys(out.measures[0])).toEqual(
      expect.arrayContaining(["ref", "heading", "leadUnits", "coUnits", "dueDate", "text"]),
    );
    expect(out.measures[23]).toMatchObject({ ref: "八.24", leadUnits: [], coUnits: [] });
  });
  it("exits non-zero with one line for a missing file", () => {
    const r = parse(path.join(tmp, "nope.txt"));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^parse: .*nope\.txt: no such file$/);
  });
  it("reads GBK, .docx, .pdf and an .xlsx ledger to the same measures as the UTF-8 text", async () => {
    const files: Array<[string, Buffer]> = [
      ["notice.txt", Buffer.from(NOTICE)],
      ["notice-gbk.txt", iconv.encode(NOTICE, "gbk")],
      ["notice.docx", await docxOf(NOTICE.split("\n"))],
      ["notice.pdf", await pdfOf(NOTICE.split("\n"))],
      ["ledger.xlsx", await xlsxOf(noticeLedgerRows(), ["A1:G1", "B3:B4"])],
    ];
    const results = await Promise.all(
      files.map(([name, bytes]) => {
        const file = path.join(tmp, name);
        writeFileSync(file, bytes);
        return parseAsync(file);
      }),
    );
    for (const [i, [name]] of files.entries()) {
      const r = results[i]!;
      expect(r.stderr, name).toBe("");
      const out = JSON.parse(r.stdout);
      const read = out.measures.map(
        (m: {
          heading: string;
          leadUnits: string[];
          coUnits: string[];
          dueDate: string | null;
        }) => ({
          heading: m.heading,
          leadUnits: m.leadUnits,
          coUnits: m.coUnits,
          dueDate: m.dueDate,
        }),
      );
      expect(read, name).toEqual(NOTICE_MEASURES);
      expect(out.warnings, name).toEqual([]);
    }
  });
  it("--columns overrides a ledger's column mapping (columns counted from 1)", async () => {
    const file = path.join(tmp, "odd.xlsx");
    const rows = [
      ["编号", "工作事项", "承担处室", "其他处室"],
      ["1", "修订管理办法", "法规处", "综合处"],
    ];
    writeFileSync(file, await xlsxOf(rows));
    expect(parse(file)).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/没有找到台账的表头/),
    });
    const r = parse(file, "--columns", "lead=3,co=4");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.measures[0]).toMatchObject({ ref: "1", leadUnits: ["法规处"], coUnits: ["综合处"] });
    expect(out.source.ledger.mapping).toEqual({ ref: 0, task: 1, lead: 2, co: 3 });
  });
  it("refuses an old .doc, a scanned PDF and an oversized file in Chinese, one line each", async () => {
    const doc = path.join(tmp, "old.doc");
    writeFileSync(
      doc,
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(504),
        Buffer.from("WordDocument", "utf16le"),
      ]),
    );
    const scan = path.join(tmp, "scan.pdf");
    writeFileSync(scan, await scannedPdf());
    const big = path.join(tmp, "big.txt");
    writeFileSync(big, Buffer.from(NOTICE.repeat(200)));
    for (const [file, message, extra] of [
      [doc, /另存为 \.docx/, []],
      [scan, /OCR/, []],
      [big, /超过上传上限/, ["--max-mb", "0.1"]],
    ] as Array<[string, RegExp, string[]]>) {
      const r = await parseAsync(file, ...extra);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split("\n")).toHaveLength(1);
    }
  });
  it("exits non-zero when no measures are found", () => {
    const none = path.join(tmp, "none.txt");
    writeFileSync(none, "这是一封信。\n没有任何编号。\n");
    const r = parse(none);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/没有找到编号的条目/);
  });
  it("exits non-zero for an empty file and for a binary file", () => {
    const empty = path.join(tmp, "empty.txt");
    writeFileSync(empty, "");
    expect(parse(empty)).toMatchObject({ status: 1, stderr: expect.stringMatching(/文件是空的/) });
    const bin = path.join(tmp, "bin.txt");
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01]));
    expect(parse(bin)).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/无法识别的文件格式/),
    });
  });
});
