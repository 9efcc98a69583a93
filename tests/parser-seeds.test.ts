// The parser on every seed document: counts, headers, and every lead and co-unit list of every
// annotated measure, in document order, checked against the source text by hand.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument, type ParsedDocument } from "~/ingest/parse-document";

type Expected = Array<[ref: string, leads: string[], co: string[]]>;

const seed = (name: string) =>
  readFileSync(path.join(__dirname, "../seeds/documents", name), "utf8");
const docs = {
  sc2016: parseDocument(seed("000_026442a57447389b.txt")),
  cn2016: parseDocument(seed("001_a3ac0543a92897ed.txt")),
  tj2017: parseDocument(seed("002_351b0464e987a5eb.txt")),
  sc2020: parseDocument(seed("003_d55b850b15b95a62.txt")),
  sc2023: parseDocument(seed("004_1a60eff0c6413e58.txt")),
};

const roles = (d: ParsedDocument) => d.measures.map((m) => [m.ref, m.leadUnits, m.coUnits]);
const annotated = (d: ParsedDocument) => d.measures.filter((m) => m.leadUnits.length > 0);

const SC2016: Expected = [
  [
    "二.(一).1",
    ["商务厅"],
    ["省投资促进局", "省发展改革委", "省经济和信息化委", "成都海关", "四川出入境检验检疫局"],
  ],
  [
    "二.(一).2",
    ["省发展改革委"],
    [
      "省经济和信息化委",
      "商务厅",
      "科技厅",
      "省投资促进局",
      "国土资源厅",
      "成都海关",
      "四川出入境检验检疫局",
    ],
  ],
  [
    "二.(一).3",
    ["商务厅"],
    ["省投资促进局", "省发展改革委", "省经济和信息化委", "成都海关", "四川出入境检验检疫局"],
  ],
  [
    "二.(一).4",
    ["商务厅"],
    [
      "省发展改革委",
      "省经济和信息化委",
      "科技厅",
      "省投资促进局",
      "成都海关",
      "四川出入境检验检疫局",
    ],
  ],
  ["二.(二).1", ["省经济和信息化委"], ["省发展改革委", "科技厅", "商务厅"]],
  // （责任单位：省投资促进局、商务厅，…）: in this style the units before the first comma are
  // joint leads, the convention 列首位的为牵头单位 notwithstanding.
  [
    "二.(二).2",
    ["省投资促进局", "商务厅"],
    ["省发展改革委", "省政府口岸物流办", "成都海关", "四川出入境检验检疫局"],
  ],
  ["二.(二).3", ["省投资促进局"], ["商务厅", "省发展改革委", "省贸促会"]],
  ["二.(三).1", ["省工商局"], ["省知识产权局", "商务厅"]],
  ["二.(三).2", ["商务厅"], ["省贸促会", "省工商局", "四川出入境检验检疫局"]],
  ["二.(四).1", ["科技厅"], ["省发展改革委", "省经济和信息化委", "商务厅", "省投资促进局"]],
  ["二.(四).2", ["科技厅"], ["省发展改革委", "省经济和信息化委"]],
  [
    "二.(四).3",
    ["商务厅"],
    [
      "省政府口岸物流办",
      "省发展改革委",
      "省国税局",
      "成都海关",
      "四川出入境检验检疫局",
      "省外汇管理局",
    ],
  ],
  [
    "二.(四).4",
    ["商务厅"],
    [
      "省贸促会",
      "省发展改革委",
      "省经济和信息化委",
      "成都海关",
      "四川出入境检验检疫局",
      "省外汇管理局",
      "中国信保四川分公司",
    ],
  ],
  [
    "二.(五).1",
    ["省政府口岸物流办"],
    [
      "成都海关",
      "四川出入境检验检疫局",
      "交通运输厅",
      "商务厅",
      "省国税局",
      "省工商局",
      "省外汇管理局",
      "中国信保四川分公司",
    ],
  ],
  [
    "二.(五).2",
    ["省政府口岸物流办"],
    [
      "成都海关",
      "四川出入境检验检疫局",
      "省发展改革委",
      "省经济和信息化委",
      "财政厅",
      "省国税局",
      "省外汇管理局",
      "商务厅",
    ],
  ],
  [
    "二.(五).3",
    ["省政府口岸物流办"],
    [
      "成都海关",
      "四川出入境检验检疫局",
      "交通运输厅",
      "省发展改革委",
      "省经济和信息化委",
      "商务厅",
    ],
  ],
  [
    "三.(一)",
    ["财政厅"],
    [
      "省发展改革委",
      "省经济和信息化委",
      "省国税局",
      "商务厅",
      "科技厅",
      "省工商局",
      "省知识产权局",
      "省投资促进局",
      "省贸促会",
      "成都海关",
      "四川出入境检验检疫局",
      "中国信保四川分公司",
      "省政府金融办",
      "省政府口岸物流办",
    ],
  ],
  ["三.(二)", ["省发展改革委"], ["省经济和信息化委", "商务厅", "科技厅", "财政厅"]],
  ["三.(三)", ["人力资源社会保障厅"], ["省发展改革委", "商务厅", "财政厅", "教育厅", "科技厅"]],
  [
    "三.(四)",
    ["商务厅"],
    [
      "人力资源社会保障厅",
      "省发展改革委",
      "省经济和信息化委",
      "省政府口岸物流办",
      "财政厅",
      "科技厅",
      "省国税局",
      "省工商局",
      "省外汇管理局",
      "省投资促进局",
      "省知识产权局",
      "省贸促会",
      "成都海关",
      "四川出入境检验检疫局",
      "中国信保四川分公司",
    ],
  ],
];
const TJ2017: Expected = [
  ["三.(一).1", ["市工业和信息化委"], ["市科委", "市知识产权局", "市商务委"]],
  ["三.(一).2", ["市商务委"], ["市市场监管委"]],
  ["三.(一).3", ["市商务委"], []],
  ["三.(一).4", ["市商务委"], ["市科委", "市教委"]],
  ["三.(二).1", ["市商务委"], []],
  ["三.(二).2", ["市商务委"], []],
  ["三.(二).3", ["市商务委"], ["自贸试验区管委会", "国家外汇管理局天津市分局"]],
  ["三.(三).1", ["市商务委"], ["市工业和信息化委", "市科委"]],
  ["三.(三).2", ["市发展改革委"], ["市工业和信息化委", "市商务委", "天津检验检疫局"]],
  ["三.(三).3", ["市商务委"], ["天津海关", "天津检验检疫局"]],
  ["三.(四).1", ["市商务委"], ["市发展改革委", "国家外汇管理局天津市分局"]],
  ["三.(四).2", ["市商务委"], ["市发展改革委"]],
  ["三.(五).1", ["市商务委"], ["天津海关", "国家外汇管理局天津市分局"]],
  ["三.(五).2", ["天津海关"], ["市国税局"]],
  ["三.(五).3", ["天津海关"], ["市商务委"]],
  ["三.(五).4", ["天津海关"], ["市商务委", "自贸试验区管委会"]],
  [
    "三.(六).1",
    ["市商务委"],
    ["市财政局", "市科委", "市知识产权局", "市工业和信息化委", "市市场监管委"],
  ],
  [
    "三.(六).2",
    ["市金融局"],
    ["天津保监局", "中国进出口银行天津分行", "中国出口信用保险公司天津分公司"],
  ],
  ["三.(六).3", ["市人力社保局"], []],
  ["三.(六).4", ["市教委"], ["市人力社保局", "市商务委"]],
  [
    "三.(六).5",
    ["市商务委"],
    ["市环保局", "天津海关", "市市场监管委", "市知识产权局", "国家外汇管理局天津市分局"],
  ],
  ["三.(六).6", ["市商务委"], ["各相关部门"]],
];
const SC2023: Expected = [
  [
    "二.1",
    ["经济和信息化厅", "商务厅"],
    ["省发展改革委", "农业农村厅", "省林草局", "省市场监管局", "各市（州）人民政府"],
  ],
  [
    "二.2",
    ["商务厅", "省经济合作局"],
    [
      "财政厅",
      "省市场监管局",
      "省地方金融监管局",
      "四川省税务局",
      "成都海关",
      "中国信保四川分公司",
      "人行成都分行",
      "各市（州）人民政府",
    ],
  ],
  [
    "三.3",
    ["商务厅"],
    [
      "省发展改革委",
      "财政厅",
      "文化和旅游厅",
      "省国资委",
      "省经济合作局",
      "省政府口岸物流办",
      "各市（州）人民政府",
    ],
  ],
  [
    "三.4",
    ["商务厅"],
    ["文化和旅游厅", "省市场监管局（省知识产权局）", "省知识产权中心", "各市（州）人民政府"],
  ],
  [
    "三.5",
    ["商务厅", "成都海关", "各市（州）人民政府"],
    ["省发展改革委", "经济和信息化厅", "交通运输厅", "省市场监管局（省知识产权局）"],
  ],
  ["四.6", ["商务厅"], ["省药监局", "成都海关", "各市（州）人民政府"]],
  [
    "四.7",
    ["经济和信息化厅"],
    ["省发展改革委", "商务厅", "省经济合作局", "省大数据中心", "各市（州）人民政府"],
  ],
  ["四.8", ["商务厅"], ["省发展改革委"]],
  ["四.9", ["商务厅"], ["省发展改革委", "经济和信息化厅", "省市场监管局", "各市（州）人民政府"]],
  ["五.10", ["商务厅", "成都海关", "省政府口岸物流办"], ["各市（州）人民政府"]],
  ["五.11", ["商务厅", "成都海关", "省政府口岸物流办"], ["各市（州）人民政府"]],
  ["五.12", ["商务厅", "成都海关", "省政府口岸物流办"], ["各市（州）人民政府"]],
  [
    "五.13",
    ["省发展改革委", "交通运输厅", "商务厅", "省政府口岸物流办"],
    ["省国资委", "各市（州）人民政府"],
  ],
  [
    "五.14",
    ["商务厅", "成都海关", "省政府口岸物流办"],
    ["省发展改革委", "经济和信息化厅", "各市（州）人民政府"],
  ],
  ["六.15", ["省委外办", "商务厅"], ["省发展改革委", "省国资委", "省贸促会"]],
  [
    "六.16",
    ["经济和信息化厅", "农业农村厅", "商务厅"],
    ["科技厅", "省贸促会", "各市（州）人民政府"],
  ],
  ["六.17", ["省经济合作局", "各市（州）人民政府"], ["省发展改革委", "商务厅"]],
  ["六.18", ["省发展改革委", "商务厅"], ["省贸促会"]],
  [
    "七.19",
    ["财政厅", "商务厅"],
    ["省地方金融监管局", "人行成都分行", "进出口银行四川分行", "中国信保四川分公司"],
  ],
  ["七.20", ["成都海关"], ["省政府口岸物流办", "商务厅", "人行成都分行"]],
  [
    "七.21",
    ["司法厅", "商务厅"],
    ["省发展改革委", "省市场监管局（省知识产权局）", "成都市人民政府"],
  ],
  ["八.22", [], []],
  ["八.23", [], []],
  ["八.24", [], []],
];

describe("2016 Sichuan implementation opinions (四川 加工贸易)", () => {
  const d = docs.sc2016;
  it("has 20 annotated measures and no unassigned ones", () => {
    expect(d.measures).toHaveLength(20);
    expect(annotated(d)).toHaveLength(20);
  });
  it("reads every lead and co-unit list in document order", () => {
    expect(roles(d)).toEqual(SC2016);
  });
  it("drops the 列首位的为牵头单位，下同 convention and keeps it as a convention", () => {
    const first = d.measures[0]!;
    expect(d.document.leadConvention).toBe("列首位的为牵头单位，下同");
    expect(
      d.measures.every((m) =>
        ["FIRST_LISTED", "BEFORE_FIRST_COMMA"].includes(m.responsibility!.rule!),
      ),
    ).toBe(true);
    expect(first.responsibility?.conventions).toEqual(["列首位的为牵头单位，下同"]);
    expect(
      d.measures
        .flatMap((m) => [...m.leadUnits, ...m.coUnits])
        .some((n) => /下同|牵头单位/.test(n)),
    ).toBe(false);
  });
  it("implements 国发〔2016〕4号, cited in its opening", () => {
    expect(d.document.implements).toEqual([
      { title: "国务院关于促进加工贸易创新发展的若干意见", number: "国发〔2016〕4号" },
    ]);
  });
  it("has no title or number in its text, and is recognised as Sichuan's with the 到2020年 target", () => {
    expect(d.document).toMatchObject({
      title: null,
      number: null,
      jurisdiction: "四川省",
      status: "IN_FORCE",
      targetDate: "2020-12-31",
    });
    expect(
      d.measures.every((m) => m.dueDate === "2020-12-31" && m.dueDateSource === "DOCUMENT"),
    ).toBe(true);
  });
  it("gives refs and headings from the numbering", () => {
    expect(d.measures[0]).toMatchObject({
      ref: "二.(一).1",
      heading: "大力承接加工贸易产业转移",
      sections: ["重点工作", "培育加工贸易产业集群"],
    });
    expect(d.measures[16]).toMatchObject({ ref: "三.(一)", heading: "强化政策支持" });
  });
  it("reads a note written without the closing period (三.(三).2 … 新优势（责任单位：…）)", () => {
    expect(d.measures.find((m) => m.ref === "二.(三).2")?.leadUnits).toEqual(["商务厅"]);
  });
});

describe("State Council opinions 国发〔2016〕4号", () => {
  const d = docs.cn2016;
  it("has 30 measures, all unassigned", () => {
    expect(d.measures.length).toBeGreaterThanOrEqual(30);
    expect(d.measures).toHaveLength(30);
    expect(
      d.measures.every(
        (m) => m.leadUnits.length === 0 && m.coUnits.length === 0 && m.responsibility === null,
      ),
    ).toBe(true);
  });
  it("reads the header", () => {
    expect(d.document).toMatchObject({
      title: "国务院关于促进加工贸易创新发展的若干意见",
      number: "国发〔2016〕4号",
      issuer: "国务院",
      jurisdiction: "国务院",
      targetDate: "2020-12-31",
    });
  });
  it("numbers measures (四) to (三十三) under their sections, skipping 总体要求", () => {
    expect(d.measures[0]).toMatchObject({ ref: "二.(四)", heading: "加强产业链分工合作" });
    expect(d.measures[29]).toMatchObject({ ref: "八.(三十三)", heading: "强化地方配套和部门协作" });
  });
});

describe("Tianjin implementation opinions (天津 加工贸易, 2017)", () => {
  const d = docs.tj2017;
  it("has 22 measures: 21 notes and one inline lead", () => {
    expect(d.measures).toHaveLength(22);
    expect(d.measures.filter((m) => m.responsibility?.form === "BRACKET_NOTE")).toHaveLength(21);
    const inline = d.measures.filter((m) => m.responsibility?.form === "INLINE");
    expect(inline.map((m) => m.ref)).toEqual(["三.(六).6"]);
  });
  it("reads every lead and co-unit list in document order", () => {
    expect(roles(d)).toEqual(TJ2017);
  });
  it("reads the two-line title, the signature date, and stops before the signature", () => {
    expect(d.document).toMatchObject({
      title: "天津市人民政府办公厅关于促进我市加工贸易创新发展的实施意见",
      issuer: "天津市人民政府办公厅",
      date: "2017-01-06",
      jurisdiction: "天津市",
    });
    const last = d.measures[d.measures.length - 1]!;
    expect(last.text).not.toMatch(/天津市人民政府办公厅|2017年1月6日|此件主动公开/);
  });
  it("takes a measure's own deadline (到2018年上半年) over the document's", () => {
    expect(d.measures.find((m) => m.ref === "三.(六).3")).toMatchObject({
      dueDate: "2018-06-30",
      dueDateSource: "MEASURE",
    });
  });
});

describe("2020 Sichuan foreign-trade base opinions 川商贸发〔2020〕18号", () => {
  const d = docs.sc2020;
  it("has 9 measures, all unassigned, and leaves the annex out", () => {
    expect(d.measures.length).toBeGreaterThanOrEqual(9);
    expect(d.measures.map((m) => m.ref)).toEqual([
      "三.(一)",
      "三.(二)",
      "三.(三)",
      "三.(四)",
      "三.(五)",
      "四.(一)",
      "四.(二)",
      "四.(三)",
      "四.(四)",
    ]);
    expect(d.measures.every((m) => m.leadUnits.length === 0)).toBe(true);
  });
  it("reads the header of a jointly issued document", () => {
    expect(d.document).toMatchObject({
      title: "关于加快推进四川省外贸转型升级基地建设的实施意见（2020-2025年）",
      number: "川商贸发〔2020〕18号",
      date: "2020-06-09",
      jurisdiction: "四川省",
      targetDate: "2025-12-31",
    });
    expect(d.document.issuer?.split("、")).toHaveLength(9);
    expect(d.document.issuer?.startsWith("四川省商务厅")).toBe(true);
  });
  it("joins lines broken mid-sentence back into one paragraph", () => {
    const m = d.measures.find((x) => x.ref === "三.(三)")!;
    expect(m.text).toContain("进入目标国际市场。");
    expect(m.heading).toBe("建设国际营销网络");
  });
});

describe("2023 Sichuan draft opinions on a trade power (征求意见稿)", () => {
  const d = docs.sc2023;
  it("has 21 annotated measures and 3 unassigned ones", () => {
    expect(d.measures).toHaveLength(24);
    expect(annotated(d)).toHaveLength(21);
    expect(d.measures.filter((m) => m.leadUnits.length === 0).map((m) => m.ref)).toEqual([
      "八.22",
      "八.23",
      "八.24",
    ]);
  });
  it("reads every lead and co-unit list in document order", () => {
    expect(roles(d)).toEqual(SC2023);
  });
  it("is a draft with the 到2027年 target", () => {
    expect(d.document).toMatchObject({
      title: "关于加快建设贸易强省的实施意见",
      status: "DRAFT",
      jurisdiction: "四川省",
      targetDate: "2027-12-31",
    });
  });
  it("keeps measure 1's six paragraphs together under its closing note", () => {
    const m = d.measures[0]!;
    expect(m.text.split("\n")).toHaveLength(8);
    expect(m.text).toContain("发挥电子信息产业集群成链优势");
    expect(m.text).toContain("持续提升能源化工进口生产消费和出口规模");
    expect(m).toMatchObject({ dueDate: "2027-12-31", dueDateSource: "MEASURE" });
  });
  it("keeps unit names that contain full-width parentheses whole", () => {
    const names = d.measures.flatMap((m) => [...m.leadUnits, ...m.coUnits]);
    expect(names).toContain("各市（州）人民政府");
    expect(names).toContain("省市场监管局（省知识产权局）");
    expect(names.some((n) => n === "州" || n.startsWith("省知识产权局"))).toBe(false);
  });
});
