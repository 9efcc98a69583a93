import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DirectoryError, readUnitDirectory } from "~/seed/unit-directory";

const real = JSON.parse(readFileSync(path.resolve(__dirname, "../seeds/units.json"), "utf8"));

describe("unit directory", () => {
  it("the committed directory is valid and has what the documents need", () => {
    const d = readUnitDirectory(real);
    const sc = d.units.filter((u) => u.jurisdiction === "SC");
    const cities = sc.find((u) => u.name === "各市（州）人民政府")!;
    expect(cities.members).toHaveLength(21);
    expect(cities.members).toContain("成都市人民政府");
    const renamed = Object.fromEntries(
      d.units.filter((u) => u.successor).map((u) => [u.name, u.successor!.name]),
    );
    expect(renamed).toMatchObject({
      省经济和信息化委: "经济和信息化厅",
      四川出入境检验检疫局: "成都海关",
      省国税局: "国家税务总局四川省税务局",
      省工商局: "省市场监管局",
      省投资促进局: "省经济合作局",
      市商务委: "市商务局",
    });
    expect(
      d.units.filter((u) => u.successor).every((u) => Number.isInteger(u.successor!.year)),
    ).toBe(true);
  });
  it("reports every problem at once", () => {
    const bad = {
      jurisdictions: [{ code: "SC", name: "四川省", level: "PROVINCE" }],
      units: [
        {
          jurisdiction: "SC",
          name: "甲厅",
          kind: "DEPARTMENT",
          successor: { name: "乙厅", year: 2018, verified: true },
        },
        { jurisdiction: "XX", name: "丙厅", kind: "NOPE" },
        { jurisdiction: "SC", name: "丁厅", kind: "DEPARTMENT", aliases: ["甲厅"] },
        { jurisdiction: "SC", name: "戊", kind: "COLLECTIVE", members: ["不存在"] },
      ],
    };
    try {
      readUnitDirectory(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DirectoryError);
      const problems = (error as DirectoryError).problems.join("\n");
      expect(problems).toMatch(/successor 乙厅 is not a unit/);
      expect(problems).toMatch(/unknown jurisdiction XX/);
      expect(problems).toMatch(/kind must be one of/);
      expect(problems).toMatch(/甲厅 already belongs to 甲厅/);
      expect(problems).toMatch(/member 不存在/);
    }
  });
  it("refuses a succession cycle", () => {
    const cyc = {
      jurisdictions: [{ code: "SC", name: "四川省", level: "PROVINCE" }],
      units: [
        {
          jurisdiction: "SC",
          name: "甲",
          kind: "AGENCY",
          successor: { name: "乙", year: 2018, verified: true },
        },
        {
          jurisdiction: "SC",
          name: "乙",
          kind: "AGENCY",
          successor: { name: "甲", year: 2019, verified: true },
        },
      ],
    };
    expect(() => readUnitDirectory(cyc)).toThrow(/succession cycle/);
  });
});
