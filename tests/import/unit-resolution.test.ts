// How unit names resolve against a jurisdiction's directory (pure: a snapshot built from
// seeds/units.json, with some aliases taken out to see suggestions).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  needsDecision,
  shortForm,
  unitResolver,
  type DirectorySnapshot,
  type NameResolution,
} from "~/models/unit-resolution";
import { readUnitDirectory, unitKey } from "~/seed/unit-directory";

const seeds = readUnitDirectory(
  JSON.parse(readFileSync(path.resolve(__dirname, "../../seeds/units.json"), "utf8")),
);

/** The seed directory of one jurisdiction as the loader would give it, minus some aliases. */
function snapshot(code: string, without: string[] = []): DirectorySnapshot {
  const j = seeds.jurisdictions.find((x) => x.code === code)!;
  const units = seeds.units.filter((u) => u.jurisdiction === code);
  const id = (name: string) => `${code}:${unitKey(name)}`;
  return {
    jurisdiction: { id: code, code, name: j.name, level: j.level },
    units: units.map((u) => ({
      id: id(u.name),
      name: u.name,
      kind: u.kind,
      recognized: true,
      successorId: u.successor ? id(u.successor.name) : null,
      members: u.members?.length,
    })),
    aliases: units.flatMap((u) =>
      [...u.aliases, ...u.abbreviations]
        .filter((a) => !without.includes(a))
        .map((alias) => ({ alias, unitId: id(u.name) })),
    ),
  };
}

const sc = unitResolver(snapshot("SC"));
const bare = unitResolver(
  snapshot("SC", ["省发改委", "人行成都分行", "人民银行成都分行", "省人社厅"]),
);

function unitOf(r: NameResolution): string | null {
  return "unit" in r ? r.unit.name : r.kind === "SUGGESTION" ? r.suggestions[0]!.unit.name : null;
}

describe("unit resolution", () => {
  it("a unit's own name is exact", () => {
    expect(sc.resolve("商务厅")).toMatchObject({ kind: "EXACT", unit: { name: "商务厅" } });
  });

  it("another name of a unit is an alias of it", () => {
    expect(sc.resolve("四川省商务厅")).toMatchObject({
      kind: "ALIAS",
      unit: { name: "商务厅" },
      alias: "四川省商务厅",
    });
  });

  it("a renamed unit's name, or an alias of it, goes to today's unit", () => {
    expect(sc.resolve("省经济和信息化委")).toMatchObject({
      kind: "SUCCESSOR",
      unit: { name: "经济和信息化厅" },
      from: { name: "省经济和信息化委" },
    });
    // Two renames: 省政府金融办 → 省金融工作局 → 省地方金融监管局.
    expect(sc.resolve("省金融办")).toMatchObject({
      kind: "SUCCESSOR",
      unit: { name: "省地方金融监管局" },
      from: { name: "省政府金融办" },
    });
    expect(sc.resolve("人行成都分行")).toMatchObject({
      kind: "SUCCESSOR",
      unit: { name: "中国人民银行四川省分行" },
      from: { name: "中国人民银行成都分行" },
    });
  });

  it("a collective, written with half-width brackets too", () => {
    expect(sc.resolve("各市(州)人民政府")).toMatchObject({
      kind: "COLLECTIVE",
      unit: { name: "各市（州）人民政府" },
      members: 21,
    });
  });

  it("有关部门 names no unit", () => {
    expect(sc.resolve("有关部门")).toEqual({ kind: "GENERIC" });
    expect(needsDecision(sc.resolve("有关部门"))).toBe(false);
  });

  it("an abbreviation the directory lacks is suggested: 省发改委 → 省发展改革委", () => {
    const r = bare.resolve("省发改委");
    expect(r.kind).toBe("SUGGESTION");
    expect(r).toMatchObject({
      suggestions: [{ unit: { name: "省发展改革委" }, reason: "ABBREVIATION" }],
    });
    expect(needsDecision(r)).toBe(true);
    expect(unitOf(bare.resolve("省人社厅"))).toBe("人力资源社会保障厅");
  });

  it("人行成都分行 without its alias: through 中国人民银行成都分行 to its successor", () => {
    const r = bare.resolve("人行成都分行");
    expect(r).toMatchObject({
      kind: "SUGGESTION",
      suggestions: [
        {
          unit: { name: "中国人民银行四川省分行" },
          from: { name: "中国人民银行成都分行" },
          reason: "ABBREVIATION",
        },
      ],
    });
  });

  it("a missing or extra jurisdiction prefix is suggested", () => {
    expect(bare.resolve("发展改革委")).toMatchObject({
      kind: "SUGGESTION",
      suggestions: [{ unit: { name: "省发展改革委" }, reason: "PREFIX" }],
    });
    expect(bare.resolve("四川省司法厅")).toMatchObject({ kind: "ALIAS" });
    expect(bare.resolve("四川省民族宗教委")).toMatchObject({ kind: "UNKNOWN" });
    expect(bare.resolve("四川司法厅")).toMatchObject({
      kind: "SUGGESTION",
      suggestions: [{ unit: { name: "司法厅" }, reason: "PREFIX" }],
    });
  });

  it("a near spelling is suggested with its similarity; a stranger is unknown", () => {
    const r = bare.resolve("省市场监督局");
    expect(r.kind).toBe("SUGGESTION");
    expect(unitOf(r)).toBe("省市场监管局");
    expect(bare.resolve("省航天局")).toEqual({ kind: "UNKNOWN", recorded: null });
  });

  it("Tianjin's directory is its own: 商务厅 is not a Tianjin unit", () => {
    const tj = unitResolver(snapshot("TJ"));
    expect(tj.resolve("市商务委")).toMatchObject({ kind: "SUCCESSOR", unit: { name: "市商务局" } });
    expect(tj.resolve("商务厅").kind).not.toBe("EXACT");
    expect(tj.resolve("天津市发改委")).toMatchObject({
      kind: "SUGGESTION",
      suggestions: [{ unit: { name: "市发展改革委" } }],
    });
  });

  it("short forms bring long and short names together", () => {
    expect(shortForm("省发展和改革委员会")).toBe(shortForm("省发改委"));
    expect(shortForm("成都市人民政府")).toBe(shortForm("成都市政府"));
  });
});
