// Reads who is responsible for a measure from its note. Pure: text in, unit names out.
//
// Notations seen in provincial documents (see ../../seeds/README.md for sources):
//   （责任单位：A，B、C）            leads before the first full-width comma, co-units after
//   （责任单位：A、B，C）            joint leads A and B
//   （A、B、C按职责分工负责） （A负责）  first listed leads, the rest co-own
//   （牵头单位：X；配合单位：Y、Z）   explicit labels; 责任单位 after 牵头单位 names the co-units
//   （X牵头，Y、Z配合）               inline roles
//   由A牵头，各相关部门配合            inside the measure's own sentence
// A sentence explaining the convention (列首位的为牵头单位，下同) names no unit and is dropped.

import { isClosing, matchingOpen, splitTopLevel, toFullWidthPunctuation, trimAll } from "./text";

export type Responsibility = {
  leadUnits: string[];
  coUnits: string[];
  /** The note as it stood in the text, brackets included. */
  note: string;
  /** How it was written: BRACKET_NOTE, LINE_NOTE or INLINE. */
  form: "BRACKET_NOTE" | "LINE_NOTE" | "INLINE";
  /** Convention sentences found inside the note (列首位的为牵头单位，下同). */
  conventions: string[];
};

// A sentence or parenthetical that states the ordering convention rather than naming units.
const CONVENTION =
  /下同|列首位|列第一位|排第一位|排在首位|第一责任单位|首位的?为|为牵头(?:或汇总)?单位|牵头或汇总单位/;

const LABEL =
  /(牵头单位|牵头部门|配合单位|配合部门|协办单位|参与单位|责任单位|责任部门|主责单位)：/g;
const LEAD_LABELS = new Set(["牵头单位", "牵头部门", "主责单位"]);
const CO_LABELS = new Set(["配合单位", "配合部门", "协办单位", "参与单位"]);

/** Starts a paragraph that is itself a note: 责任单位：A、B / 牵头单位：X. */
export const LINE_NOTE_START =
  /^(?:牵头单位|牵头部门|配合单位|配合部门|责任单位|责任部门|主责单位)\s*[：:]/;

/** Whether a bracket's content is a responsibility note rather than ordinary text like （OEM）. */
export function looksLikeNote(content: string): boolean {
  const c = toFullWidthPunctuation(trimAll(content));
  if (/^(?:牵头单位|牵头部门|配合单位|配合部门|责任单位|责任部门|主责单位)：/.test(c)) return true;
  if (/按职责分工负责[。]?$/.test(c)) return true;
  if (/^[^，。；]{2,60}负责[。]?$/.test(c) && !/^(?:由|请)/.test(c)) return true;
  if (/^[^。；]+牵头[，；]?[^。]*(?:配合|参与|协助)[。]?$/.test(c)) return true;
  if (/^[^，。；]+牵头[。]?$/.test(c)) return true;
  return false;
}

/**
 * Finds a note that closes the paragraph: the last bracket group, if what it holds is a note.
 * Returns the note with its brackets and the index where it starts.
 */
export function findTrailingBracketNote(
  paragraph: string,
): { note: string; content: string; start: number } | null {
  const p = paragraph.replace(/[。；;.\s\u3000]+$/, "");
  const close = p.length - 1;
  if (close < 0 || !isClosing(p[close]!)) return null;
  const open = matchingOpen(p, close);
  if (open < 0) return null;
  const content = p.slice(open + 1, close);
  if (!looksLikeNote(content)) return null;
  return { note: p.slice(open), content, start: open };
}

/** Unit names of a list such as 商务厅、省投资促进局、各市（州）人民政府. */
export function splitUnitList(list: string): string[] {
  const raw = splitTopLevel(list, "、，；").map(cleanName).filter(Boolean);
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

function cleanName(name: string): string {
  let n = trimAll(name);
  // Parentheticals that state the convention: A、B（第一责任单位为牵头单位，下同）
  n = n.replace(/（[^（）]*）$/, (group) => (CONVENTION.test(group) ? "" : group));
  n = n.replace(/^(?:由|请)/, "");
  n = n.replace(/(?:按职责分工负责|按职责分工|分别负责|共同负责|负责|等部门|等单位|等)$/, "");
  return trimAll(n.replace(/[。]+$/, ""));
}

/** Drops sentences and parentheticals that only explain the convention. */
function stripConventions(content: string): { text: string; conventions: string[] } {
  const conventions: string[] = [];
  const sentences = content.split("。").map(trimAll).filter(Boolean);
  const kept: string[] = [];
  for (const sentence of sentences) {
    const hasLabel = /^(?:牵头单位|配合单位|责任单位|责任部门|牵头部门|配合部门|主责单位)：/.test(
      sentence,
    );
    if (!hasLabel && CONVENTION.test(sentence)) conventions.push(sentence);
    else kept.push(sentence);
  }
  let text = kept.join("。");
  text = text.replace(/（([^（）]*)）/g, (group, inner: string) => {
    if (CONVENTION.test(inner)) {
      conventions.push(inner);
      return "";
    }
    return group;
  });
  // A convention appended after a comma: 责任单位：A，B、C，列首位的为牵头单位
  const tail = text.match(
    /[，；]([^，；]*(?:列首位|列第一位|第一责任单位|下同)[^，；]*(?:[，；][^，；]*下同)?)$/,
  );
  if (tail) {
    conventions.push(tail[1]!);
    text = text.slice(0, tail.index);
  }
  return { text: trimAll(text), conventions };
}

/** Leads before the first top-level full-width comma; with no comma, the first listed leads. */
function splitByFirstComma(list: string): { leadUnits: string[]; coUnits: string[] } {
  const [leadPart, ...rest] = splitTopLevel(list, "，；");
  const leads = splitUnitList(leadPart ?? "");
  const co = splitUnitList(rest.join("，"));
  if (rest.length === 0 && leads.length > 1)
    return { leadUnits: leads.slice(0, 1), coUnits: leads.slice(1) };
  return { leadUnits: leads, coUnits: co };
}

function firstListedLeads(list: string): { leadUnits: string[]; coUnits: string[] } {
  const names = splitUnitList(list);
  return { leadUnits: names.slice(0, 1), coUnits: names.slice(1) };
}

/**
 * Reads the content of a note (without its brackets). Throws nothing: a note it cannot read
 * yields empty lists and the caller reports a warning.
 */
export function readNoteContent(rawContent: string): {
  leadUnits: string[];
  coUnits: string[];
  conventions: string[];
} {
  const normalized = toFullWidthPunctuation(trimAll(rawContent)).replace(/\s+/g, "");
  const { text, conventions } = stripConventions(normalized);

  const labels = [...text.matchAll(LABEL)];
  if (labels.length > 0) {
    const segments = labels.map((m, i) => {
      const start = m.index! + m[0].length;
      const end = i + 1 < labels.length ? labels[i + 1]!.index! : text.length;
      return { label: m[1]!, list: text.slice(start, end).replace(/[，；。]+$/, "") };
    });
    const hasLeadLabel = segments.some((s) => LEAD_LABELS.has(s.label));
    if (!hasLeadLabel) {
      // Only 责任单位: the comma convention decides, co-unit labels (if any) add to the co-units.
      const lists = segments.filter((s) => !CO_LABELS.has(s.label));
      const result = splitByFirstComma(lists.map((s) => s.list).join("，"));
      for (const s of segments.filter((s) => CO_LABELS.has(s.label)))
        result.coUnits.push(...splitUnitList(s.list));
      return { ...result, conventions };
    }
    const leadUnits: string[] = [];
    const coUnits: string[] = [];
    for (const s of segments) {
      if (LEAD_LABELS.has(s.label)) leadUnits.push(...splitUnitList(s.list));
      else coUnits.push(...splitUnitList(s.list)); // 配合单位, or 责任单位 next to an explicit 牵头单位
    }
    return { leadUnits, coUnits, conventions };
  }

  // X牵头，Y、Z配合  /  X牵头
  const leadCo = text.match(/^(.+?)牵头[，；]?(.*?)(?:配合|参与|协助|协办)?$/);
  if (leadCo) {
    return {
      leadUnits: splitUnitList(leadCo[1]!),
      coUnits: splitUnitList(leadCo[2] ?? ""),
      conventions,
    };
  }
  // A、B、C按职责分工负责  /  A负责
  if (/负责$/.test(text)) return { ...firstListedLeads(text), conventions };
  return { ...splitByFirstComma(text), conventions };
}

/** Inline roles inside a measure's sentence: 由市商务委牵头，各相关部门配合. */
export function findInlineRoles(text: string): Responsibility | null {
  const m = toFullWidthPunctuation(text).match(
    /由([^，。；：]{2,40}?)牵头(?:[，、]([^。；]{2,60}?)(?:配合|参与|协助))?/,
  );
  if (!m) return null;
  return {
    leadUnits: splitUnitList(m[1]!),
    coUnits: m[2] ? splitUnitList(m[2]) : [],
    note: m[0],
    form: "INLINE",
    conventions: [],
  };
}
