// Reads who is responsible for a measure from its note. Pure: text in, unit names out.
//
// A note is read in three steps:
//  1. Convention sentences are taken out (列第一位者为牵头单位，下同 …): they name no unit.
//  2. Labels split it into parts: 牵头单位： / 配合单位： / 责任单位： / 牵头市领导： / 完成时限： …
//  3. Each list of units is read by the verb that closes it:
//     A、B牵头 / A、B分别牵头        every unit before 牵头 leads (joint leads in order)
//     A、B、C负责 / 按职责分工负责 / A指导 / A会同B负责
//                                    the first listed leads, the rest are co-units; commas only
//                                    group (departments，governments)
//     A、B，C、D (a bare list)         the units before the first comma lead (joint leads), with
//                                    or without a convention; but with a first-listed convention,
//                                    A、B，各市（州）人民政府 (governments after the comma): A alone
// The README's "How the documents are read" states these rules; tests/parser-notations.test.ts
// has a document for each.

import { readLabelledDue } from "./due-date";
import { isClosing, isOpening, splitTopLevel, toFullWidthPunctuation, trimAll } from "./text";

export type LeadRule =
  /** 牵头单位：X；配合单位：Y */
  | "LABELLED"
  /** X牵头，Y配合 · A、B分别牵头 */
  | "NAMED_LEADS"
  /** A、B负责 · 按职责分工负责 · a convention that the first listed leads */
  | "FIRST_LISTED"
  /** 责任单位：A、B，C with no convention: the units before the first comma lead */
  | "BEFORE_FIRST_COMMA"
  /** A table's 牵头单位 / 配合单位 columns */
  | "COLUMNS";

export type Responsibility = {
  leadUnits: string[];
  coUnits: string[];
  /** Names among leadUnits/coUnits that name no particular unit: 有关部门, 各相关部门. */
  genericUnits: string[];
  /** Names among leadUnits/coUnits that stand for a set of governments: 各省级人民政府. */
  collectives: string[];
  /** A person (责任领导), from 牵头市领导： / 牵头负责领导：. Never a unit. */
  leader: string | null;
  /** A deadline from a label (完成时限：2024年6月底前); date null for 持续推进. */
  due: { date: string | null; text: string } | null;
  /** The note as it stood in the text, brackets included. */
  note: string;
  /** How it was written. */
  form: "BRACKET_NOTE" | "LINE_NOTE" | "INLINE" | "TABLE";
  /** How the lead was decided. */
  rule: LeadRule | null;
  /** Convention sentences found inside the note (列首位的为牵头单位，下同). */
  conventions: string[];
  /** What could not be classified, in Chinese, for the reviewer. */
  warnings: string[];
  /** Set when the note stands on a section's heading and covers this measure: the section's ref. */
  from?: string;
};

export type NoteContext = {
  /** The document says the first listed unit leads (列第一位者为牵头单位，下同). */
  firstListedLeads: boolean;
};

const NO_CONVENTION: NoteContext = { firstListedLeads: false };

// ---------------------------------------------------------------------------------------------
// Conventions

/** A sentence or clause that explains the notation rather than naming units. */
const CONVENTION =
  /下同|列首位|列第一位|列在第一位|排第一位|排在首位|排在第一位|排名第一|第一责任单位|首位(?:的|者)?为|除标注|以下各项/;

/** A convention that the first listed unit leads, anywhere in a document. */
export const FIRST_LISTED_CONVENTION =
  /(?:列|排)(?:在)?(?:首位|第一位?|最前)(?:的|者)?(?:部门|单位)?(?:为|是)牵头|排名第一(?:的|者)?(?:部门|单位)?(?:为|是)牵头|第一责任单位为牵头|首位(?:的|者)?(?:部门|单位)?为牵头/;

/** The convention sentence a document states, or null. */
export function findConvention(text: string): string | null {
  const m = toFullWidthPunctuation(text).match(FIRST_LISTED_CONVENTION);
  if (!m) return null;
  // The clause around it, for showing to the reviewer (with 除标注“分别牵头”外 before it).
  const clauseStart = (at: number) =>
    Math.max(0, ...["（", "。", "〔", "；", "，"].map((c) => text.lastIndexOf(c, at - 1) + 1));
  let start = clauseStart(m.index!);
  if (start > 1 && /除(?:标注|注明)/.test(text.slice(clauseStart(start - 1), start)))
    start = clauseStart(start - 1);
  const rest = text.slice(m.index!);
  const stop = rest.search(/[。）〕；]/);
  return trimAll(text.slice(start, m.index! + (stop < 0 ? rest.length : stop)));
}

/** Drops sentences, clauses and parentheticals that only explain the convention. */
function stripConventions(content: string): { text: string; conventions: string[] } {
  const conventions: string[] = [];
  const withoutGroups = content.replace(/（([^（）]*)）/g, (group, inner: string) => {
    if (!CONVENTION.test(inner)) return group;
    conventions.push(inner);
    return "";
  });
  const kept: string[] = [];
  for (const sentence of withoutGroups.split("。").map(trimAll).filter(Boolean)) {
    // Trailing clauses: A、B负责，除标注“分别牵头”外，列第一位为牵头或汇总单位，下同
    const clauses = splitTopLevel(sentence, "，；");
    let keep = clauses.length;
    while (keep > 0 && CONVENTION.test(clauses[keep - 1]!) && !startsWithLabel(clauses[keep - 1]!))
      keep--;
    if (keep < clauses.length) conventions.push(clauses.slice(keep).join("，"));
    if (keep > 0) kept.push(clauses.slice(0, keep).join("，"));
  }
  return { text: trimAll(kept.join("。")), conventions };
}

/**
 * Sentences after the first that neither start with a label nor list units explain the note
 * (以上各项均由列明单位负责): they are kept with the conventions, not read as names.
 */
function dropExplanations(text: string, conventions: string[]): string {
  const [first, ...rest] = text.split("。");
  const kept = [first ?? ""];
  for (const sentence of rest.filter(Boolean)) {
    const names = splitUnitList(sentence);
    const listsUnits = names.length > 0 && names.every((n) => UNIT_SUFFIX.test(n) && !oddName(n));
    if (startsWithLabel(sentence) || listsUnits) kept.push(sentence);
    else conventions.push(sentence);
  }
  return kept.join("。");
}

// ---------------------------------------------------------------------------------------------
// Labels

type LabelKind = "LEAD" | "CO" | "RESPONSIBLE" | "LEADER" | "DUE";

const LABEL_WORDS = [
  "牵头负责领导",
  "牵头[省市区县州]?领导",
  "责任领导",
  "分管领导",
  "联系领导",
  "包抓领导",
  "负责领导",
  "牵头责任单位",
  "牵头单位",
  "牵头部门",
  "牵头处室",
  "主责单位",
  "主办单位",
  "主要责任单位",
  "协同责任单位",
  "配合责任单位",
  "配合单位",
  "配合部门",
  "协办单位",
  "参与单位",
  "参与部门",
  "协同单位",
  "协作单位",
  "责任单位",
  "责任部门",
  "责任主体",
  "承办单位",
  "完成时限",
  "完成时间",
  "完成期限",
  "时限要求",
  "时间要求",
  "时间节点",
  "办结时限",
  "时限",
].join("|");

const LABEL = new RegExp(`(${LABEL_WORDS})[：:]`, "g");
const LABEL_AT_START = new RegExp(`^(?:${LABEL_WORDS})\\s*[：:]`);

/** Starts a paragraph that is itself a note: 责任单位：A、B / 牵头市领导：张某 / 完成时限：…. */
export const LINE_NOTE_START = LABEL_AT_START;

const BRACKETED_LABEL = new RegExp(`[【\\[［〔]\\s*(${LABEL_WORDS})\\s*[】\\]］〕][：:]?`, "g");

/** 【责任单位】A【配合单位】B is written 责任单位：A；配合单位：B for reading. */
export function unbracketLabels(paragraph: string): string {
  return paragraph.replace(BRACKETED_LABEL, (_m, label: string, offset: number) => {
    const before = paragraph.slice(0, offset);
    const separator = offset === 0 || /[。；;，,\s]$/.test(before) ? "" : "；";
    return `${separator}${label}：`;
  });
}

function startsWithLabel(s: string): boolean {
  return LABEL_AT_START.test(s);
}

function labelKind(label: string): LabelKind {
  if (/领导$/.test(label)) return "LEADER";
  if (/时限|时间|期限|节点/.test(label)) return "DUE";
  if (/牵头|主责|主办|主要责任/.test(label)) return "LEAD";
  if (/配合|协办|参与|协同|协作/.test(label)) return "CO";
  return "RESPONSIBLE";
}

// ---------------------------------------------------------------------------------------------
// Names

const GENERIC =
  /^(?:各|其他|省直|市直|县直|区直|省级|市级|县级|省|市|区|县)?(?:有关|相关)(?:部门|单位|方面|机构)(?:和单位|和部门|及单位)?$/;
// 各市（州）人民政府 · 各级政府 · 市（州）人民政府 · 县级人民政府 · 地方人民政府: a set, not one unit
// (市政府 alone is a city's own government).
const COLLECTIVE =
  /^各|^地方各级|^各级|^(?:地方|省级|市级|县级|乡镇)(?:人民政府|政府)$|^[市县区州]（[^）]*）(?:人民政府|政府)$/;
const UNIT_SUFFIX =
  /(?:厅|委|局|办|部|署|会|院|分行|银行|支行|中心|政府|海关|公司|集团|委员会|办公室|总局|总署|管委会|联社|协会|学校|大学|法院|检察院|军区|支队|总队|机构|小组)$/;
// A bare list (no label, no verb) is a note only if some name ends like a government body.
const STRONG_SUFFIX = /(?:厅|委|局|办|署|部|政府|海关|分行|委员会|办公室|管委会)$/;

export function isGenericUnit(name: string): boolean {
  return GENERIC.test(name);
}
export function isCollective(name: string): boolean {
  return !GENERIC.test(name) && COLLECTIVE.test(name);
}

// Trailing words that close a list rather than belong to its last name.
const TRAILING_VERB =
  /(?:按职责分工分别牵头|按职责分工负责|按职责分工|分工负责|分别负责|共同负责|分别牵头|牵头负责|牵头落实|牵头|负责落实|负责|指导|配合|参与|协助|协办|落实)$/;
const TRAILING_ETC =
  /(?:等有关部门和单位|等有关部门|等相关部门|等有关单位|等相关单位|等部门和单位|等部门|等单位|等)$/;

function cleanName(name: string): string {
  let n = trimAll(name).replace(/[。；，、]+$/, "");
  // Parentheticals that state the convention: A、B（第一责任单位为牵头单位，下同）
  n = n.replace(/（[^（）]*）$/, (group) => (CONVENTION.test(group) ? "" : group));
  n = n.replace(/^(?:由|请|各自)(?=.{2})/, "");
  for (let i = 0; i < 3; i++) n = n.replace(TRAILING_VERB, "").replace(TRAILING_ETC, "");
  return trimAll(n);
}

/** Unit names of a list such as 商务厅、省投资促进局、各市（州）人民政府. */
export function splitUnitList(list: string): string[] {
  const joined = toFullWidthPunctuation(list)
    // A、B等和各省级人民政府 · A会同有关部门 · A及各市（州）人民政府
    .replace(/等(?:有关|相关)?(?:部门|单位)?(?:和|及|以及|与)(?=各|地方|有关|相关)/g, "、")
    .replace(/(?:和|及|以及)(?=各)/g, "、")
    .replace(/会同/g, "、");
  const raw = splitTopLevel(joined, "、，；\n").map(cleanName).filter(Boolean);
  const merged: string[] = [];
  for (const part of raw) {
    const prev = merged[merged.length - 1];
    // 各区、县级市 or 各市、县人民政府 is one collective: a bare level word is never a unit by itself.
    if (
      prev &&
      prev.startsWith("各") &&
      /^(?:县级市|县|市|区|州|旗|自治县|自治州|乡镇|乡|镇|街道)(?:（[^）]*）)?(?:人民政府|政府)?$/.test(
        part,
      )
    ) {
      merged[merged.length - 1] = `${prev}、${part}`;
    } else {
      merged.push(part);
    }
  }
  return merged.filter((name) => !CONVENTION.test(name));
}

/** Whether a name reads as a sentence or a fragment rather than a unit. */
function oddName(name: string): boolean {
  if (name.length > 25) return true;
  if (/[。：！？]/.test(name)) return true;
  if (
    /^(?:要|应|并|及时|加强|推进|做好|开展|组织|确保|建立|完善|支持|以下|以上|上述|其中|不再)/.test(
      name,
    )
  )
    return true;
  return !isGenericUnit(name) && !isCollective(name) && /的/.test(name) && name.length > 8;
}

// ---------------------------------------------------------------------------------------------
// Lists and verbs

/** X为牵头单位，Y为配合单位 reads as X牵头，Y配合. */
function normalizeRoles(s: string): string {
  return s
    .replace(/为牵头(?:单位|部门)/g, "牵头")
    .replace(/为(?:配合|协办|参与)(?:单位|部门)/g, "配合");
}

type Roles = { leads: string[]; co: string[]; rule: LeadRule | null };

/** Leads before the first top-level comma; with no comma, the first listed leads. */
function beforeFirstComma(list: string): Roles {
  const [leadPart, ...rest] = splitTopLevel(list, "，；");
  const leads = splitUnitList(leadPart ?? "");
  if (rest.length === 0) return firstListed(list);
  return { leads, co: splitUnitList(rest.join("，")), rule: "BEFORE_FIRST_COMMA" };
}

/** Whether everything after the first top-level comma is a government (or a set of them). */
function governmentsAfterComma(list: string): boolean {
  const rest = splitTopLevel(list, "，；").slice(1);
  const names = splitUnitList(rest.join("，"));
  return names.length > 0 && names.every(isGovernment);
}

function isGovernment(name: string): boolean {
  return isCollective(name) || /(?:人民政府|政府)$/.test(name);
}

function firstListed(list: string): Roles {
  const names = splitUnitList(list);
  return { leads: names.slice(0, 1), co: names.slice(1), rule: "FIRST_LISTED" };
}

const CLOSING_VERB =
  /(?:负责|负责落实|按职责分工负责|分工负责|指导|组织实施|抓好落实|共同推进|按职责推进)$/;

/** Reads one list of units by the verb that closes or splits it. */
function readList(raw: string, ctx: NoteContext, bareList: "RESPONSIBLE" | "LEAD" | "CO"): Roles {
  const s = normalizeRoles(trimAll(raw)).replace(/[。；，]+$/, "");
  if (!s) return { leads: [], co: [], rule: null };
  if (bareList === "CO") return { leads: [], co: splitUnitList(s), rule: "LABELLED" };

  // X牵头，Y、Z配合 · A、B分别牵头 · A、B牵头负责，C参与
  const named = s.match(/^(.+?)(?:按职责分工)?(?:分别)?牵头(?:负责|落实|实施)?(?:[，；、](.*))?$/);
  if (named) {
    return {
      leads: splitUnitList(named[1]!),
      co: splitUnitList(named[2] ?? ""),
      rule: "NAMED_LEADS",
    };
  }
  if (bareList === "LEAD") return { leads: splitUnitList(s), co: [], rule: "LABELLED" };

  // X指导，Y参与
  const guided = s.match(/^(.+?)指导[，；](.+)$/);
  if (guided) {
    const g = firstListed(guided[1]!);
    return { leads: g.leads, co: [...g.co, ...splitUnitList(guided[2]!)], rule: "FIRST_LISTED" };
  }
  // A、B、C负责 · A、B，各省级人民政府按职责分工负责 · A会同有关部门负责 · A、B指导
  // · A、B负责，C落实 · A负责，B、C配合: any clause closed by 负责 makes the whole list first-listed.
  const clauses = splitTopLevel(s, "，；");
  if (clauses.some((c) => CLOSING_VERB.test(c)) || /会同/.test(s)) return firstListed(s);
  // A配合 alone: no lead.
  if (/(?:配合|参与|协助|协办)$/.test(s)) return { leads: [], co: splitUnitList(s), rule: null };
  // A bare list: the units before the first comma lead (joint leads in order), in the 2016
  // Sichuan style (with its 列首位的为牵头单位 convention) as in the 2023 draft (without one). Only
  // where a first-listed convention holds and the comma sets apart the governments that carry
  // the measure out locally (A、B，各市（州）人民政府) does the first listed lead alone.
  return ctx.firstListedLeads && governmentsAfterComma(s) ? firstListed(s) : beforeFirstComma(s);
}

// ---------------------------------------------------------------------------------------------
// Notes

function emptyResponsibility(note: string, form: Responsibility["form"]): Responsibility {
  return {
    leadUnits: [],
    coUnits: [],
    genericUnits: [],
    collectives: [],
    leader: null,
    due: null,
    note,
    form,
    rule: null,
    conventions: [],
    warnings: [],
  };
}

/**
 * Reads the content of a note (without its brackets). Throws nothing: what it cannot read is
 * named in `warnings`.
 */
export function readNoteContent(
  rawContent: string,
  ctx: NoteContext = NO_CONVENTION,
  note = rawContent,
  form: Responsibility["form"] = "BRACKET_NOTE",
): Responsibility {
  const normalized = toFullWidthPunctuation(trimAll(rawContent)).replace(/[\s\u3000]+/g, "");
  const stripped = stripConventions(normalized);
  const { conventions } = stripped;
  const text = dropExplanations(stripped.text, conventions);
  const r = emptyResponsibility(note, form);
  r.conventions = conventions;
  const local: NoteContext = {
    firstListedLeads:
      ctx.firstListedLeads || conventions.some((c) => FIRST_LISTED_CONVENTION.test(c)),
  };

  const labels = [...text.matchAll(LABEL)].filter(
    (m) => m.index === 0 || /[；，。]/.test(text[m.index! - 1]!),
  );
  const segments: Array<{ kind: LabelKind | null; label: string; value: string }> = [];
  if (labels.length === 0) segments.push({ kind: null, label: "", value: text });
  else {
    const before = text.slice(0, labels[0]!.index).replace(/[；，。]+$/, "");
    if (before) segments.push({ kind: null, label: "", value: before });
    labels.forEach((m, i) => {
      const start = m.index! + m[0].length;
      const end = i + 1 < labels.length ? labels[i + 1]!.index! : text.length;
      const value = text.slice(start, end).replace(/[，；。]+$/, "");
      segments.push({ kind: labelKind(m[1]!), label: m[1]!, value });
    });
  }

  const hasLeadLabel = segments.some((s) => s.kind === "LEAD");
  const leaders: string[] = [];
  for (const seg of segments) {
    if (seg.kind === "LEADER") {
      if (seg.value) leaders.push(seg.value);
      continue;
    }
    if (seg.kind === "DUE") {
      const due = readLabelledDue(seg.value);
      if (due.understood) r.due = { date: due.date, text: seg.value };
      else r.warnings.push(`完成时限无法识别：${seg.value}`);
      continue;
    }
    // 责任单位 next to an explicit 牵头单位 names the co-units.
    const bare =
      seg.kind === "LEAD"
        ? "LEAD"
        : seg.kind === "CO" || (seg.kind === "RESPONSIBLE" && hasLeadLabel)
          ? "CO"
          : "RESPONSIBLE";
    const roles = readList(seg.value, local, bare);
    r.leadUnits.push(...roles.leads);
    r.coUnits.push(...roles.co);
    if (roles.rule && !r.rule) r.rule = hasLeadLabel ? "LABELLED" : roles.rule;
    const unknownLabel = seg.kind === null && seg.value.match(/^([\u4e00-\u9fa5]{2,8})：/);
    if (unknownLabel) r.warnings.push(`责任分工中有无法识别的标签“${unknownLabel[1]}”`);
  }
  r.leader = leaders.length > 0 ? leaders.join("、") : null;
  finishNames(r);
  return r;
}

/** Removes repeats (a unit keeps its first role), flags generic and collective names. */
function finishNames(r: Responsibility) {
  const seen = new Set<string>();
  const keep = (names: string[]) =>
    names.filter((n) => {
      if (seen.has(n)) return false;
      seen.add(n);
      return true;
    });
  r.leadUnits = keep(r.leadUnits);
  r.coUnits = keep(r.coUnits);
  const all = [...r.leadUnits, ...r.coUnits];
  r.genericUnits = all.filter(isGenericUnit);
  r.collectives = all.filter(isCollective);
  for (const name of all) if (oddName(name)) r.warnings.push(`无法确认是否为单位名称：${name}`);
  if (r.leadUnits.length === 0 && all.length > 0) r.warnings.push("责任分工未写明牵头单位");
  else if (all.length === 0 && !r.leader && !r.due) r.warnings.push("责任分工中没有单位名称");
  if (r.leadUnits.length > 0 && r.leadUnits.every(isGenericUnit))
    r.warnings.push(`牵头单位不具体：${r.leadUnits.join("、")}`);
}

/** Combines a second note that closes the same text (（…）then 完成时限：… on the next line). */
export function mergeResponsibility(a: Responsibility, b: Responsibility): Responsibility {
  const merged: Responsibility = {
    ...a,
    leadUnits: [...a.leadUnits, ...b.leadUnits],
    coUnits: [...a.coUnits, ...b.coUnits],
    leader: [a.leader, b.leader].filter(Boolean).join("、") || null,
    due: b.due ?? a.due,
    note: `${a.note}\n${b.note}`,
    form: a.form,
    rule: a.rule ?? b.rule,
    conventions: [...a.conventions, ...b.conventions],
    warnings: [],
  };
  const warnings = [...a.warnings, ...b.warnings].filter(
    (w) => !/未写明牵头单位|没有单位名称/.test(w),
  );
  finishNames(merged);
  merged.warnings = [...new Set([...warnings, ...merged.warnings])];
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Finding notes in a paragraph

/** Whether a bracket's content is a responsibility note rather than ordinary text like （OEM）. */
export function looksLikeNote(content: string, afterSentence = false): boolean {
  const c = normalizeRoles(
    stripConventions(toFullWidthPunctuation(trimAll(content)).replace(/\s+/g, "")).text,
  );
  if (!c) return false;
  if (startsWithLabel(c)) return true;
  if (/。/.test(c)) return false;
  if (/^(?:由|请|以下|含|包括|即|简称|以下简称)/.test(c)) return false;
  if (/(?:负责|负责落实|按职责分工负责|指导|分别牵头|牵头)$/.test(c) && c.length <= 200)
    return true;
  if (/^[^。；]+(?:牵头|指导|负责)(?:负责)?[，；][^。]*(?:配合|参与|协助|协办|负责|落实)$/.test(c))
    return true;
  // A bare list of unit names right after a sentence: …。（省发展改革委、财政厅）
  if (afterSentence) {
    const names = splitUnitList(c);
    return (
      names.length > 0 &&
      names.every((n) => n.length <= 20 && UNIT_SUFFIX.test(n) && !oddName(n)) &&
      names.some((n) => STRONG_SUFFIX.test(n))
    );
  }
  return false;
}

export type FoundNote = { note: string; content: string; start: number; end: number };

/**
 * Every note in a paragraph, in order: bracket groups (（…） 〔…〕 【…】 (…)) whose content is a
 * note. Nested brackets inside names (各市（州）人民政府) stay inside their note.
 */
export function findBracketNotes(paragraph: string): FoundNote[] {
  const found: FoundNote[] = [];
  let after = 0;
  for (const [open, close] of bracketPairs(paragraph)) {
    const ch = paragraph[open]!;
    if (open < after || ch === "《" || ch === "<" || ch === "〈") continue;
    const content = paragraph.slice(open + 1, close);
    let k = open - 1;
    while (k >= 0 && /[\s\u3000]/.test(paragraph[k]!)) k--;
    const afterSentence = k < 0 || /[。；;！？]/.test(paragraph[k]!);
    if (looksLikeNote(content, afterSentence)) {
      found.push({ note: paragraph.slice(open, close + 1), content, start: open, end: close + 1 });
      after = close + 1;
    }
  }
  return found;
}

/** Every bracket that closes, opening index → closing index, in order of opening. One pass. */
function bracketPairs(s: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const stack: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (isOpening(ch)) stack.push(i);
    else if (isClosing(ch) && stack.length > 0) pairs.push([stack.pop()!, i]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

function matchingClose(s: string, openIndex: number): number {
  let depth = 0;
  for (let i = openIndex; i < s.length; i++) {
    const ch = s[i]!;
    if (isOpening(ch)) depth++;
    else if (isClosing(ch)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * A note whose brackets do not balance: （责任单位：商务厅，各市（州人民政府） or an opening
 * bracket never closed. Read from its opening to the end of the paragraph, so that the units are
 * not lost; the caller warns.
 */
export function findUnbalancedNote(paragraph: string): FoundNote | null {
  const re = new RegExp(`[（(〔【\\[](?=(?:${LABEL_WORDS})\\s*[：:])`, "g");
  const opens = [...paragraph.matchAll(re)];
  const last = opens[opens.length - 1];
  if (!last) return null;
  const start = last.index!;
  if (matchingClose(paragraph, start) >= 0) return null;
  const note = paragraph.slice(start).replace(/[。；;\s\u3000]+$/, "");
  const content = note.slice(1).replace(/[）)〕】\]]$/, "");
  return { note, content, start, end: paragraph.length };
}

/**
 * A note written as labels at the end of a paragraph, after its last sentence:
 * …加快建设。责任单位：商务厅，财政厅。 (a line break lost), or with a stray closing bracket.
 */
export function findTrailingLabelNote(paragraph: string): FoundNote | null {
  const re = new RegExp(`(?:^|[。；;])[\\s\u3000]*((?:${LABEL_WORDS})\\s*[：:].*)$`);
  const m = paragraph.match(re);
  if (!m || m.index === undefined) return null;
  const note = m[1]!.replace(/[。；;\s\u3000]+$/, "");
  const start = paragraph.length - m[1]!.length;
  if (start === 0) return null; // a line note, read as such
  return { note, content: note.replace(/[）)〕】\]]$/, ""), start, end: paragraph.length };
}

/** Words that show a paragraph meant to carry a note even when none could be read. */
export const NOTE_CUE = new RegExp(
  `(?:${LABEL_WORDS})\\s*[：:]|按职责分工负责|牵头[，,][^。]*(?:配合|参与)`,
);

/** Inline roles inside a measure's sentence: 由市商务委牵头，各相关部门配合. */
export function findInlineRoles(text: string): Responsibility | null {
  const m = toFullWidthPunctuation(text).match(
    /由([^，。；：]{2,40}?)牵头(?:[，、]([^。；]{2,60}?)(?:配合|参与|协助))?/,
  );
  if (!m) return null;
  const r = emptyResponsibility(m[0], "INLINE");
  r.leadUnits = splitUnitList(m[1]!);
  r.coUnits = m[2] ? splitUnitList(m[2]) : [];
  r.rule = "NAMED_LEADS";
  finishNames(r);
  return r;
}
