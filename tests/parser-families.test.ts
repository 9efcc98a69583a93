// Notation families of documents the parser has never seen (issue 13 §3). Each document is short,
// written for this test in the style of its family, so that a failure names the family misread.
import { describe, expect, it } from "vitest";
import { parseDocument, type ParsedMeasure } from "~/ingest/parse-document";

const roles = (m: ParsedMeasure) => ({ ref: m.ref, lead: m.leadUnits, co: m.coUnits });
const byRef = (ms: ParsedMeasure[], ref: string) => {
  const m = ms.find((x) => x.ref === ref);
  if (!m) throw new Error(`no measure ${ref} in ${ms.map((x) => x.ref).join(" ")}`);
  return m;
};

describe("State Council style: （A、B负责） with the convention inside the first note", () => {
  const text = [
    "国务院关于加快发展现代物流业的意见",
    "国发〔2031〕7号",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "根据《中共中央 国务院关于加快建设全国统一大市场的意见》（中发〔2030〕14号），现提出以下意见。",
    "一、总体要求",
    "到2035年，现代物流体系基本建成。",
    "二、重点任务",
    "（一）优化物流网络布局。建设一批国家物流枢纽，完善干线通道（发展改革委、交通运输部、商务部负责，列第一位者为牵头单位，下同）。保障枢纽建设用地（自然资源部、发展改革委等负责）。",
    "（二）加大金融支持。引导金融机构创新供应链金融产品（人民银行等有关部门负责）。支持符合条件的物流企业发行债券（发展改革委、证监会等和各省级人民政府负责）。",
    "（三）强化统筹协调。建立部门协同推进机制（商务部会同有关部门负责）。",
    "（四）培育专业人才。加强物流职业技能培训（人力资源社会保障部、教育部、交通运输部，各省级人民政府按职责分工负责）。",
    "（五）深化国际合作。推进国际物流通道建设（外交部、商务部分别牵头，发展改革委参与）。开展海外仓建设试点（商务部牵头，海关总署、税务总局参与）。",
    "（六）加强督促指导。组织开展年度评估（国务院办公厅指导，发展改革委参与）。完善统计监测体系（国家统计局、发展改革委指导）。",
  ].join("\n");
  const d = parseDocument(text);

  it("reads the convention once and applies it to every note", () => {
    expect(d.document.leadConvention).toBe("列第一位者为牵头单位，下同");
    expect(d.document.implements).toEqual([
      { title: "中共中央 国务院关于加快建设全国统一大市场的意见", number: "中发〔2030〕14号" },
    ]);
  });
  it("splits a measure at each note and reads every list", () => {
    expect(d.measures.map(roles)).toEqual([
      { ref: "二.(一)-1", lead: ["发展改革委"], co: ["交通运输部", "商务部"] },
      { ref: "二.(一)-2", lead: ["自然资源部"], co: ["发展改革委"] },
      { ref: "二.(二)-1", lead: ["人民银行"], co: [] },
      { ref: "二.(二)-2", lead: ["发展改革委"], co: ["证监会", "各省级人民政府"] },
      { ref: "二.(三)", lead: ["商务部"], co: ["有关部门"] },
      {
        ref: "二.(四)",
        lead: ["人力资源社会保障部"],
        co: ["教育部", "交通运输部", "各省级人民政府"],
      },
      { ref: "二.(五)-1", lead: ["外交部", "商务部"], co: ["发展改革委"] },
      { ref: "二.(五)-2", lead: ["商务部"], co: ["海关总署", "税务总局"] },
      { ref: "二.(六)-1", lead: ["国务院办公厅"], co: ["发展改革委"] },
      { ref: "二.(六)-2", lead: ["国家统计局"], co: ["发展改革委"] },
    ]);
  });
  it("keeps each task's own sentences and the measure's heading", () => {
    const [first, second] = d.measures;
    expect(first!.text).toBe(
      "优化物流网络布局。建设一批国家物流枢纽，完善干线通道（发展改革委、交通运输部、商务部负责，列第一位者为牵头单位，下同）。",
    );
    expect(second!.text).toBe("保障枢纽建设用地（自然资源部、发展改革委等负责）。");
    expect(second!.heading).toBe("优化物流网络布局");
    expect(second!.note).toBe("（自然资源部、发展改革委等负责）");
  });
  it("marks 有关部门 as generic and 各省级人民政府 as a collective; no warnings", () => {
    expect(byRef(d.measures, "二.(三)").genericUnits).toEqual(["有关部门"]);
    expect(byRef(d.measures, "二.(四)").collectives).toEqual(["各省级人民政府"]);
    expect(d.warnings).toEqual([]);
  });
  it("takes the target of 总体要求 for every task", () => {
    expect(d.measures.every((m) => m.dueDate === "2035-12-31")).toBe(true);
  });
});

describe("other wordings of the convention", () => {
  it("排在第一位的部门为牵头部门，下同", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "（一）推进标准化建设。制定行业标准（市场监管总局、工业和信息化部负责。排在第一位的部门为牵头部门，下同）。",
        "（二）完善质量认证。推广高端品质认证（市场监管总局，各省级人民政府负责）。",
      ].join("\n"),
    );
    expect(d.document.leadConvention).toBe("排在第一位的部门为牵头部门，下同");
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.(一)", lead: ["市场监管总局"], co: ["工业和信息化部"] },
      { ref: "一.(二)", lead: ["市场监管总局"], co: ["各省级人民政府"] },
    ]);
  });
  it("除标注“分别牵头”外，列第一位为牵头或汇总单位: 分别牵头 marks joint leads", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "（一）强化科技支撑。组织关键技术攻关（科技部、工业和信息化部负责。除标注“分别牵头”外，列第一位为牵头或汇总单位，下同）。",
        "（二）完善财税政策。落实税收优惠政策（财政部、税务总局按职责分工分别牵头）。加大资金支持（财政部、发展改革委，各省级人民政府按职责分工负责）。",
      ].join("\n"),
    );
    expect(d.document.leadConvention).toBe("除标注“分别牵头”外，列第一位为牵头或汇总单位，下同");
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.(一)", lead: ["科技部"], co: ["工业和信息化部"] },
      { ref: "一.(二)-1", lead: ["财政部", "税务总局"], co: [] },
      { ref: "一.(二)-2", lead: ["财政部"], co: ["发展改革委", "各省级人民政府"] },
    ]);
    expect(d.measures[1]!.responsibility?.rule).toBe("NAMED_LEADS");
  });
  it("A、B牵头负责 names joint leads in any document", () => {
    const d = parseDocument(
      "一、重点任务\n1．建设物流园区（省交通运输厅、省商务厅牵头负责，省自然资源厅参与）",
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省交通运输厅", "省商务厅"], co: ["省自然资源厅"] },
    ]);
  });
});

describe("the comma rule, with and without a convention", () => {
  const measures = [
    "1．建设跨境电商产业园。（责任单位：省商务厅、省发展改革委，省财政厅、省税务局）",
    "2．开展外贸企业培训。（责任单位：省商务厅，各市（州）人民政府）",
  ];
  it("without a convention, the units before the first comma are joint leads", () => {
    const d = parseDocument(["一、重点任务", ...measures].join("\n"));
    expect(d.document.leadConvention).toBeNull();
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省商务厅", "省发展改革委"], co: ["省财政厅", "省税务局"] },
      { ref: "一.2", lead: ["省商务厅"], co: ["各市（州）人民政府"] },
    ]);
    expect(d.measures[0]!.responsibility?.rule).toBe("BEFORE_FIRST_COMMA");
  });
  it("under 列首位的为牵头单位 too, departments before the first comma are joint leads", () => {
    // The 2016 Sichuan style: （责任单位：商务厅，省投资促进局、成都海关。列首位的为牵头单位，下同。）
    const first = measures[0]!.replace("）", "。列首位的为牵头单位，下同。）");
    const d = parseDocument(["一、重点任务", first, measures[1]!].join("\n"));
    expect(d.document.leadConvention).toBe("列首位的为牵头单位，下同");
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省商务厅", "省发展改革委"], co: ["省财政厅", "省税务局"] },
      { ref: "一.2", lead: ["省商务厅"], co: ["各市（州）人民政府"] },
    ]);
  });
  it("under a first-listed convention, a comma before governments sets them apart: A alone leads", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1．建设跨境电商产业园。（责任单位：省商务厅、省发展改革委、省财政厅，各市（州）人民政府。列第一位者为牵头单位，下同）",
        "2．开展外贸企业培训。（责任单位：省商务厅、省人力资源社会保障厅，成都市人民政府、绵阳市人民政府）",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      {
        ref: "一.1",
        lead: ["省商务厅"],
        co: ["省发展改革委", "省财政厅", "各市（州）人民政府"],
      },
      {
        ref: "一.2",
        lead: ["省商务厅"],
        co: ["省人力资源社会保障厅", "成都市人民政府", "绵阳市人民政府"],
      },
    ]);
  });
  it("a 按职责分工负责 list is read first-listed whatever its commas", () => {
    const d = parseDocument(
      "一、重点任务\n1．完善口岸设施。（省口岸物流办、成都海关，各市（州）人民政府按职责分工负责）",
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省口岸物流办"], co: ["成都海关", "各市（州）人民政府"] },
    ]);
  });
});

describe("several notes in one measure, and unnumbered paragraphs", () => {
  it("each note closes a task made of the text since the previous note", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "（一）提升通关效率。",
        "推广提前申报模式，压缩整体通关时间（责任单位：成都海关）。",
        "深化国际贸易“单一窗口”建设，2025年底前实现主要业务全覆盖。（责任单位：省口岸物流办，成都海关）",
        "（二）降低物流成本。清理规范口岸收费。",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.(一)-1", lead: ["成都海关"], co: [] },
      { ref: "一.(一)-2", lead: ["省口岸物流办"], co: ["成都海关"] },
      { ref: "一.(二)", lead: [], co: [] },
    ]);
    expect(d.measures[0]!.text).toBe(
      "提升通关效率。\n推广提前申报模式，压缩整体通关时间（责任单位：成都海关）。",
    );
    expect(d.measures[1]).toMatchObject({ heading: "提升通关效率", dueDate: "2025-12-31" });
  });
  it("a note on the opening line, the body below it: one task", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1．加快建设物流园区（责任单位：市交通运输局，市商务局）",
        "围绕枢纽建设，完善园区配套设施。",
        "推进多式联运发展。",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["市交通运输局"], co: ["市商务局"] },
    ]);
    expect(d.measures[0]!.text.split("\n")).toHaveLength(3);
    expect(d.warnings).toEqual([]);
  });
  it("a note on a section's heading covers the measures below it that have none", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "（一）加强产业链合作（牵头单位：市商务局；配合单位：市财政局）",
        "1．引进龙头企业。",
        "2．培育配套企业。由市工业和信息化局牵头，各区配合。",
        "3．建设产业园区。（责任单位：市发展改革委）",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.(一).1", lead: ["市商务局"], co: ["市财政局"] },
      { ref: "一.(一).2", lead: ["市工业和信息化局"], co: ["各区"] },
      { ref: "一.(一).3", lead: ["市发展改革委"], co: [] },
    ]);
    expect(d.measures[0]!.responsibility).toMatchObject({
      from: "一.(一)",
      note: "（牵头单位：市商务局；配合单位：市财政局）",
    });
    expect(d.measures[2]!.responsibility?.from).toBeUndefined();
  });
  it("text after the last note is a task of its own, unassigned and warned", () => {
    const d = parseDocument(
      "一、重点任务\n1．加快园区建设（省经济合作局负责）。同时做好招商引资工作。",
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1-1", lead: ["省经济合作局"], co: [] },
      { ref: "一.1-2", lead: [], co: [] },
    ]);
    expect(d.warnings).toEqual([
      { ref: "一.1-2", message: "这段文字在最后一个责任分工之后，没有写明责任单位" },
    ]);
  });
  it("unnumbered paragraphs of a section that end in notes are tasks", () => {
    const d = parseDocument(
      [
        "一、保障措施",
        "各地要建立工作专班，定期调度工作进展（责任单位：各市（州）人民政府）。",
        "省级部门要加强业务指导（省发展改革委会同有关部门负责）。",
        "（一）加强考核。将工作纳入年度目标考核。（责任单位：省政府督查室）",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一-1", lead: ["各市（州）人民政府"], co: [] },
      { ref: "一-2", lead: ["省发展改革委"], co: ["有关部门"] },
      { ref: "一.(一)", lead: ["省政府督查室"], co: [] },
    ]);
    expect(d.measures[1]!.heading).toBe("省级部门要加强业务指导");
  });
  it("a text with no numbering at all: every paragraph that ends in a note", () => {
    const d = parseDocument(
      [
        "关于做好稳就业工作的通知",
        "各县（市、区）人民政府：",
        "现就做好稳就业工作通知如下。",
        "加大援企稳岗力度，落实失业保险稳岗返还政策（责任单位：市人力资源社会保障局，市财政局）。",
        "拓宽就业渠道，开发一批公益性岗位（责任单位：市人力资源社会保障局、市民政局，各县（市、区）人民政府）。",
        "某市人民政府",
        "2031年5月6日",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "1", lead: ["市人力资源社会保障局"], co: ["市财政局"] },
      {
        ref: "2",
        lead: ["市人力资源社会保障局", "市民政局"],
        co: ["各县（市、区）人民政府"],
      },
    ]);
    expect(d.measures[0]!.heading).toBe("加大援企稳岗力度，落实失业保险稳岗返还政策");
    expect(d.document).toMatchObject({ issuer: "某市人民政府", date: "2031-05-06" });
  });
});

describe("a notice that issues a plan (关于印发…的通知)", () => {
  const notice = [
    "某市人民政府办公室关于印发《某市推进外贸高质量发展行动方案》的通知",
    "某府办发〔2031〕3号",
    "各区人民政府，市政府各部门：",
    "现将《某市推进外贸高质量发展行动方案》印发给你们，请结合实际认真贯彻执行。",
  ];
  const plan = [
    "某市人民政府办公室",
    "2031年3月1日",
    "（此件公开发布）",
    "某市推进外贸高质量发展行动方案",
    "为贯彻落实《某省人民政府关于推进外贸高质量发展的实施意见》（某政发〔2030〕12号），制定本方案。",
    "一、主要目标",
    "到2033年，全市外贸进出口总额突破1000亿元。",
    "二、重点任务",
    "1．培育外贸主体。新增有进出口实绩企业200家。（责任单位：市商务局，市财政局）",
    "2．拓展国际市场。组织企业参加境外展会。（责任单位：市商务局、市贸促会）",
  ];
  it("reads the measures of the plan after the notice's signature and date", () => {
    const d = parseDocument([...notice, ...plan].join("\n"));
    expect(d.measures.map((m) => m.ref)).toEqual(["二.1", "二.2"]);
    expect(d.document).toMatchObject({
      title: "某市人民政府办公室关于印发《某市推进外贸高质量发展行动方案》的通知",
      planTitle: "某市推进外贸高质量发展行动方案",
      number: "某府办发〔2031〕3号",
      issuer: "某市人民政府办公室",
      date: "2031-03-01",
      targetDate: "2033-12-31",
      implements: [
        { title: "某省人民政府关于推进外贸高质量发展的实施意见", number: "某政发〔2030〕12号" },
      ],
    });
  });
  it("is not cut off by numbered requirements in the notice itself", () => {
    const numbered = [
      ...notice.slice(0, 3),
      "现将《某市推进外贸高质量发展行动方案》印发给你们，并提出以下要求：",
      "一、提高思想认识。各地各部门要高度重视。",
      "二、加强组织实施。各区要制定具体措施。",
    ];
    const d = parseDocument([...numbered, ...plan].join("\n"));
    expect(d.measures.map(roles)).toEqual([
      { ref: "二.1", lead: ["市商务局"], co: ["市财政局"] },
      { ref: "二.2", lead: ["市商务局"], co: ["市贸促会"] },
    ]);
  });
});

describe("labelled lines after a measure", () => {
  const d = parseDocument(
    [
      "某市促进外贸稳规模优结构若干措施",
      "1.培育外贸主体。实施外贸主体培育工程。",
      "责任单位：市商务局、市财政局，各区人民政府",
      "时限要求：持续推进",
      "2.拓展国际市场。组织企业参加境外重点展会。",
      "牵头责任单位：市商务局。",
      "协同责任单位：市贸促会、市财政局等，各县、市、区政府。",
      "完成时限：2032年6月底前",
      "牵头市领导：王某某",
      "3.建设跨境电商综试区。推动跨境电商产业园提质扩容。",
      "牵头单位：市商务局",
      "配合单位：市发展改革委、市税务局",
      "牵头负责领导：李某某副市长",
      "4.优化出口退税服务。压缩退税办理时间。（责任单位：市税务局）",
      "完成时限：2032年底",
    ].join("\n"),
  );
  it("reads units, leaders and deadlines from the labels", () => {
    expect(d.measures.map((m) => [m.ref, m.leadUnits, m.coUnits, m.leader])).toEqual([
      ["1", ["市商务局", "市财政局"], ["各区人民政府"], null],
      ["2", ["市商务局"], ["市贸促会", "市财政局", "各县、市、区政府"], "王某某"],
      ["3", ["市商务局"], ["市发展改革委", "市税务局"], "李某某副市长"],
      ["4", ["市税务局"], [], null],
    ]);
  });
  it("a label line just above the signature stays with the last measure", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1．培育外贸主体。（责任单位：市商务局）",
        "完成时限：2032年6月底前",
        "某市人民政府办公室",
        "2031年3月1日",
      ].join("\n"),
    );
    expect(d.measures[0]).toMatchObject({ dueDate: "2032-06-30", dueDateText: "2032年6月底前" });
    expect(d.document).toMatchObject({ issuer: "某市人民政府办公室", date: "2031-03-01" });
    expect(d.warnings).toEqual([]);
  });
  it("a person is never a unit", () => {
    const names = d.measures.flatMap((m) => [...m.leadUnits, ...m.coUnits]);
    expect(names.some((n) => /王某某|李某某/.test(n))).toBe(false);
  });
  it("时限要求：持续推进 is a measure without a date; 完成时限 gives one", () => {
    expect(d.measures.map((m) => [m.dueDate, m.dueDateSource, m.dueDateText])).toEqual([
      [null, "MEASURE", "持续推进"],
      ["2032-06-30", "MEASURE", "2032年6月底前"],
      [null, null, null],
      ["2032-12-31", "MEASURE", "2032年底"],
    ]);
  });
  it("keeps the note as written and the collective", () => {
    expect(d.measures[1]!.note).toBe(
      "牵头责任单位：市商务局。\n协同责任单位：市贸促会、市财政局等，各县、市、区政府。\n完成时限：2032年6月底前\n牵头市领导：王某某",
    );
    expect(d.measures[1]!.collectives).toEqual(["各县、市、区政府"]);
    expect(d.measures[3]!.text).toBe(
      "优化出口退税服务。压缩退税办理时间。（责任单位：市税务局）\n完成时限：2032年底",
    );
    expect(d.warnings).toEqual([]);
  });
});

describe("numbering and punctuation", () => {
  it("a page normalised to ASCII punctuation: (责任单位:A、B,C) and half-width dots", () => {
    const d = parseDocument(
      [
        "某省人民政府办公厅关于促进消费的若干措施",
        "各市(州)人民政府,省政府各部门:",
        "一.扩大商品消费",
        "(一)扩大汽车消费.开展汽车下乡活动.(责任单位:省商务厅、省发展改革委,省财政厅)",
        "(二)提升服务消费.落实带薪休假制度(省人力资源社会保障厅负责).",
      ].join("\n"),
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.(一)", lead: ["省商务厅", "省发展改革委"], co: ["省财政厅"] },
      { ref: "一.(二)", lead: ["省人力资源社会保障厅"], co: [] },
    ]);
    expect(d.measures.map((m) => m.heading)).toEqual(["扩大汽车消费", "提升服务消费"]);
  });
  it("four-digit measure numbers and headings that begin with a digit", () => {
    const d = parseDocument(
      [
        "某市数字经济重点任务",
        "1001．推进数据要素市场建设。（责任单位：市数据局，市发展改革委）",
        "1002．5G网络覆盖提升。新建基站3000个。（责任单位：市通信管理办，市住房城乡建设局）",
        "1003．2032年重点项目建设。完成投资100亿元。（责任单位：市发展改革委）",
      ].join("\n"),
    );
    expect(d.measures.map((m) => [m.ref, m.heading, m.leadUnits[0]])).toEqual([
      ["1001", "推进数据要素市场建设", "市数据局"],
      ["1002", "5G网络覆盖提升", "市通信管理办"],
      ["1003", "2032年重点项目建设", "市发展改革委"],
    ]);
  });
  it("1.5G after an ASCII dot is numbering when it continues the list, a decimal otherwise", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1.建设千兆城市。（责任单位：市经济和信息化局）",
        "2.5G应用推广。打造应用场景。（责任单位：市通信管理办）",
        "3.提升网络能力。城区平均带宽提高到",
        "1.5倍以上。（责任单位：市通信管理办）",
      ].join("\n"),
    );
    expect(d.measures.map((m) => [m.ref, m.heading])).toEqual([
      ["一.1", "建设千兆城市"],
      ["一.2", "5G应用推广"],
      ["一.3", "提升网络能力"],
    ]);
    expect(d.measures[2]!.text).toBe(
      "提升网络能力。城区平均带宽提高到1.5倍以上。（责任单位：市通信管理办）",
    );
  });
});

describe("more numbering: 第一部分, （一）、, a heading that closes with its note", () => {
  it("reads parts, numbers followed by 、 and headings without the note", () => {
    const d = parseDocument(
      [
        "第一部分 总体要求",
        "到2033年实现目标。",
        "第二部分 重点任务",
        "（一）、加强协调。做好甲项工作。（责任单位：市商务局）",
        "（二）推进改革",
        "（1）、深化审批改革（市政务服务局负责）。",
      ].join("\n"),
    );
    expect(d.measures.map((m) => [m.ref, m.heading, m.leadUnits, m.dueDate])).toEqual([
      ["第二部分.(一)", "加强协调", ["市商务局"], "2033-12-31"],
      ["第二部分.(二).(1)", "深化审批改革", ["市政务服务局"], "2033-12-31"],
    ]);
  });
});

describe("outline numbering 1.1 / 1.1.1", () => {
  it("nests under 1. and keeps decimals (1.5倍) and 3.5G as text and headings", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1.完善基础设施",
        "1.1 建设物流园区。（责任单位：市交通运输局）",
        "1.2 建设冷链设施。加快建设，冷库容量达到现有的",
        "1.5倍以上。（责任单位：市商务局）",
        "1.3 提升服务。（责任单位：市商务局）",
        "2.优化环境",
        "2.1 推进改革。（责任单位：市政务服务局）",
        "3.5G应用。（责任单位：市通信管理办）",
      ].join("\n"),
    );
    expect(d.measures.map((m) => [m.ref, m.heading, m.leadUnits[0]])).toEqual([
      ["一.1.1", "建设物流园区", "市交通运输局"],
      ["一.1.2", "建设冷链设施", "市商务局"],
      ["一.1.3", "提升服务", "市商务局"],
      ["一.2.1", "推进改革", "市政务服务局"],
      ["一.3", "5G应用", "市通信管理办"],
    ]);
    expect(d.measures[1]!.text).toBe(
      "建设冷链设施。加快建设，冷库容量达到现有的1.5倍以上。（责任单位：市商务局）",
    );
    expect(d.measures[1]!.sections).toEqual(["重点任务", "完善基础设施"]);
  });
});

describe("notations from DOMAIN.md", () => {
  it("〔责任单位：…〕 with a sentence that only explains", () => {
    const d = parseDocument(
      "一、重点任务\n1．建设重点项目。〔责任单位：市发展改革委、市财政局按职责分工负责。以上各项均由列明单位负责。〕",
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["市发展改革委"], co: ["市财政局"] },
    ]);
    expect(d.measures[0]!.responsibility?.conventions).toEqual(["以上各项均由列明单位负责"]);
    expect(d.warnings).toEqual([]);
  });
  it("X为牵头单位，Y为配合单位", () => {
    const d = parseDocument(
      "一、重点任务\n1．建设公共海外仓。（市商务局为牵头单位，市财政局、市交通运输局为配合单位）",
    );
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["市商务局"], co: ["市财政局", "市交通运输局"] },
    ]);
  });
  it("a bare list of units right after a sentence", () => {
    const d = parseDocument("一、重点任务\n1．完善冷链物流设施。（省发展改革委、省商务厅）");
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省发展改革委"], co: ["省商务厅"] },
    ]);
  });
});

describe("variants of the same families", () => {
  const d = parseDocument(
    [
      "一、重点任务",
      "1．推进乡村振兴。（省农业农村厅、省乡村振兴局负责，各市（州）人民政府落实）",
      "2．建设物流枢纽。（市交通运输局负责，市发展改革委、市自然资源局配合）",
      "3．完善标准体系。【责任单位】市市场监管局【配合单位】市工业和信息化局",
      "4．建设冷链设施（责任单位：市交通运输局）（完成时限：2032年12月底前）。",
      "5．发展先进制造业。（省发展改革委牵头，省工业和信息化厅、省商务厅等按职责分工负责）",
      "6．优化营商环境。（牵头单位：市发展改革委；责任单位：各区政府、市有关部门）",
    ].join("\n"),
  );
  it("reads each as its family", () => {
    expect(d.measures.map(roles)).toEqual([
      { ref: "一.1", lead: ["省农业农村厅"], co: ["省乡村振兴局", "各市（州）人民政府"] },
      { ref: "一.2", lead: ["市交通运输局"], co: ["市发展改革委", "市自然资源局"] },
      { ref: "一.3", lead: ["市市场监管局"], co: ["市工业和信息化局"] },
      { ref: "一.4", lead: ["市交通运输局"], co: [] },
      { ref: "一.5", lead: ["省发展改革委"], co: ["省工业和信息化厅", "省商务厅"] },
      { ref: "一.6", lead: ["市发展改革委"], co: ["各区政府", "市有关部门"] },
    ]);
    expect(d.measures[5]!.genericUnits).toEqual(["市有关部门"]);
    expect(d.warnings).toEqual([]);
  });
  it("a second note for the same words keeps the paragraph whole", () => {
    expect(d.measures[3]).toMatchObject({
      text: "建设冷链设施（责任单位：市交通运输局）（完成时限：2032年12月底前）。",
      dueDate: "2032-12-31",
      note: "（责任单位：市交通运输局）\n（完成时限：2032年12月底前）",
    });
  });
});

describe("an annex that assigns units is not read, and says so", () => {
  it("warns once for the document", () => {
    const d = parseDocument(
      [
        "一、重点任务",
        "1．做好甲项工作。（责任单位：市商务局）",
        "附件",
        "重点任务分工表",
        "1．甲项工作细化。（责任单位：市商务局，市财政局）",
        "2．乙项工作细化。（责任单位：市财政局）",
      ].join("\n"),
    );
    expect(d.measures.map((m) => m.ref)).toEqual(["一.1"]);
    expect(d.warnings).toEqual([
      {
        ref: null,
        message: "正文之后（附件或落款以下）还有 2 段写有责任分工的文字未读入，请核对附件",
      },
    ]);
  });
});

describe("what cannot be classified is a warning with the measure's ref", () => {
  const d = parseDocument(
    [
      "一、重点任务",
      "1．强化信用建设。建立失信惩戒机制（责任单位：市发展改革委，市市场监管局。",
      "2．推进公平竞争。开展公平竞争审查（责任单位：市市场监管局，各区（县人民政府）。",
      "3．加强宣传。做好政策解读。责任单位：市委宣传部）",
      "4．优化服务。推行帮办代办（有关部门负责）。",
      "5．改善环境。开展专项整治。（责任单位：市生态环境局；完成时限：尽快）",
      "6．加强调度。定期通报进展，由各责任单位按职责分工负责推进落实，并及时报送情况。",
    ].join("\n"),
  );
  it("a note whose brackets do not balance keeps its units and is warned", () => {
    expect(d.measures.slice(0, 3).map(roles)).toEqual([
      { ref: "一.1", lead: ["市发展改革委"], co: ["市市场监管局"] },
      { ref: "一.2", lead: ["市市场监管局"], co: ["各区（县人民政府"] },
      { ref: "一.3", lead: ["市委宣传部"], co: [] },
    ]);
    const refs = (re: RegExp) => d.warnings.filter((w) => re.test(w.message)).map((w) => w.ref);
    expect(refs(/括号不配对/)).toEqual(["一.1", "一.2", "一.3"]);
  });
  it("a generic lead, an unreadable deadline and a cue without a note are warned", () => {
    expect(d.warnings.filter((w) => !/括号不配对/.test(w.message))).toEqual([
      { ref: "一.4", message: "牵头单位不具体：有关部门" },
      { ref: "一.5", message: "完成时限无法识别：尽快" },
      { ref: "一.6", message: "文中像是写了责任分工，但未能识别" },
    ]);
    expect(d.measures[3]!.warnings).toEqual(["牵头单位不具体：有关部门"]);
  });
});
