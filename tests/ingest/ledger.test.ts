// Ledgers (台账, .xlsx) and division-of-work tables (分工表, .docx), built here and read back.
import { describe, expect, it } from "vitest";
import { findHeader, parseLedger, type Table } from "~/ingest/ledger";
import type { ParseFileResult } from "~/ingest/parse-file";
import { docxWithTable, parseUpload, workbookOf, xlsxOf } from "./fixtures";

const ok = (r: ParseFileResult) => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r;
};
const rows = (r: ParseFileResult) =>
  ok(r).parsed.measures.map((m) => ({ ref: m.ref, lead: m.leadUnits, co: m.coUnits }));

describe("an Excel ledger", () => {
  const ledger = [
    ["某市2031年优化营商环境重点任务台账", null, null, null, null, null, null],
    ["序号", "重点任务", "具体措施", "责任单位", null, "完成时限", "责任领导"],
    [null, null, null, "牵头单位", "配合单位", null, null],
    ["一、提升政务服务效能", null, null, null, null, null, null],
    [
      1,
      "推进“一网通办”",
      "整合各部门业务系统，实现企业开办一日办结。",
      "市政务服务局",
      "市市场监管局、市公安局；市税务局",
      "2031年6月底前",
      "张某某",
    ],
    [
      1,
      null,
      "推行证照分离改革。",
      "市市场监管局\n市政务服务局",
      "各区人民政府，市司法局",
      "持续推进",
      null,
    ],
    [2, "优化纳税服务", "压缩办税时间。", "市税务局", null, new Date(Date.UTC(2031, 8, 30)), null],
    ["二、加强法治保障", null, null, null, null, null, null],
    [3, "完善政策制定", "开展公平竞争审查。", "市市场监管局", "有关部门", "2031-12-31", null],
    [null, null, null, "市司法局", null, null, null],
  ];
  const merges = [
    "A1:G1",
    "D2:E2",
    "A2:A3",
    "B2:B3",
    "C2:C3",
    "F2:F3",
    "G2:G3",
    "A4:G4",
    "A5:A6",
    "B5:B6",
    "A8:G8",
  ];
  const read = async () => parseUpload(await xlsxOf(ledger, merges), { fileName: "ledger.xlsx" });

  it("proposes a mapping from a two-row header (责任单位 over 牵头单位 | 配合单位)", async () => {
    const r = ok(await read());
    expect(r.source.ledger).toMatchObject({
      table: "台账",
      headerRow: 1,
      headerRows: 2,
      proposed: { ref: 0, task: 1, measure: 2, lead: 3, co: 4, due: 5, leader: 6 },
    });
  });
  it("one measure a row; a number merged over a task's rows gives 1-1, 1-2", async () => {
    expect(rows(await read())).toEqual([
      { ref: "1-1", lead: ["市政务服务局"], co: ["市市场监管局", "市公安局", "市税务局"] },
      { ref: "1-2", lead: ["市市场监管局", "市政务服务局"], co: ["各区人民政府", "市司法局"] },
      { ref: "2", lead: ["市税务局"], co: [] },
      { ref: "3", lead: ["市市场监管局"], co: ["有关部门"] },
    ]);
  });
  it("heading rows, merged task cells, deadlines as text or dates, leaders", async () => {
    const r = ok(await read());
    expect(
      r.parsed.measures.map((m) => [m.sections, m.heading, m.dueDate, m.dueDateText, m.leader]),
    ).toEqual([
      [
        ["一、提升政务服务效能", "推进“一网通办”"],
        "整合各部门业务系统，实现企业开办一日办结",
        "2031-06-30",
        "2031年6月底前",
        "张某某",
      ],
      [["一、提升政务服务效能", "推进“一网通办”"], "推行证照分离改革", null, "持续推进", null],
      [
        ["一、提升政务服务效能", "优化纳税服务"],
        "压缩办税时间",
        "2031-09-30",
        "2031年9月30日",
        null,
      ],
      [["二、加强法治保障", "完善政策制定"], "开展公平竞争审查", "2031-12-31", "2031-12-31", null],
    ]);
    expect(r.parsed.document.title).toBe("某市2031年优化营商环境重点任务台账");
    expect(r.parsed.measures[3]!.genericUnits).toEqual(["有关部门"]);
  });
  it("a row with a unit but no task is reported, not dropped silently", async () => {
    expect(ok(await read()).parsed.warnings).toContainEqual({
      ref: null,
      message: "表格第 10 行有责任单位但没有任务内容，未读入",
    });
  });
});

describe("a single 责任单位 column follows the comma rule", () => {
  const table = (extra: string[][] = []): Table => {
    const rows = [
      ["序号", "工作任务", "责任单位", "完成时间"],
      ["1", "建设公共海外仓", "市商务局、市交通运输局，市财政局", "2031年底"],
      ["2", "培育跨境电商主体", "市商务局，各区人民政府", "2031年底"],
      ...extra,
    ];
    return { rows, merged: rows.map((r) => r.map(() => false)) };
  };
  it("without a convention: the units before the first comma lead", () => {
    const { parsed } = parseLedger(table());
    expect(parsed.measures.map((m) => [m.leadUnits, m.coUnits])).toEqual([
      [["市商务局", "市交通运输局"], ["市财政局"]],
      [["市商务局"], ["各区人民政府"]],
    ]);
  });
  it("with a footnote 列第一位的为牵头单位: the same, but governments after a comma are set apart", () => {
    const extra = [
      ["3", "建设边境仓", "市商务局、市发展改革委，各区人民政府", "2031年底"],
      ["注：责任单位中列第一位的为牵头单位。", "", "", ""],
    ];
    const { parsed } = parseLedger(table(extra));
    expect(parsed.document.leadConvention).toMatch(/列第一位的为牵头单位/);
    expect(parsed.measures.map((m) => [m.leadUnits, m.coUnits])).toEqual([
      [["市商务局", "市交通运输局"], ["市财政局"]],
      [["市商务局"], ["各区人民政府"]],
      [["市商务局"], ["市发展改革委", "各区人民政府"]],
    ]);
  });
});

describe("column mapping", () => {
  const rows = [
    ["编号", "工作事项", "承担处室", "其他处室"],
    ["1", "修订管理办法", "法规处", "综合处"],
    ["2", "开展专项检查", "监督处", "法规处、综合处"],
  ];
  it("a header it cannot place is refused, naming what is missing", async () => {
    const r = await parseUpload(await xlsxOf(rows));
    expect(r.ok ? "accepted" : r.message).toMatch(/没有找到台账的表头/);
  });
  it("the caller's mapping overrides the proposal", async () => {
    const r = ok(await parseUpload(await xlsxOf(rows), { columns: { lead: 2, co: 3 } }));
    expect(r.source.ledger).toMatchObject({
      proposed: { ref: 0, task: 1 },
      mapping: { ref: 0, task: 1, lead: 2, co: 3 },
    });
    expect(r.parsed.measures.map((m) => [m.ref, m.heading, m.leadUnits, m.coUnits])).toEqual([
      ["1", "修订管理办法", ["法规处"], ["综合处"]],
      ["2", "开展专项检查", ["监督处"], ["法规处", "综合处"]],
    ]);
  });
  it("findHeader ignores a title row and takes the header under it", () => {
    const t: Table = {
      rows: [["某某台账"], ["序号", "具体措施", "牵头单位"], ["1", "做好甲项工作", "市商务局"]],
      merged: [[false], [false, false, false], [false, false, false]],
    };
    expect(findHeader(t)).toMatchObject({
      headerRow: 1,
      headerRows: 1,
      proposed: { ref: 0, measure: 1, lead: 2 },
    });
  });
});

describe("a Word file whose measures are a table (分工表)", () => {
  const before = ["某市2031年稳外贸重点任务分工表", "某商务发〔2031〕2号"];
  const table = [
    ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
    [
      "1",
      { text: "稳定外贸主体", rowSpan: 2 },
      "培育外贸主体。",
      "市商务局",
      "市财政局\n各区人民政府",
      "2031年底前",
    ],
    ["2", { text: "", continue: true }, "稳定加工贸易。", "市工业和信息化局", "", "持续推进"],
    ["3", "拓展国际市场", "支持企业参展。", "市商务局、市贸促会", "市财政局", ""],
  ];
  it("reads the table's rows as measures, with a merged task cell, and the title above it", async () => {
    const r = ok(
      await parseUpload(await docxWithTable(before, table), { fileName: "分工表.docx" }),
    );
    expect(r.source).toMatchObject({ format: "docx", ledger: { table: "表格1", headerRow: 0 } });
    expect(
      r.parsed.measures.map((m) => [m.ref, m.sections, m.leadUnits, m.coUnits, m.dueDate]),
    ).toEqual([
      ["1", ["稳定外贸主体"], ["市商务局"], ["市财政局", "各区人民政府"], "2031-12-31"],
      ["2", ["稳定外贸主体"], ["市工业和信息化局"], [], null],
      ["3", ["拓展国际市场"], ["市商务局", "市贸促会"], ["市财政局"], null],
    ]);
    expect(r.parsed.document).toMatchObject({
      title: "某市2031年稳外贸重点任务分工表",
      number: "某商务发〔2031〕2号",
    });
  });
  it("a table that is not a ledger stays text: its rows become lines", async () => {
    const doc = await docxWithTable(
      ["一、发展目标", "（一）主要指标。到2033年实现以下目标。"],
      [
        ["指标", "2031年", "2033年"],
        ["进出口总额（亿元）", "800", "1000"],
      ],
      ["二、重点任务", "（一）做好甲项工作。（责任单位：市商务局）"],
    );
    const r = ok(await parseUpload(doc));
    expect(r.source).toEqual({ format: "docx" });
    expect(r.parsed.measures.map((m) => [m.ref, m.leadUnits])).toEqual([["二.(一)", ["市商务局"]]]);
    expect(r.parsed.document.targetDate).toBe("2033-12-31");
  });
});

describe("several ledger tables in one file", () => {
  const header = ["序号", "具体措施", "牵头单位", "配合单位"];
  it("reads every sheet that has a ledger header, refs carrying the sheet's name", async () => {
    const bytes = await workbookOf({
      说明: [["本台账由市商务局汇总。"]],
      一季度: [header, [1, "做好甲项工作。", "市商务局", "市财政局"]],
      二季度: [
        header,
        [1, "做好乙项工作。", "市财政局", ""],
        [2, "做好丙项工作。", "市税务局", ""],
      ],
    });
    const r = ok(await parseUpload(bytes));
    expect(r.parsed.measures.map((m) => [m.ref, m.leadUnits])).toEqual([
      ["一季度.1", ["市商务局"]],
      ["二季度.1", ["市财政局"]],
      ["二季度.2", ["市税务局"]],
    ]);
    expect(r.source.ledgers?.map((l) => l.table)).toEqual(["一季度", "二季度"]);
  });
});
