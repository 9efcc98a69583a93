// The header of a policy document: title, number, issuer, date, jurisdiction, draft status and
// the document it implements. Pure.

import { collapseCjkSpaces } from "./text";

export type ImplementedDocument = {
  /** The cited title without its book-title marks: 国务院关于促进加工贸易创新发展的若干意见 */
  title: string;
  /** 国发〔2016〕4号, when the citation gives it. */
  number: string | null;
};

export type DocumentHeader = {
  title: string | null;
  /** For a notice that issues a plan (关于印发《X方案》的通知): the plan's own title. */
  planTitle: string | null;
  number: string | null;
  issuer: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** 国务院 for national documents, else the province or municipality: 四川省, 天津市 … */
  jurisdiction: string | null;
  status: "DRAFT" | "IN_FORCE";
  /** Documents this one says it implements (根据《…》（国发〔2016〕4号）), in order. */
  implements: ImplementedDocument[];
  /** The sentence stating that the first listed unit leads (列第一位者为牵头单位，下同), if any. */
  leadConvention: string | null;
  /** Document-wide target date (到2020年 …) that applies to measures without their own. */
  targetDate: string | null;
  targetText: string | null;
};

export const DOC_TYPE =
  /(?:意见|方案|通知|办法|规划|措施|决定|计划|规定|细则|纲要|指南|若干政策|要点|清单|分工|任务表|台账)$/;
const DOC_NUMBER = /^([\u4e00-\u9fa5]{1,12}[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)$/;
export const DATE_LINE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:印发|发布|签发)?$/;
const DRAFT = /征求意见稿|送审稿|草案|讨论稿/;

const PROVINCES = [
  "北京",
  "天津",
  "河北",
  "山西",
  "内蒙古",
  "辽宁",
  "吉林",
  "黑龙江",
  "上海",
  "江苏",
  "浙江",
  "安徽",
  "福建",
  "江西",
  "山东",
  "河南",
  "湖北",
  "湖南",
  "广东",
  "广西",
  "海南",
  "重庆",
  "四川",
  "贵州",
  "云南",
  "西藏",
  "陕西",
  "甘肃",
  "青海",
  "宁夏",
  "新疆",
];
const MUNICIPALITIES = new Set(["北京", "天津", "上海", "重庆"]);
const AUTONOMOUS: Record<string, string> = {
  内蒙古: "内蒙古自治区",
  广西: "广西壮族自治区",
  西藏: "西藏自治区",
  宁夏: "宁夏回族自治区",
  新疆: "新疆维吾尔自治区",
};
// Number prefixes that name the issuing province: 川商贸发 → 四川.
const NUMBER_PREFIX: Record<string, string> = {
  川: "四川",
  津: "天津",
  京: "北京",
  沪: "上海",
  渝: "重庆",
  冀: "河北",
  晋: "山西",
  辽: "辽宁",
  吉: "吉林",
  黑: "黑龙江",
  苏: "江苏",
  浙: "浙江",
  皖: "安徽",
  闽: "福建",
  赣: "江西",
  鲁: "山东",
  豫: "河南",
  鄂: "湖北",
  湘: "湖南",
  粤: "广东",
  桂: "广西",
  琼: "海南",
  黔: "贵州",
  贵: "贵州",
  滇: "云南",
  云: "云南",
  藏: "西藏",
  陕: "陕西",
  甘: "甘肃",
  青: "青海",
  宁: "宁夏",
  新: "新疆",
};

function fullProvinceName(short: string): string {
  if (MUNICIPALITIES.has(short)) return `${short}市`;
  return AUTONOMOUS[short] ?? `${short}省`;
}

export type HeaderInput = {
  /** Lines before the body (title, number, addressee, preamble). */
  front: string[];
  /** Every line of the text. */
  all: string[];
  /** Where the body ends; the signature and date are searched after it. */
  bodyEnd: number;
  /** For an issuing notice: the line of the notice's own date, before the plan. */
  coverDateLine: number | null;
  /** The plan's title lines, between the notice and the plan. */
  planTitleLines: string[];
  /** Text that may cite the implemented document: the front and the first sections. */
  opening: string;
};

export function readHeader(input: HeaderInput): DocumentHeader {
  const { front, all, bodyEnd } = input;
  const lines = front.filter(Boolean);
  let number: string | null = null;
  let numberIndex = -1;
  lines.forEach((line, i) => {
    const compact = line.replace(/\s+/g, "");
    const m = compact.match(DOC_NUMBER);
    if (m && number === null) {
      number = m[1]!.replace(/[[［【]/, "〔").replace(/[\]］】]/, "〕");
      numberIndex = i;
    }
  });

  const addresseeIndex = lines.findIndex((l) => /[：:]$/.test(l) && l.length < 120);
  const status: DocumentHeader["status"] = lines.some((l) => DRAFT.test(l)) ? "DRAFT" : "IN_FORCE";

  // Title: the line with 关于, joined with the following lines until the document type word.
  const titleZone = lines.slice(0, addresseeIndex >= 0 ? addresseeIndex : lines.length);
  let title: string | null = null;
  let titleStart = -1;
  for (let i = 0; i < titleZone.length; i++) {
    const line = titleZone[i]!;
    if (i === numberIndex) continue;
    if (/关于/.test(line) || DOC_TYPE.test(stripTitleSuffix(line))) {
      let t = line;
      let j = i;
      while (
        !DOC_TYPE.test(stripTitleSuffix(t)) &&
        j + 1 < titleZone.length &&
        j + 1 !== numberIndex &&
        j - i < 3
      ) {
        j++;
        t += titleZone[j]!;
      }
      if (DOC_TYPE.test(stripTitleSuffix(t))) {
        title = cleanTitle(t);
        titleStart = i;
        break;
      }
    }
  }

  let issuer: string | null = null;
  if (title) {
    const m = title.match(/^(.+?)关于/);
    if (m) issuer = m[1]!;
  }
  if (!issuer) {
    // Jointly issued: the names stacked above the number or title (四川省商务厅 / 四川省经济和信息化厅 …).
    const stop = [numberIndex, titleStart]
      .filter((i) => i >= 0)
      .reduce((a, b) => Math.min(a, b), lines.length);
    const names = lines.slice(0, stop).filter((l) => l.length <= 30 && !/[，。；：]/.test(l));
    if (names.length > 0 && stop < lines.length) issuer = names.join("、");
  }

  const closing =
    input.coverDateLine !== null
      ? readClosing(all, input.coverDateLine, 0)
      : findClosing(all, bodyEnd);
  const date = closing?.date ?? null;
  if (!issuer && closing?.signature) issuer = closing.signature;

  const planTitle =
    input.planTitleLines.length > 0 ? cleanTitle(input.planTitleLines.join("")) : null;
  const jurisdiction = inferJurisdiction({ title, number, issuer, text: all.join("\n") });
  return {
    title,
    planTitle,
    number,
    issuer,
    date,
    jurisdiction,
    status: status === "DRAFT" || (planTitle && DRAFT.test(planTitle)) ? "DRAFT" : "IN_FORCE",
    implements: findImplemented(input.opening),
    leadConvention: null,
    targetDate: null,
    targetText: null,
  };
}

function cleanTitle(t: string): string {
  return collapseCjkSpaces(t).replace(/[（(](?:征求意见稿|送审稿|草案|讨论稿)[)）]$/, "");
}

/** The last date line after the body, with the signature above it. */
function findClosing(all: string[], bodyEnd: number) {
  for (let i = all.length - 1; i >= bodyEnd; i--) {
    const line = all[i] ?? "";
    if (DATE_LINE.test(line)) return readClosing(all, i, bodyEnd);
    const printed = line.match(/^(\S+?)\s+(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发$/);
    if (printed) {
      const date = `${printed[2]}-${printed[3]!.padStart(2, "0")}-${printed[4]!.padStart(2, "0")}`;
      return { date, signature: null };
    }
  }
  return null;
}

function readClosing(all: string[], i: number, floor: number) {
  const m = all[i]!.match(DATE_LINE)!;
  const date = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  let signature: string | null = null;
  for (let k = i - 1; k >= floor; k--) {
    const s = all[k]!;
    if (!s) continue;
    if (s.length <= 30 && !/[，。；：]/.test(s)) signature = s.replace(/\s+\d{4}年.*$/, "");
    break;
  }
  return { date, signature };
}

function stripTitleSuffix(line: string): string {
  return line.replace(/[（(][^（）()]*[)）]$/, "").replace(/\s+$/, "");
}

// 根据《国务院关于…》（国发〔2016〕4号） · 为贯彻落实《…》精神 · 按照《…》要求
const CITATION =
  /(?:根据|依据|按照|为贯彻落实|贯彻落实|为落实|落实|为深入贯彻|深入贯彻|认真贯彻)([^。；]{0,200})/g;
const CITED =
  /《([^《》]+(?:〈[^〈〉]*〉[^《》]*)*)》\s*(?:[（(]([^（）()]*?[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)[)）])?/g;

/** The documents a text says it implements, in order, each once. */
export function findImplemented(text: string): ImplementedDocument[] {
  const found: ImplementedDocument[] = [];
  for (const clause of text.matchAll(CITATION)) {
    for (const c of clause[1]!.matchAll(CITED)) {
      const title = c[1]!.replace(/[\s\u3000]+/g, " ").trim();
      // A policy document, not a law's article or a plan's chapter.
      if (
        !/(?:意见|方案|通知|办法|规划|措施|决定|计划|规定|细则|纲要|指南|若干政策|条例)$/.test(
          title,
        )
      )
        continue;
      const number = c[2]
        ? c[2]
            .replace(/\s+/g, "")
            .replace(/[[［【]/, "〔")
            .replace(/[\]］】]/, "〕")
        : null;
      if (!found.some((f) => f.title === title)) found.push({ title, number });
    }
  }
  return found;
}

function inferJurisdiction(h: {
  title: string | null;
  number: string | null;
  issuer: string | null;
  text: string;
}): string | null {
  const named = `${h.issuer ?? ""}${h.title ?? ""}`;
  if (
    /^国务院|^国务院办公厅|^中共中央/.test(named) ||
    /^国(?:发|办发|办函|函)〔/.test(h.number ?? "")
  )
    return "国务院";
  for (const p of PROVINCES) if (named.startsWith(p)) return fullProvinceName(p);
  const prefix = h.number?.[0];
  if (prefix && NUMBER_PREFIX[prefix]) return fullProvinceName(NUMBER_PREFIX[prefix]!);
  // Otherwise the province the text names most often, if it clearly dominates.
  const counts = PROVINCES.map((p) => ({ p, n: h.text.split(p).length - 1 })).sort(
    (a, b) => b.n - a.n,
  );
  const [first, second] = counts;
  if (first && first.n >= 2 && first.n >= 2 * (second?.n ?? 0)) return fullProvinceName(first.p);
  return null;
}
