// Reads a policy document (plain text) into its header and measures. Pure: text in, data out;
// it knows nothing of the database or of which units exist.
//
// Structure: numbered paragraphs 一、 / （一） / 1． / （1） / ① / 第一条 open nested sections. The
// leaves are the measures, except those under a top-level section that states general
// requirements (总体要求, 指导思想, 发展目标 …), which carry no work of their own unless a note
// assigns them. Inside a measure (or an unnumbered paragraph of a section) every note closes a task
// made of the text since the previous note.

import { DATE_LINE, DOC_TYPE, readHeader, type DocumentHeader } from "./document-header";
import { findDeadlines, findRecurrence, latestDeadline, rangeEnd, type Deadline } from "./due-date";
import {
  findBracketNotes,
  findConvention,
  findInlineRoles,
  findTrailingLabelNote,
  findUnbalancedNote,
  LINE_NOTE_START,
  mergeResponsibility,
  NOTE_CUE,
  readNoteContent,
  unbracketLabels,
  type NoteContext,
  type Responsibility,
} from "./responsibility";
import { endsSentence, normalizeLines, trimAll } from "./text";

export type { DocumentHeader } from "./document-header";

export type ParsedMeasure = {
  /** Ordered reference: 二.(一).1; a task split from a measure by its notes: 二.(一).1-2 */
  ref: string;
  /** Headings of enclosing sections, outermost first. */
  sections: string[];
  heading: string;
  /** The measure as written, paragraphs separated by newlines, numbering removed. */
  text: string;
  /** Lead units (牵头单位), joint leads in the order written. */
  leadUnits: string[];
  /** Co-responsible units (配合单位). */
  coUnits: string[];
  /** Names among leadUnits/coUnits that name no particular unit (有关部门). */
  genericUnits: string[];
  /** Names among leadUnits/coUnits that stand for a set of governments (各市（州）人民政府). */
  collectives: string[];
  /** The responsible leader (责任领导), a person: 牵头市领导：张某. */
  leader: string | null;
  /** The note as written, brackets included; label lines joined by newlines. */
  note: string | null;
  responsibility: Responsibility | null;
  /** YYYY-MM-DD: the measure's own deadline, else the document's target. */
  dueDate: string | null;
  /** MEASURE with a null date: the measure says it has none (时限要求：持续推进). */
  dueDateSource: "MEASURE" | "DOCUMENT" | null;
  dueDateText: string | null;
  /** --MM-DD for annual deadlines (每年2月15日前). */
  recurrence: string | null;
  /** What the parser could not classify in this measure, in Chinese. */
  warnings: string[];
};

export type ParseWarning = {
  /** The measure's ref, or null for the document as a whole. */
  ref: string | null;
  message: string;
};

export type ParsedDocument = {
  document: DocumentHeader;
  measures: ParsedMeasure[];
  warnings: ParseWarning[];
};

export class DocumentParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentParseError";
  }
}

type MarkerKind = "L1" | "L2" | "L3" | "L4" | "L5" | "OUTLINE" | "ARTICLE" | "CHAPTER";

type Marker = {
  kind: MarkerKind;
  rank: number;
  label: string;
  refLabel: string;
  rest: string;
  /** 1.5G…: a number or a decimal; taken as numbering only when it continues the sequence. */
  ambiguous: boolean;
  /** The number, for sequence checks. */
  value: number | null;
  /** Another reading of the same line, when this one does not continue its sequence. */
  alternative?: Marker | null;
};

const CN_NUM = "[一二三四五六七八九十百零〇两]+";
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const SP = "[\\s\\u3000]*";

const MARKERS: Array<{ kind: MarkerKind; rank: number; re: RegExp; ref: (n: string) => string }> = [
  { kind: "CHAPTER", rank: 0, re: new RegExp(`^第(${CN_NUM})章${SP}`), ref: (n) => `第${n}章` },
  { kind: "CHAPTER", rank: 0, re: new RegExp(`^第(${CN_NUM})部分${SP}`), ref: (n) => `第${n}部分` },
  { kind: "L1", rank: 1, re: new RegExp(`^(${CN_NUM})${SP}[、．.]${SP}`), ref: (n) => n },
  {
    kind: "L2",
    rank: 2,
    re: new RegExp(`^[（(]${SP}(${CN_NUM})${SP}[)）][、．.]?${SP}`),
    ref: (n) => `(${n})`,
  },
  { kind: "ARTICLE", rank: 2, re: new RegExp(`^第(${CN_NUM})条${SP}`), ref: (n) => `第${n}条` },
  { kind: "L3", rank: 3, re: new RegExp(`^(\\d{1,4})${SP}([．.、])${SP}`), ref: (n) => n },
  {
    kind: "L4",
    rank: 4,
    re: new RegExp(`^(?:[（(]${SP}(\\d{1,4})${SP}[)）][、．.]?|(\\d{1,3})[)）])${SP}`),
    ref: (n) => `(${n})`,
  },
  { kind: "L5", rank: 5, re: new RegExp(`^([${CIRCLED}])${SP}`), ref: (n) => n },
];

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

function chineseNumber(s: string): number | null {
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) current = CN_DIGITS[ch]!;
    else if (ch === "十") {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === "百") {
      total += (current || 1) * 100;
      current = 0;
    } else return null;
  }
  return total + current;
}

// 1.1 / 1.2.3 outline numbering; not 1.5倍, 2024.6, or 3.5G (read as 3. then 5G…).
const OUTLINE = /^(\d{1,3}(?:[.．]\d{1,3}){1,3})(?![.．]?\d)[\s\u3000]*/;
const AFTER_DECIMAL = /^[倍万亿元个%％‰米吨天年月日时分秒次家项人户亩千百]/;

function readMarker(paragraph: string): Marker | null {
  const outline = paragraph.match(OUTLINE);
  if (outline) {
    const rest = paragraph.slice(outline[0].length);
    const parts = outline[1]!.split(/[.．]/);
    if (rest && !AFTER_DECIMAL.test(rest) && Number(parts[0]) < 1900) {
      return {
        kind: "OUTLINE",
        rank: 3 + 0.1 * (parts.length - 1),
        label: parts.join("."),
        refLabel: parts.join("."),
        rest,
        ambiguous: true,
        value: Number(parts[parts.length - 1]),
        alternative: readNumbered(paragraph),
      };
    }
  }
  return readNumbered(paragraph);
}

function readNumbered(paragraph: string): Marker | null {
  for (const m of MARKERS) {
    const match = paragraph.match(m.re);
    if (!match) continue;
    const label = match[1] ?? match[2]!;
    const rest = paragraph.slice(match[0].length);
    if (!rest) continue; // a bare number is not a section
    // 一是…, 1.2万 are sentences, not numbering.
    if (m.kind === "L1" && /^是/.test(rest)) continue;
    let ambiguous = false;
    if (m.kind === "L3") {
      const sep = match[2]!;
      const n = Number(label);
      // 2024、2025年 and 2024.6 are years, not measure numbers.
      if (n >= 1900 && n <= 2100 && /^[\d年]/.test(rest)) continue;
      if (sep === "." && /^\d/.test(rest)) ambiguous = true;
    }
    if (m.kind === "L1" && /^\d/.test(rest) && /\.$/.test(match[0].trim())) ambiguous = true;
    const value =
      m.kind === "L3" || m.kind === "L4"
        ? Number(label)
        : m.kind === "L5"
          ? CIRCLED.indexOf(label) + 1
          : chineseNumber(label);
    return {
      kind: m.kind,
      rank: m.rank,
      label,
      refLabel: m.ref(label),
      rest,
      ambiguous,
      value,
    };
  }
  return null;
}

const PREAMBLE_HEADING =
  /总体要求|指导思想|发展目标|总体目标|主要目标|工作目标|基本原则|重要意义|充分认识|目标任务$/;

const TRAILER_LINE = /^(?:[（(]?此件|信息公开选项|抄送|附件[：:]?$|附件\s*\d|附件[：:])/;
const ANNEX_LINE = /^附件(?:\s*\d+)?[：:]?$|^附件[：:]/;
const ISSUING_NOTICE = /关于印发|现将《[^》]*》印发给你们|现印发给你们|现将.{0,40}印发给你们/;

type Node = {
  marker: Marker;
  paragraphs: string[];
  children: Node[];
  parent: Node | null;
};

/** Parses a document. Throws DocumentParseError when the text is empty or has no measure. */
export function parseDocument(raw: string): ParsedDocument {
  if (raw.includes("\u0000")) throw new DocumentParseError("不是文本文件（含有 NUL 字节）");
  const lines = normalizeLines(raw);
  if (!lines.some(Boolean)) throw new DocumentParseError("文件是空的");

  const leadConvention = findConvention(raw);
  const ctx: NoteContext = { firstListedLeads: leadConvention !== null };
  const warnings: ParseWarning[] = [];

  let firstMarker = lines.findIndex((l) => l && readMarker(l));
  const cover = findCover(lines);
  if (cover) firstMarker = cover.bodyStart;

  let roots: Node[];
  let bodyEnd: number;
  let front: string[];
  if (firstMarker < 0) {
    // No numbering: paragraphs that close with notes are the measures.
    const start = unnumberedBodyStart(lines);
    if (start < 0)
      throw new DocumentParseError("没有找到编号的条目（一、 / （一） / 1． / 第一条）");
    bodyEnd = findBodyEnd(lines, start);
    front = lines.slice(0, start);
    roots = [unnumberedRoot(lines.slice(start, bodyEnd))];
  } else {
    bodyEnd = findBodyEnd(lines, firstMarker);
    front = lines.slice(0, cover ? cover.dateLine : firstMarker);
    roots = buildTree(lines.slice(firstMarker, bodyEnd));
  }

  const header = readHeader({
    front,
    all: lines,
    bodyEnd,
    coverDateLine: cover?.dateLine ?? null,
    planTitleLines: cover?.planTitleLines ?? [],
    opening: lines.slice(0, Math.min(bodyEnd, Math.max(firstMarker, 0) + 3)).join("\n"),
  });
  header.leadConvention = leadConvention;

  const measures: ParsedMeasure[] = [];
  const seenRefs = new Map<string, number>();
  const preambleText: string[] = [];
  const add = (measure: ParsedMeasure) => {
    const count = (seenRefs.get(measure.ref) ?? 0) + 1;
    seenRefs.set(measure.ref, count);
    if (count > 1) {
      const kept = `${measure.ref}#${count}`;
      measure.warnings.push(`编号重复：${measure.ref}，重复的一条记为 ${kept}`);
      measure.ref = kept;
    }
    measures.push(measure);
  };

  const visit = (
    node: Node,
    path: Node[],
    inPreamble: boolean,
    inherited: Responsibility | null,
  ) => {
    const here = [...path, node];
    const preamble =
      inPreamble || (node.marker.rank <= 1 && PREAMBLE_HEADING.test(headingOf(node)));
    if (node.children.length > 0) {
      // Unnumbered paragraphs of a section that close with a note are tasks of their own.
      const [first = "", ...more] = node.paragraphs;
      const own = findBracketNotes(first).length > 0 ? node.paragraphs : more;
      const parts = own.length > 0 ? splitParts(own, ctx) : [];
      // A note on the section's heading alone covers the measures below it that have none.
      const headingNote =
        parts.length === 1 && own.length === 1 && own === node.paragraphs
          ? parts[0]!.responsibility
          : null;
      let k = 0;
      for (const part of headingNote ? [] : parts) {
        if (part.responsibility) add(toMeasure(here, part, `-${++k}`, true));
        else if (preamble) preambleText.push(part.lines.join("\n"));
      }
      const passed = headingNote ? { ...headingNote, from: refOf(here) } : inherited;
      for (const child of node.children) visit(child, here, preamble, passed);
      return;
    }
    const parts = splitParts(node.paragraphs, ctx);
    const covered = parts.length === 1 ? inherited : null;
    parts.forEach((part, i) => {
      if (preamble && !part.responsibility && !covered) {
        preambleText.push(part.lines.join("\n"));
        return;
      }
      add(toMeasure(here, part, parts.length > 1 ? `-${i + 1}` : "", false, covered));
    });
  };
  for (const root of roots) visit(root, [], false, null);

  if (measures.length === 0) throw new DocumentParseError("没有找到任何措施");

  // An annex that assigns units (a 分工表 pasted as text) is not read: say so.
  const after = lines.slice(bodyEnd).filter(Boolean);
  const annexNotes = after.filter(
    (l) => LINE_NOTE_START.test(l) || findBracketNotes(unbracketLabels(l)).length > 0,
  ).length;
  if (annexNotes > 0)
    warnings.push({
      ref: null,
      message: `正文之后（附件或落款以下）还有 ${annexNotes} 段写有责任分工的文字未读入，请核对附件`,
    });

  const target = documentTarget(header.title ?? "", preambleText.join("\n"));
  header.targetDate = target?.date ?? null;
  header.targetText = target?.text ?? null;
  for (const m of measures) {
    if (!m.dueDateSource && target) {
      m.dueDate = target.date;
      m.dueDateSource = "DOCUMENT";
      m.dueDateText = target.text;
    }
    for (const message of m.warnings) warnings.push({ ref: m.ref, message });
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

/**
 * A notice that issues a plan (关于印发…的通知): the notice, its signature and date, then the
 * plan. The measures are the plan's; the notice's own numbered lines (if any) are not measures.
 */
function findCover(lines: string[]) {
  const noticeEnd = lines.findIndex((l) => DATE_LINE.test(l));
  if (noticeEnd < 0) return null;
  if (!lines.slice(0, noticeEnd).some((l) => ISSUING_NOTICE.test(l))) return null;
  let bodyStart = -1;
  for (let i = noticeEnd + 1; i < lines.length; i++) {
    if (lines[i] && readMarker(lines[i]!)) {
      bodyStart = i;
      break;
    }
  }
  if (bodyStart < 0) return null;
  const between = lines.slice(noticeEnd + 1, bodyStart).filter(Boolean);
  // The plan's title: the first lines that end with a document type, past 附件 and 此件公开 lines.
  const titleStart = between.findIndex((l) => !TRAILER_LINE.test(l) && !ANNEX_LINE.test(l));
  const planTitleLines: string[] = [];
  for (let i = Math.max(titleStart, 0); titleStart >= 0 && i < between.length; i++) {
    const l = between[i]!;
    if (/[，。；：]/.test(l) || l.length > 60) break;
    planTitleLines.push(l);
    if (DOC_TYPE.test(l.replace(/[（(][^（）()]*[)）]$/, ""))) break;
  }
  return { dateLine: noticeEnd, bodyStart, planTitleLines };
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
          !/[，。；：:]/.test(prev) &&
          !LINE_NOTE_START.test(prev) &&
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

/** For a text without numbering: the first paragraph after the addressee (各…：) or the title. */
function unnumberedBodyStart(lines: string[]): number {
  const hasNote = (l: string) => findBracketNotes(l).length > 0 || LINE_NOTE_START.test(l);
  const firstNote = lines.findIndex((l) => l && hasNote(l));
  if (firstNote < 0) return -1;
  const addressee = lines.slice(0, firstNote).findIndex((l) => /[：:]$/.test(l) && l.length < 120);
  // Past the title block: the first line that reads as a sentence.
  const sentence = lines.findIndex((l) => l && /[，。；]/.test(l));
  let start =
    addressee >= 0 ? addressee + 1 : sentence >= 0 && sentence <= firstNote ? sentence : firstNote;
  // Past an opening that announces what follows: 现就有关事项通知如下。
  while (start < firstNote && (!lines[start] || /(?:如下|以下)[。：:]$|[：:]$/.test(lines[start]!)))
    start++;
  return start;
}

function unnumberedRoot(lines: string[]): Node {
  const marker: Marker = {
    kind: "L3",
    rank: 3,
    label: "",
    refLabel: "",
    rest: "",
    ambiguous: false,
    value: null,
  };
  const node: Node = { marker, paragraphs: [], children: [], parent: null };
  const fake: Node = { ...node, paragraphs: [""] };
  for (const line of lines) if (line) appendParagraph(fake, line);
  node.paragraphs = fake.paragraphs.filter(Boolean);
  return node;
}

function buildTree(lines: string[]): Node[] {
  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const line of lines) {
    if (!line) continue;
    const read = readMarker(line);
    const marker = read && !continuesSequence(stack, read) ? (read.alternative ?? null) : read;
    if (marker && (!marker.ambiguous || continuesSequence(stack, marker))) {
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

/** 3.5G网络… opens measure 3 only after measure 2 of the same list (or as the first, 1.). */
function continuesSequence(stack: Node[], marker: Marker): boolean {
  if (!marker.ambiguous) return true;
  if (marker.kind === "OUTLINE") return continuesOutline(stack, marker);
  let i = stack.length - 1;
  while (i >= 0 && stack[i]!.marker.rank > marker.rank) i--;
  const sibling = i >= 0 && stack[i]!.marker.kind === marker.kind ? stack[i] : null;
  if (sibling) return sibling.marker.value !== null && sibling.marker.value + 1 === marker.value;
  return marker.value === 1;
}

/** 1.2 follows 1.1, or opens the list under 1. (or under a section without a number of its own). */
function continuesOutline(stack: Node[], marker: Marker): boolean {
  const parts = marker.label.split(".");
  const prefix = parts.slice(0, -1).join(".");
  const n = marker.value!;
  for (let i = stack.length - 1; i >= 0; i--) {
    const node = stack[i]!.marker;
    if (node.kind === "OUTLINE" && node.rank === marker.rank)
      return node.label === `${prefix}.${n - 1}`;
    if (node.rank < marker.rank) {
      const numbered = node.kind === "OUTLINE" || node.kind === "L3";
      return n === 1 && (!numbered || node.label === prefix);
    }
  }
  return n === 1;
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
  if (prev && !isHeading && !endsSentence(prev) && !LINE_NOTE_START.test(line))
    node.paragraphs[last] = prev + line;
  else node.paragraphs.push(line);
}

const headings = new WeakMap<Node, string>();

/** A section's heading, read once per node (every measure below it asks). */
function headingOf(node: Node): string {
  let heading = headings.get(node);
  if (heading === undefined) {
    heading = headingFromParagraph(node.paragraphs[0] ?? "");
    headings.set(node, heading);
  }
  return heading;
}

/** The short title a measure opens with: 大力承接加工贸易产业转移。围绕… → 大力承接加工贸易产业转移 */
function headingFromParagraph(p: string): string {
  // Without its notes: 深化审批改革（市政务服务局负责）。 → 深化审批改革
  const notes = findBracketNotes(p);
  const bare = notes.reduceRight((t, n) => t.slice(0, n.start) + t.slice(n.end), p);
  const text = trimAll(bare);
  const stop = text.search(/[。；：:;]|(?<=[\u4e00-\u9fff])\.(?!\d)/);
  if (stop > 0 && stop <= 60) return text.slice(0, stop);
  if (stop < 0 && text.length <= 60) return text.replace(/[。.]$/, "");
  return "";
}

// ---------------------------------------------------------------------------------------------
// Parts: each note closes a task made of the text since the previous note.

type Part = { lines: string[]; responsibility: Responsibility | null; warnings: string[] };

/** A piece of text and the paragraph it comes from: pieces of one paragraph rejoin without a break. */
type Piece = { text: string; para: number };
type Draft = { pieces: Piece[]; responsibility: Responsibility | null; warnings: string[] };

const SUBSTANCE = /[\u4e00-\u9fffA-Za-z0-9]/;

function splitParts(paragraphs: string[], ctx: NoteContext): Part[] {
  const drafts: Draft[] = [];
  let current: Draft = { pieces: [], responsibility: null, warnings: [] };
  // `before`: the text of this paragraph ahead of the note; `pieces`: what to keep, note included.
  const close = (before: string, pieces: Piece[], responsibility: Responsibility) => {
    const hasText = current.pieces.some((l) => SUBSTANCE.test(l.text)) || SUBSTANCE.test(before);
    const previous = drafts[drafts.length - 1];
    if (!hasText && previous?.responsibility) {
      // A second note for the same text: （…） then 完成时限：… on the next line.
      previous.pieces.push(...current.pieces, ...pieces);
      previous.responsibility = mergeResponsibility(previous.responsibility, responsibility);
      previous.warnings.push(...current.warnings);
    } else {
      current.pieces.push(...pieces);
      current.responsibility = responsibility;
      drafts.push(current);
    }
    current = { pieces: [], responsibility: null, warnings: [] };
  };

  const clean = paragraphs.map((p) => unbracketLabels(trimAll(p))).filter(Boolean);
  for (let i = 0; i < clean.length; i++) {
    const p = clean[i]!;
    if (LINE_NOTE_START.test(p)) {
      let j = i;
      while (j < clean.length && LINE_NOTE_START.test(clean[j]!)) j++;
      const noteLines = clean.slice(i, j);
      const content = noteLines.map((l) => l.replace(/[。；;.]$/, "")).join("；");
      const pieces = noteLines.map((text, k) => ({ text, para: i + k }));
      close("", pieces, readNoteContent(content, ctx, noteLines.join("\n"), "LINE_NOTE"));
      i = j - 1;
      continue;
    }
    let notes = findBracketNotes(p);
    const unbalanced = notes.length === 0 ? findUnbalancedNote(p) : null;
    if (unbalanced) notes = [unbalanced];
    const labelled = notes.length === 0 ? findTrailingLabelNote(p) : null;
    if (labelled) notes = [labelled];
    let pos = 0;
    for (const note of notes) {
      let end = note.end;
      while (end < p.length && /[。；;，,.、\s\u3000]/.test(p[end]!)) end++;
      const piece = trimAll(p.slice(pos, end));
      const form = note === labelled ? "LINE_NOTE" : "BRACKET_NOTE";
      const r = readNoteContent(note.content, ctx, note.note, form);
      if (note === unbalanced || (note === labelled && /[）)〕】\]]$/.test(note.note)))
        r.warnings.unshift(`责任分工的括号不配对：${note.note}`);
      close(p.slice(pos, note.start), piece ? [{ text: piece, para: i }] : [], r);
      pos = end;
    }
    const rest = trimAll(p.slice(pos));
    if (rest) current.pieces.push({ text: rest, para: i });
  }
  if (current.pieces.some((l) => SUBSTANCE.test(l.text)) || drafts.length === 0) {
    if (drafts.length > 0)
      current.warnings.push("这段文字在最后一个责任分工之后，没有写明责任单位");
    drafts.push(current);
  } else if (current.pieces.length > 0) {
    drafts[drafts.length - 1]!.pieces.push(...current.pieces);
  }
  // A note on the opening line alone, the rest without any: the note is the whole measure's
  // (1．加快建设物流园区（责任单位：…） then its paragraphs).
  const [head, body] = drafts;
  if (
    drafts.length === 2 &&
    head!.responsibility &&
    !body!.responsibility &&
    head!.pieces.every((p) => p.para === 0) &&
    body!.pieces.every((p) => p.para > 0)
  ) {
    head!.pieces.push(...body!.pieces);
    drafts.pop();
  }
  return drafts.map((d) => ({
    lines: joinPieces(d.pieces),
    responsibility: d.responsibility,
    warnings: d.warnings,
  }));
}

function joinPieces(pieces: Piece[]): string[] {
  const lines: string[] = [];
  let para = -1;
  for (const piece of pieces) {
    if (piece.para === para && lines.length > 0) lines[lines.length - 1] += piece.text;
    else lines.push(piece.text);
    para = piece.para;
  }
  return lines;
}

/** 二.(一).1 — 1.2 under 1. is 一.1.2, not 一.1.1.2: an outline number carries its parent's. */
function refOf(path: Node[]): string {
  const labels = path.map((n) => n.marker.refLabel);
  return labels.filter((l, i) => l && !(labels[i + 1] ?? "").startsWith(`${l}.`)).join(".");
}

function toMeasure(
  path: Node[],
  part: Part,
  suffix: string,
  sectionText: boolean,
  /** A note on an enclosing section's heading, for a measure without one of its own. */
  inherited: Responsibility | null = null,
): ParsedMeasure {
  const node = path[path.length - 1]!;
  const base = refOf(path);
  const ref = base ? `${base}${suffix}` : suffix.replace(/^-/, "");
  const sections = (sectionText ? path : path.slice(0, -1)).map(headingOf);
  const text = part.lines.join("\n");
  const warnings = [...part.warnings];

  let responsibility = part.responsibility;
  if (!responsibility && !sectionText) responsibility = findInlineRoles(text) ?? inherited;
  if (responsibility) warnings.push(...responsibility.warnings);
  else if (NOTE_CUE.test(text)) warnings.push("文中像是写了责任分工，但未能识别");

  // Dates in the note itself (完成时限 aside) are not the measure's deadline.
  const bodyForDates =
    responsibility && responsibility.form !== "INLINE"
      ? responsibility.note.split("\n").reduce((t, n) => t.replace(n, ""), text)
      : text;
  const own = latestDeadline(bodyForDates);
  const recurrence = findRecurrence(bodyForDates);
  const labelled = responsibility?.due ?? null;

  const withoutNote = (line: string) =>
    (responsibility?.note.split("\n") ?? []).reduce((t, n) => t.replace(n, ""), line);
  const heading =
    sectionText || !node.marker.refLabel
      ? headingFromParagraph(withoutNote(part.lines[0] ?? ""))
      : headingFromParagraph(node.paragraphs[0] ?? "");
  return {
    ref,
    sections,
    heading,
    text,
    leadUnits: responsibility?.leadUnits ?? [],
    coUnits: responsibility?.coUnits ?? [],
    genericUnits: responsibility?.genericUnits ?? [],
    collectives: responsibility?.collectives ?? [],
    leader: responsibility?.leader ?? null,
    note: responsibility?.note ?? null,
    responsibility,
    dueDate: labelled ? labelled.date : (own?.date ?? null),
    dueDateSource: labelled || own ? "MEASURE" : null,
    dueDateText: labelled ? labelled.text : (own?.text ?? null),
    recurrence: recurrence?.monthDay ?? null,
    warnings: [...new Set(warnings)],
  };
}
