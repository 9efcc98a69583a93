// Link suggestions by text similarity (app/models/measure-similarity.ts): the pure parts, and how
// well they find the national measure each seeded provincial measure carries out, against a
// person's reading of the texts (tests/bench/national-links-gold.ts). The floors are below what
// the function scores today (npm run bench:links prints it), so a change that makes the
// suggestions worse fails here.
import { describe, expect, it } from "vitest";
import { bigrams, comparableRuns, suggestLinks } from "~/models/measure-similarity";
import { score, seededMeasures } from "./bench/link-suggestions";
import { GOLD, NATIONAL_SLUG } from "./bench/national-links-gold";

const m = (id: string, heading: string, text: string) => ({ id, ref: id, heading, text });

describe("what is compared", () => {
  it("leaves out the responsibility note, punctuation and digits", () => {
    expect(
      comparableRuns("加快发展总部经济。到2020年建成3个总部区。（责任单位：省投资促进局，商务厅）"),
    ).toEqual(["加快发展总部经济", "到", "年建成", "个总部区"]);
    expect(comparableRuns("推进通关便利化（省政府口岸物流办、成都海关负责）")).toEqual([
      "推进通关便利化",
    ]);
    // A bracket that is not a note stays.
    expect(comparableRuns("委托设计（ODM）")).toEqual(["委托设计", "ODM"]);
  });

  it("counts character bigrams within runs, never across punctuation", () => {
    expect(Object.fromEntries(bigrams("总部经济，总部"))).toEqual({
      总部: 2,
      部经: 1,
      经济: 1,
    });
  });
});

describe("suggestLinks", () => {
  const national = [
    m("n1", "加快推进内销便利化", "研究取消内销审批，进一步简化内销征税和核销手续。"),
    m("n2", "加强人才队伍建设", "建立加工贸易企业与职业学校合作机制，培养技能人才。"),
    m("n3", "提升金融服务水平", "扩大出口信用保险规模和覆盖面。"),
  ];

  it("ranks the measure that shares the distinctive words first, with its cosine", () => {
    const got = suggestLinks(
      [m("p1", "推动加工贸易内销便利化", "简化内销征税和核销手续，推广内销集中征税。")],
      national,
    ).get("p1")!;
    expect(got[0]).toMatchObject({ id: "n1", ref: "n1" });
    expect(got[0]!.score).toBeGreaterThan(0.3);
    expect(got[0]!.score).toBeLessThanOrEqual(1);
    expect(got.every((s, i) => i === 0 || s.score <= got[i - 1]!.score)).toBe(true);
  });

  it("suggests nothing below the minimum score, and at most `limit`", () => {
    const unrelated = suggestLinks([m("p2", "开通国际班列", "增加中亚班列开行频次。")], national);
    expect(unrelated.get("p2")).toEqual([]);
    const all = suggestLinks([m("p3", "加工贸易", "加工贸易企业")], national, {
      minScore: 0,
      limit: 2,
    });
    expect(all.get("p3")).toHaveLength(2);
  });

  it("keeps the two sides apart when their ids coincide", () => {
    const got = suggestLinks(
      [m("x", "内销便利化", "简化内销征税")],
      [m("x", "内销便利化", "简化内销征税")],
    );
    expect(got.get("x")![0]!.score).toBeCloseTo(1, 5);
  });
});

describe("on the seeds: provincial opinions against 国发〔2016〕4号", () => {
  const national = seededMeasures(NATIONAL_SLUG);

  it("the reference reading covers every measure of both documents", () => {
    for (const slug of Object.keys(GOLD))
      expect(Object.keys(GOLD[slug]!).sort()).toEqual(
        seededMeasures(slug)
          .map((x) => x.ref)
          .sort(),
      );
    const refs = new Set(national.map((x) => x.ref));
    for (const gold of Object.values(GOLD))
      for (const want of Object.values(gold)) for (const r of want) expect(refs).toContain(r);
  });

  it("Sichuan 2016: the top suggestion is right for at least 80 % of those made, a right one among the three shown for 95 %", () => {
    const f = score(
      "sc-2016-processing-trade",
      suggestLinks(seededMeasures("sc-2016-processing-trade"), national),
    );
    expect(f.precision).toBeGreaterThanOrEqual(0.8);
    expect(f.rightInTop3).toBeGreaterThanOrEqual(0.95);
    expect(f.coverage).toBeGreaterThanOrEqual(0.9);
  });

  it("Tianjin 2017: the top suggestion is right for at least 95 %", () => {
    const f = score(
      "tj-2017-processing-trade",
      suggestLinks(seededMeasures("tj-2017-processing-trade"), national),
    );
    expect(f.precision).toBeGreaterThanOrEqual(0.95);
    expect(f.rightInTop3).toBe(1);
  });

  it("suggests nothing for the Sichuan measure with no national counterpart (国际通道)", () => {
    const got = suggestLinks(seededMeasures("sc-2016-processing-trade"), national);
    expect(got.get("二.(五).3")).toEqual([]);
  });
});
