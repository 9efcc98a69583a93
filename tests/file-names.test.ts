// File names people download or receive: the document in a roll-up's name, valid on Windows.
import { describe, expect, it } from "vitest";
import { attachmentDisposition, rollupAsciiFileName, rollupFileName } from "~/utils/file-names";

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const WINDOWS_RESERVED = /[<>:"/\\|?*\u0000-\u001f]|[. ]$|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

describe("roll-up file names", () => {
  it("name the document by its title, and all documents as 全部文件", () => {
    const doc = { title: "四川省人民政府关于促进加工贸易创新发展的实施意见", slug: "sc-2016-pt" };
    expect(rollupFileName(doc, "2026-11", "xlsx")).toBe(
      "督办汇总-四川省人民政府关于促进加工贸易创新发展的实施意见-2026-11.xlsx",
    );
    expect(rollupFileName(null, "2026-11", ".docx")).toBe("督办汇总-全部文件-2026-11.docx");
    expect(rollupAsciiFileName(doc, "2026-11", "xlsx")).toBe(
      "duban-rollup-sc-2016-pt-2026-11.xlsx",
    );
  });

  it("are valid Windows file names whatever the title holds, and bounded in length", () => {
    for (const title of [
      '关于"十四五"时期/跨境电商:试点?的*通知<草案>|',
      "CON",
      "aux.",
      "标题结尾有句点。。..",
      "带\t制表符\n和换行\u202e的标题",
      "很长的标题".repeat(30),
    ]) {
      const name = rollupFileName({ title, slug: "x" }, "2026-11", "xlsx");
      const base = name.replace(/\.xlsx$/, "");
      expect(base, name).not.toMatch(WINDOWS_RESERVED);
      expect(name.split("-").slice(1, -2).join("-"), name).not.toMatch(WINDOWS_RESERVED);
      expect(name.length, name).toBeLessThanOrEqual(60);
      expect(name, name).toMatch(/^督办汇总-.+-2026-11\.xlsx$/);
    }
  });

  it("fall back to the slug when the title leaves nothing", () => {
    expect(rollupFileName({ title: "???", slug: "tj-2017" }, "2026-11", "xlsx")).toBe(
      "督办汇总-tj-2017-2026-11.xlsx",
    );
  });

  it("are sent with an ASCII fallback and the UTF-8 name", () => {
    const h = attachmentDisposition("督办汇总-全部文件-2026-11.xlsx", 'a"b\\c-é.xlsx');
    expect(h).toBe(
      `attachment; filename="a_b_c-_.xlsx"; filename*=UTF-8''${encodeURIComponent("督办汇总-全部文件-2026-11.xlsx")}`,
    );
  });
});
