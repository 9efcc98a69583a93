// Reads a policy document (plain text) into its header and measures. Pure: text in, data out;
// it knows nothing of the database or of which units exist.
//
// Structure: numbered paragraphs 一、 / （一） / 1． / （1） / 第一条 open nested sections. The leaves
// are the measures, except those under a top-level section that states general requirements
// (总体要求, 指导思想, 发展目标 …), which carry no work of their own unless a note assigns them.

import { findDeadlines, findRecurrence, latestDeadline, rangeEnd, type Deadline } from "./due-date";
import {
  findInlineRoles,
  findTrailingBracketNote,
  LINE_NOTE_START,
  readNoteContent,
  type Responsibility,
} from "./responsibility";
import { collapseCjkSpaces, endsSentence, normalizeLines, trimAll } from "./text";

export type DocumentHeader = {
  title: string | null;
  number: string | null;
  issuer: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** 国务院 for national documents, else the province or municipality: 四川省, 天津市 … */
  jurisdiction: string | null;
  status: "DRAFT" | "IN_FORCE";
  /** Document-wide target date (到2020年 …) that applies to measures without their own. */
  targetDate: string | null;
  targetText: string | null;
};

export type ParsedMeasure = {
  /** Ordered reference: 二.(一).1 */
  ref: string;
  /** Headings of enclosing sections, outermost first. */
  sections: string[];
  heading: string;
  /** The measure as written, paragraphs separated by newlines, numbering removed. */
  text: string;
  leadUnits: string[];
  coUnits: string[];
  responsibility: Responsibility | null;
  /** YYYY-MM-DD: the measure's own deadline, else the document's target. */
  dueDate: string | null;
  dueDateSource: "MEASURE" | "DOCUMENT" | null;
  dueDateText: string | null;
  /** --MM-DD for annual deadlines (每年2月15日前). */
  recurrence: string | null;
};

export type ParsedDocument = {
  document: DocumentHeader;
  measures: ParsedMeasure[];
  warnings: string[];
};

export class DocumentParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentParseError";
  }
}

type MarkerKind = "L1" | "L2" | "L3" | "L4" | "ARTICLE" | "CHAPTER";

type Marker = { kind: MarkerKind; rank: number; label: string; refLabel: string; rest: string };

const CN_NUM = "[一二三四五六七八九十百零〇两]+";

const MARKERS: Array<{ kind: MarkerKind; rank: number; re: RegExp; ref: (n: string) => string }> = [
  {
    kind: "CHAPTER",
    rank: 0,
    re: new RegExp(`^第(${CN_NUM})章[\\s\\u3000]*`),
    ref: (n) => `第${n}章`,
  },
  { kind: "L1", rank: 1, re: new RegExp(`^(${CN_NUM})[、][\\s\\u3000]*`), ref: (n) => n },
  {
    kind: "L2",
    rank: 2,
    re: new RegExp(`^[（(][\\s\\u3000]*(${CN_NUM})[\\s\\u3000]*[)）][\\s\\u3000]*`),
    ref: (n) => `(${n})`,
  },
  {
    kind: "ARTICLE",
    rank: 2,
    re: new RegExp(`^第(${CN_NUM})条[\\s\\u3000]*`),
    ref: (n) => `第${n}条`,
  },
  { kind: "L3", rank: 3, re: /^(\d{1,3})[\s\u3000]*[．.、](?!\d)[\s\u3000]*/, ref: (n) => n },
  {
    kind: "L4",
    rank: 4,
    re: /^[（(][\s\u3000]*(\d{1,3})[\s\u3000]*[)）][\s\u3000]*/,
    ref: (n) => `(${n})`,
  },
];

function readMarker(paragraph: string): Marker | null {
  for (const m of MARKERS) {
    const match = paragraph.match(m.re);
    if (!match) continue;
    const rest = paragraph.slice(match[0].length);
    if (!rest) continue; // a bare number is not a section
    // 一是…, 1.2万 are sentences, not numbering.
    if (m.kind === "L1" && /^是/.test(rest)) continue;
    return { kind: m.kind, rank: m.rank, label: match[1]!, refLabel: m.ref(match[1]!), rest };
  }
  return null;
}

const PREAMBLE_HEADING =
  /总体要求|指导思想|发展目标|总体目标|主要目标|工作目标|基本原则|重要意义|充分认识|目标任务$/;

const DOC_TYPE = /(?:意见|方案|通知|办法|规划|措施|决定|计划|规定|细则|纲要|指南|若干政策)$/;
const DOC_NUMBER = /^([\u4e00-\u9fa5]{1,12}[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号)$/;
const DATE_LINE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:印发|发布|签发)?$/;
const TRAILER_LINE = /^(?:[（(]?此件|信息公开选项|抄送|附件[：:]?$|附件\s*\d|附件[：:])/;
const ANNEX_LINE = /^附件(?:\s*\d+)?[：:]?$|^附件[：:]/;

type Node = {
  marker: Marker;
  paragraphs: string[];
  children: Node[];
  parent: Node | null;
};

/** Parses a document. Throws DocumentParseError when the text is empty or has no measure. */
export function parseDocument(raw: string): ParsedDocument {
  if (raw.includes("\u0000")) throw new DocumentParseError("not a text file (contains NUL bytes)");
  const lines = normalizeLines(raw);
  const nonEmpty = lines.filter(Boolean);
  if (nonEmpty.length === 0) throw new DocumentParseError("the document is empty");

  const warnings: string[] = [];
  const firstMarker = lines.findIndex((l) => l && readMarker(l));
  if (firstMarker < 0)
    throw new DocumentParseError("no numbered sections found (一、 / （一） / 1． / 第一条)");

  const bodyEnd = findBodyEnd(lines, firstMarker);
  const header = readHeader(lines.slice(0, firstMarker), lines, bodyEnd);

  const roots = buildTree(lines.slice(firstMarker, bodyEnd));
  const measures: ParsedMeasure[] = [];
  const seenRefs = new Map<string, number>();

  const preambleText: string[] = [];
  const visit = (node: Node, path: Node[], inPreamble: boolean) => {
    const here = [...path, node];
    const preamble =
      inPreamble || (node.marker.rank <= 1 && PREAMBLE_HEADING.test(headingOf(node)));
    if (node.children.length > 0) {
      if (preamble) preambleText.push(node.paragraphs.join("\n"));
      for (const child of node.children) visit(child, here, preamble);
      return;
    }
    const measure = toMeasure(here, warnings);
    if (preamble && !measure.responsibility) {
      preambleText.push(measure.text);
      return;
    }
    const count = (seenRefs.get(measure.ref) ?? 0) + 1;
    seenRefs.set(measure.ref, count);
    if (count > 1) {
      warnings.push(
        `numbering repeats at ${measure.ref}; the repeat is kept as ${measure.ref}#${count}`,
      );
      measure.ref = `${measure.ref}#${count}`;
    }
    measures.push(measure);
  };
  for (const root of roots) visit(root, [], false);

  if (measures.length === 0) throw new DocumentParseError("no measures found");

  const target = documentTarget(header.title ?? "", preambleText.join("\n"));
  header.targetDate = target?.date ?? null;
  header.targetText = target?.text ?? null;
  for (const m of measures) {
    if (!m.dueDate && target) {
      m.dueDate = target.date;
      m.dueDateSource = "DOCUMENT";
      m.dueDateText = target.text;
    }
  }
  return { document: header, measures, warnings };
}

function documentTarget(title: string, preamble: string): Deadline | null {
  const candidates = [rangeEnd(title), ...findDeadlines(preamble)].filter(
    (d): d is Deadline => d !== null,
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.date > a.date ? b : a));
}

/** Where the body ends: at an annex, or at the signature and date that close the document. */
function findBodyEnd(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (ANNEX_LINE.test(line)) return i;
    if (DATE_LINE.test(line) || TRAILER_LINE.test(line)) {
      // Walk back over signature lines (short, unpunctuated) just above the date.
      let end = i;
      while (end - 1 > from) {
        const prev = lines[end - 1]!;
        if (prev === "") {
          end--;
          continue;
        }
        if (
          prev.length <= 30 &&
          !endsSentence(prev) &&
          !/[，。；]/.test(prev) &&
          !readMarker(prev)
        ) {
          end--;
          continue;
        }
        break;
      }
      return end;
    }
  }
  return lines.length;
}

function buildTree(lines: string[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const line of lines) {
    if (!line) continue;
    const marker = readMarker(line);
    if (marker) {
      while (stack.length > 0 && stack[stack.length - 1]!.marker.rank >= marker.rank) stack.pop();
      const parent = stack[stack.length - 1] ?? null;
      const node: Node = { marker, paragraphs: [marker.rest], children: [], parent };
      (parent ? parent.children : roots).push(node);
      stack.push(node);
      continue;
    }
    const current = stack[stack.length - 1];
    if (!current) continue;
    if (current.children.length > 0) {
      // Text after a section's children belongs to its last descendant.
      let leaf = current;
      while (leaf.children.length > 0) leaf = leaf.children[leaf.children.length - 1]!;
      appendParagraph(leaf, line);
    } else {
      appendParagraph(current, line);
    }
  }
  return roots;
}

/**
 * A line broken mid-sentence (PDF extraction, stray blank lines) continues the paragraph before
 * it. An opening line without any sentence punctuation is a heading (一、充分认识…意义), not a
 * broken sentence.
 */
function appendParagraph(node: Node, line: string) {
  const last = node.paragraphs.length - 1;
  const prev = node.paragraphs[last]!;
  const isHeading = last === 0 && !/[。，；：,;:]/.test(prev);
  if (!isHeading && !endsSentence(prev) && !LINE_NOTE_START.test(line))
    node.paragraphs[last] = prev + line;
  else node.paragraphs.push(line);
}

function headingOf(node: Node): string {
  return headingFromParagraph(node.paragraphs[0] ?? "");
}

/** The short title a measure opens with: 大力承接加工贸易产业转移。围绕… → 大力承接加工贸易产业转移 */
function headingFromParagraph(p: string): string {
  const text = trimAll(p);
  const stop = text.search(/[。；：:;]/);
  if (stop > 0 && stop <= 60) return text.slice(0, stop);
  if (stop < 0 && text.length <= 60) return text.replace(/[。]$/, "");
  return "";
}

function toMeasure(path: Node[], warnings: string[]): ParsedMeasure {
  const node = path[path.length - 1]!;
  const ref = path.map((n) => n.marker.refLabel).join(".");
  const sections = path.slice(0, -1).map(headingOf);
  const paragraphs = node.paragraphs.map(trimAll).filter(Boolean);

  let responsibility: Responsibility | null = null;

  // A note on its own line(s) after the measure: 牵头单位：X / 责任单位：Y、Z
  let lineNoteStart = paragraphs.length;
  while (lineNoteStart > 1 && LINE_NOTE_START.test(paragraphs[lineNoteStart - 1]!)) lineNoteStart--;
  if (lineNoteStart < paragraphs.length) {
    const noteLines = paragraphs.slice(lineNoteStart);
    const read = readNoteContent(noteLines.map((l) => l.replace(/[。；;.]$/, "")).join("；"));
    responsibility = { ...read, note: noteLines.join("\n"), form: "LINE_NOTE" };
  }

  if (!responsibility) {
    const last = paragraphs[paragraphs.length - 1] ?? "";
    const found = findTrailingBracketNote(last);
    if (found) {
      const read = readNoteContent(found.content);
      responsibility = { ...read, note: found.note, form: "BRACKET_NOTE" };
    }
  }
  if (!responsibility) responsibility = findInlineRoles(paragraphs.join(""));

  if (responsibility && responsibility.leadUnits.length === 0) {
    warnings.push(`${ref}: the responsibility note names no lead unit: ${responsibility.note}`);
  }

  const text = paragraphs.join("\n");
  const bodyForDates =
    responsibility && responsibility.form !== "INLINE"
      ? text.replace(responsibility.note, "")
      : text;
  const own = latestDeadline(bodyForDates);
  const recurrence = findRecurrence(bodyForDates);

  return {
    ref,
    sections,
    heading: headingFromParagraph(paragraphs[0] ?? ""),
    text,
    leadUnits: responsibility?.leadUnits ?? [],
    coUnits: responsibility?.coUnits ?? [],
    responsibility,
    dueDate: own?.date ?? null,
    dueDateSource: own ? "MEASURE" : null,
    dueDateText: own?.text ?? null,
    recurrence: recurrence?.monthDay ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Header: title, number, issuer, date, jurisdiction, draft status.

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

function readHeader(front: string[], all: string[], bodyEnd: number): DocumentHeader {
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
  const status: DocumentHeader["status"] = lines.some((l) =>
    /征求意见稿|送审稿|草案|讨论稿/.test(l),
  )
    ? "DRAFT"
    : "IN_FORCE";

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
        title = collapseCjkSpaces(t).replace(/[（(](?:征求意见稿|送审稿|草案|讨论稿)[)）]$/, "");
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

  // Date and signature: the last date line after the body.
  let date: string | null = null;
  let signature: string | null = null;
  for (let i = all.length - 1; i >= bodyEnd; i--) {
    const m = (all[i] ?? "").match(DATE_LINE);
    if (m) {
      date = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
      for (let k = i - 1; k >= bodyEnd; k--) {
        const s = all[k]!;
        if (!s) continue;
        if (s.length <= 30 && !/[，。；：]/.test(s)) signature = s.replace(/\s+\d{4}年.*$/, "");
        break;
      }
      break;
    }
    const printed = (all[i] ?? "").match(
      /^(\S+?)\s+(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发$/,
    );
    if (printed) {
      date = `${printed[2]}-${printed[3]!.padStart(2, "0")}-${printed[4]!.padStart(2, "0")}`;
      break;
    }
  }
  if (!issuer && signature) issuer = signature;

  const jurisdiction = inferJurisdiction({ title, number, issuer, text: all.join("\n") });
  return { title, number, issuer, date, jurisdiction, status, targetDate: null, targetText: null };
}

function stripTitleSuffix(line: string): string {
  return line.replace(/[（(][^（）()]*[)）]$/, "").replace(/\s+$/, "");
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
