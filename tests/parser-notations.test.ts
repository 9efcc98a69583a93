// Notations other governments use, and the ways a text can arrive damaged. Each case is a
// small document built here, so that a failure names exactly what was misread.
import { describe, expect, it } from "vitest";
import { DocumentParseError, parseDocument } from "~/ingest/parse-document";
import {
  isCollective,
  isGenericUnit,
  readNoteContent,
  splitUnitList,
} from "~/ingest/responsibility";
import { findDeadlines, findRecurrence } from "~/ingest/due-date";

/** A document with one section and the given measure lines (each may carry its note). */
function doc(...measureLines: string[]): string {
  return ["关于测试工作的实施方案", "各有关单位：", "", "一、重点任务", "", ...measureLines].join(
    "\n",
  );
}
function only(text: string) {
  const parsed = parseDocument(text);
  expect(parsed.measures).toHaveLength(1);
  return parsed.measures[0]!;
}

describe("responsibility notes", () => {
  it("（责任单位：A，B、C）: lead before the first full-width comma", () => {
    expect(only(doc("1.做好甲项工作。（责任单位：商务厅，省投资促进局、成都海关）"))).toMatchObject(
      {
        leadUnits: ["商务厅"],
        coUnits: ["省投资促进局", "成都海关"],
      },
    );
  });
  it("joint leads A、B，C keep their order", () => {
    expect(readNoteContent("责任单位：省投资促进局、商务厅，省发展改革委")).toMatchObject({
      leadUnits: ["省投资促进局", "商务厅"],
      coUnits: ["省发展改革委"],
    });
  });
  it("drops 列首位的为牵头单位，下同 and 列第一位者为牵头或汇总单位，下同", () => {
    expect(readNoteContent("责任单位：商务厅，财政厅。列首位的为牵头单位，下同。")).toMatchObject({
      leadUnits: ["商务厅"],
      coUnits: ["财政厅"],
    });
    const r = readNoteContent("责任单位：商务厅，财政厅。列第一位者为牵头或汇总单位，下同");
    expect(r).toMatchObject({ leadUnits: ["商务厅"], coUnits: ["财政厅"] });
    expect(r.conventions).toEqual(["列第一位者为牵头或汇总单位，下同"]);
  });
  it("Tianjin style: （A、B、C按职责分工负责） and （A负责）", () => {
    expect(only(doc("1．做好甲项工作。（市商务委、市科委、市教委按职责分工负责）"))).toMatchObject({
      leadUnits: ["市商务委"],
      coUnits: ["市科委", "市教委"],
    });
    expect(only(doc("1．做好乙项工作。（市商务委负责）"))).toMatchObject({
      leadUnits: ["市商务委"],
      coUnits: [],
    });
  });
  it("inline 由A牵头，各相关部门配合", () => {
    const m = only(
      doc("6．加强组织领导。建立协调机制，由市商务委牵头，各相关部门配合，确保落实。"),
    );
    expect(m).toMatchObject({ leadUnits: ["市商务委"], coUnits: ["各相关部门"] });
    expect(m.responsibility?.form).toBe("INLINE");
  });
  it("（牵头单位：X；配合单位：Y、Z）", () => {
    expect(
      only(doc("1.做好甲项工作。（牵头单位：市商务局；配合单位：市财政局、市税务局）")),
    ).toMatchObject({
      leadUnits: ["市商务局"],
      coUnits: ["市财政局", "市税务局"],
    });
  });
  it("（牵头单位：X，配合单位：Y、Z，各区、县级市）: a collective whose name contains 、", () => {
    expect(
      only(
        doc("1.做好甲项工作。（牵头单位：市商务局，配合单位：市财政局、市税务局，各区、县级市）"),
      ),
    ).toMatchObject({
      leadUnits: ["市商务局"],
      coUnits: ["市财政局", "市税务局", "各区、县级市"],
    });
    expect(splitUnitList("各市（州）、县（市、区）人民政府")).toEqual([
      "各市（州）、县（市、区）人民政府",
    ]);
    expect(splitUnitList("各市、县人民政府、省财政厅")).toEqual(["各市、县人民政府", "省财政厅"]);
  });
  it("（牵头单位：X；责任单位：Y、Z）: 责任单位 names the co-units when a lead is labelled", () => {
    expect(readNoteContent("牵头单位：省商务厅；责任单位：省财政厅、省税务局")).toMatchObject({
      leadUnits: ["省商务厅"],
      coUnits: ["省财政厅", "省税务局"],
    });
  });
  it("（X牵头，Y、Z配合）", () => {
    expect(only(doc("1.做好甲项工作。（市商务局牵头，市财政局、市税务局配合）"))).toMatchObject({
      leadUnits: ["市商务局"],
      coUnits: ["市财政局", "市税务局"],
    });
  });
  it("a note on its own line: 责任单位：A、B（第一责任单位为牵头单位，下同）", () => {
    const m = only(
      doc(
        "1.做好甲项工作。具体内容如下。",
        "责任单位：市商务局、市财政局（第一责任单位为牵头单位，下同）",
      ),
    );
    expect(m).toMatchObject({ leadUnits: ["市商务局"], coUnits: ["市财政局"] });
    expect(m.responsibility?.form).toBe("LINE_NOTE");
    expect(m.text).toContain("具体内容如下");
  });
  it("牵头单位：X on one line and 责任单位：Y、Z on the next", () => {
    const m = only(doc("1.做好甲项工作。", "牵头单位：市商务局", "责任单位：市财政局、市税务局"));
    expect(m).toMatchObject({ leadUnits: ["市商务局"], coUnits: ["市财政局", "市税务局"] });
  });
  it("〔责任单位：…〕 square brackets with an explanatory sentence naming no unit", () => {
    const m = only(
      doc(
        "1.做好甲项工作。〔责任单位：市发展改革委、市商务局按职责分工负责。以下各项均由列明单位负责，下同。〕",
      ),
    );
    expect(m).toMatchObject({ leadUnits: ["市发展改革委"], coUnits: ["市商务局"] });
  });
  it("a trailing 等部门 is not part of a name", () => {
    expect(readNoteContent("责任单位：商务厅，财政厅、税务局等部门")).toMatchObject({
      leadUnits: ["商务厅"],
      coUnits: ["财政厅", "税务局"],
    });
  });
  it("nested brackets 各区人民政府〈含开发区〉 stay in one name", () => {
    expect(readNoteContent("责任单位：市商务局，各区人民政府〈含开发区〉、市财政局")).toMatchObject(
      {
        leadUnits: ["市商务局"],
        coUnits: ["各区人民政府〈含开发区〉", "市财政局"],
      },
    );
  });
  it("a bracket after a sentence is a bare note only when it lists government bodies", () => {
    for (const text of ["做好甲项工作。（可以自行添加行）", "做好甲项工作。（召开推进会）"]) {
      expect(only(doc(`1.${text}`)).responsibility).toBeNull();
    }
    expect(only(doc("1.做好甲项工作。（省发展改革委、省贸促会）")).leadUnits).toEqual([
      "省发展改革委",
    ]);
  });
  it("ordinary brackets such as （OEM） are not notes", () => {
    const m = only(doc("1.推动企业由贴牌生产（OEM）向自有品牌方式发展（OBM）"));
    expect(m.responsibility).toBeNull();
    expect(m.leadUnits).toEqual([]);
  });
});

describe("damaged or unusual text", () => {
  const clean = doc(
    "1.做好甲项工作。（责任单位：商务厅，省投资促进局、各市（州）人民政府）",
    "2.做好乙项工作。（责任单位：财政厅）",
  );
  const expected = [
    { ref: "一.1", leadUnits: ["商务厅"], coUnits: ["省投资促进局", "各市（州）人民政府"] },
    { ref: "一.2", leadUnits: ["财政厅"], coUnits: [] },
  ];
  const read = (t: string) =>
    parseDocument(t).measures.map(({ ref, leadUnits, coUnits }) => ({ ref, leadUnits, coUnits }));

  it("reads the clean text", () => expect(read(clean)).toEqual(expected));
  it("BOM and CRLF", () => expect(read("\ufeff" + clean.replace(/\n/g, "\r\n"))).toEqual(expected));
  it("old Mac CR line ends", () => expect(read(clean.replace(/\n/g, "\r"))).toEqual(expected));
  it("half-width brackets, commas, colons and periods", () => {
    const half = clean
      .replace(/（/g, "(")
      .replace(/）/g, ")")
      .replace(/，/g, ",")
      .replace(/：/g, ":")
      .replace(/1\./, "1.");
    expect(read(half)).toEqual(expected);
  });
  it("stray blank lines and full-width indentation", () => {
    const spaced = clean
      .split("\n")
      .map((l) => `\u3000\u3000${l}\u3000`)
      .join("\n\n\n");
    expect(read(spaced)).toEqual(expected);
  });
  it("a line broken mid-sentence is joined, not taken for a new paragraph", () => {
    const broken = doc("1.做好甲项工作，推动", "", "企业发展。（责任单位：商务厅）");
    const m = only(broken);
    expect(m.text).toBe("做好甲项工作，推动企业发展。（责任单位：商务厅）");
    expect(m.leadUnits).toEqual(["商务厅"]);
  });
  it("refuses empty text, text without numbering, and binary", () => {
    expect(() => parseDocument("")).toThrow(DocumentParseError);
    expect(() => parseDocument("\n\u3000\n")).toThrow(/空的/);
    expect(() => parseDocument("这是一段没有编号的文字。\n第二段。")).toThrow(/没有找到编号的条目/);
    expect(() => parseDocument("一、总体要求\n（一）指导思想。坚持稳中求进。")).toThrow(
      /没有找到任何措施/,
    );
    expect(() => parseDocument("a\u0000b")).toThrow(/NUL/);
  });
  it("a note that names no lead is reported, not silently accepted", () => {
    const parsed = parseDocument(doc("1.做好甲项工作。（责任单位：列首位的为牵头单位，下同）"));
    expect(parsed.warnings).toEqual([{ ref: "一.1", message: "责任分工中没有单位名称" }]);
    expect(parsed.measures[0]!.warnings).toEqual(["责任分工中没有单位名称"]);
  });
  it("a repeated number is kept under a distinct ref and reported", () => {
    const parsed = parseDocument(doc("1.甲。（责任单位：商务厅）", "1.乙。（责任单位：财政厅）"));
    expect(parsed.measures.map((m) => m.ref)).toEqual(["一.1", "一.1#2"]);
    expect(parsed.warnings[0]).toEqual({
      ref: "一.1#2",
      message: "编号重复：一.1，重复的一条记为 一.1#2",
    });
  });
  it("articles 第一条 … are measures in a document numbered by article", () => {
    const parsed = parseDocument(
      [
        "某某管理办法",
        "第一条 为规范管理，制定本办法。",
        "第二条 每年2月15日前，各地报送上年工作总结。（责任单位：商务厅）",
      ].join("\n"),
    );
    expect(parsed.measures.map((m) => m.ref)).toEqual(["第一条", "第二条"]);
    expect(parsed.measures[1]).toMatchObject({ leadUnits: ["商务厅"], recurrence: "--02-15" });
  });
});

describe("due dates", () => {
  it("reads deadlines with a cue and ignores bare years and citations", () => {
    expect(findDeadlines("到2020年，全省实现…").map((d) => d.date)).toEqual(["2020-12-31"]);
    expect(findDeadlines("到2027年底前完成").map((d) => d.date)).toEqual(["2027-12-31"]);
    expect(findDeadlines("2024年底前建成").map((d) => d.date)).toEqual(["2024-12-31"]);
    expect(findDeadlines("2022年10月底前编制并公布").map((d) => d.date)).toEqual(["2022-10-31"]);
    expect(findDeadlines("到2018年上半年将比例降至19%").map((d) => d.date)).toEqual(["2018-06-30"]);
    expect(findDeadlines("到“十三五”末，规模大幅提高").map((d) => d.date)).toEqual(["2020-12-31"]);
    expect(findDeadlines("根据（国发〔2016〕4号）精神，2017年1月6日印发")).toEqual([]);
  });
  it("reads annual deadlines as --MM-DD", () => {
    expect(findRecurrence("每年2月15日前，报送总结")).toMatchObject({ monthDay: "--02-15" });
    expect(findRecurrence("每年13月1日前")).toBeNull();
  });
  it("applies the document's target to measures without their own", () => {
    const parsed = parseDocument(
      [
        "一、发展目标",
        "到2025年，外贸规模迈上新台阶。",
        "二、重点任务",
        "1.甲。（责任单位：商务厅）",
        "2.乙，2024年底前完成。（责任单位：财政厅）",
      ].join("\n"),
    );
    expect(parsed.document.targetDate).toBe("2025-12-31");
    expect(parsed.measures.map((m) => [m.dueDate, m.dueDateSource])).toEqual([
      ["2025-12-31", "DOCUMENT"],
      ["2024-12-31", "MEASURE"],
    ]);
  });
});

describe("kinds of names", () => {
  it("collectives stand for a set of governments; 市政府 and named governments are one unit", () => {
    const names = ["各市（州）人民政府", "各县、市、区政府", "市（州）人民政府", "县级人民政府"];
    expect(names.filter(isCollective)).toEqual(names);
    expect(["市政府", "成都市人民政府", "市商务局", "各有关部门"].filter(isCollective)).toEqual([]);
  });
  it("generic names name no particular unit", () => {
    const names = [
      "有关部门",
      "各有关部门",
      "相关部门",
      "省直有关部门",
      "市有关部门",
      "有关部门和单位",
    ];
    expect(names.filter(isGenericUnit)).toEqual(names);
    expect(["市发展改革委", "各区人民政府"].filter(isGenericUnit)).toEqual([]);
  });
  it("a sentence after the note that only explains is not read as names", () => {
    const r = readNoteContent(
      "责任单位：省发展改革委、省财政厅，各市（州）人民政府。以下均需各市（州）人民政府落实，不再列出",
    );
    expect(r).toMatchObject({
      leadUnits: ["省发展改革委", "省财政厅"],
      coUnits: ["各市（州）人民政府"],
      conventions: ["以下均需各市（州）人民政府落实，不再列出"],
      warnings: [],
    });
  });
});
