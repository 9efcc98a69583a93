// npm run --silent parse -- <file>: one JSON object on stdout, or one line on stderr and exit 1.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "duban-cli-"));

function parse(file: string) {
  const r = spawnSync("npm", ["run", "--silent", "parse", "--", file], {
    cwd: root,
    encoding: "utf8",
  });
  const stderr = r.stderr
    .split("\n")
    .filter((l) => l && !l.startsWith("npm warn"))
    .join("\n");
  return { status: r.status, stdout: r.stdout, stderr };
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
  it("exits non-zero for text that is not UTF-8 (GBK)", () => {
    const gbk = path.join(tmp, "gbk.txt");
    writeFileSync(
      gbk,
      Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xd7, 0xdc, 0xcc, 0xe5, 0xd2, 0xaa, 0xc7, 0xf3]),
    ); // 一、总体要求
    const r = parse(gbk);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not UTF-8 text/);
    expect(r.stderr.split("\n")).toHaveLength(1);
  });
  it("exits non-zero when no measures are found", () => {
    const none = path.join(tmp, "none.txt");
    writeFileSync(none, "这是一封信。\n没有任何编号。\n");
    const r = parse(none);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no numbered sections found/);
  });
  it("exits non-zero for an empty file and for a binary file", () => {
    const empty = path.join(tmp, "empty.txt");
    writeFileSync(empty, "");
    expect(parse(empty)).toMatchObject({ status: 1, stderr: expect.stringMatching(/empty/) });
    const bin = path.join(tmp, "bin.txt");
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(parse(bin)).toMatchObject({ status: 1, stderr: expect.stringMatching(/NUL/) });
  });
});
