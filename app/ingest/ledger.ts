// A ledger (台账) or a division-of-work table (分工表): one measure per row. Pure: table in, the same
// parse result as a document out.
//
// Columns are found from the header row by their names (序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位
// or 责任单位 | 完成时限 | 备注, and their usual variants); the caller may override the proposed
// mapping. Units in a cell are separated by 、，；or line breaks. A cell merged down several rows (a
// task's several measures) gives its text to each; a blank 重点任务 cell repeats the one above.
// A row with text only in its first columns (一、深化改革) heads the rows below it.

import { readHeader } from "./document-header";
import type { ParsedDocument, ParsedMeasure, ParseWarning } from "./parse-document";
import { DocumentParseError } from "./parse-document";
import { findConvention, readNoteContent, type NoteContext } from "./responsibility";
import { trimAll } from "./text";

export type Table = {
  rows: string[][];
  /** merged[r][c]: the slot is covered by a merged cell that starts above or to the left. */
  merged: boolean[][];
  /** The worksheet's name, for a workbook. */
  name?: string;
};

export type ColumnRole =
  | "ref"
  | "section"
  | "task"
  | "measure"
  | "lead"
  | "co"
  | "responsible"
  | "due"
  | "leader"
  | "note";

/** Column index (from 0) of each role; a role without a column is absent. */
export type ColumnMapping = Partial<Record<ColumnRole, number>>;

export type LedgerInfo = {
  /** Worksheet name, or 表格N for the Nth table of a Word file. */
  table: string;
  /** Index (from 0) of the header row, and how many rows the header takes. */
  headerRow: number;
  headerRows: number;
  /** The header's label of every column. */
  columns: string[];
  /** What the header suggests. */
  proposed: ColumnMapping;
  /** What was used: the proposal with the caller's overrides. */
  mapping: ColumnMapping;
};

export const COLUMN_ROLES: ColumnRole[] = [
  "ref",
  "section",
  "task",
  "measure",
  "lead",
  "co",
  "responsible",
  "due",
  "leader",
  "note",
];

/** Chinese names of the roles, for the preview's mapping choices. */
export const COLUMN_ROLE_LABELS: Record<ColumnRole, string> = {
  ref: "序号",
  section: "类别",
  task: "重点任务",
  measure: "具体措施",
  lead: "牵头单位",
  co: "配合单位",
  responsible: "责任单位",
  due: "完成时限",
  leader: "责任领导",
  note: "备注",
};

// Checked in this order; the first that matches names the column.
const HEADER_WORDS: Array<[ColumnRole, RegExp]> = [
  ["ref", /^(?:序号|编号|序|项目编号|任务编号|任务序号|no\.?)$/i],
  ["leader", /领导|责任人$/],
  ["lead", /牵头|主责|主办/],
  ["co", /配合|协办|参与|协同|协作|协助/],
  ["responsible", /责任单位|责任部门|承办单位|落实单位|实施单位|责任主体|责任处室/],
  ["due", /时限|时间|期限|节点|进度/],
  ["note", /^(?:备注|说明|备注说明)$/],
  ["section", /^(?:类别|领域|板块|方面|分类|一级任务|任务类别|重点领域|类型)$/],
  [
    "measure",
    /具体措施|工作措施|主要措施|具体举措|措施|工作内容|具体任务|任务内容|具体内容|工作要求|主要内容|目标任务|任务举措|政策内容|具体工作|工作目标/,
  ],
  ["task", /任务|重点工作|工作事项|事项|项目名称|工作名称|重点项目/],
];

function roleOf(label: string): ColumnRole | null {
  const l = label.replace(/[\s\u3000]+/g, "");
  if (!l || l.length > 16) return null;
  for (const [role, re] of HEADER_WORDS) if (re.test(l)) return role;
  return null;
}

function mapRow(row: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  row.forEach((cell, c) => {
    const role = roleOf(cell);
    if (role && mapping[role] === undefined) mapping[role] = c;
  });
  return mapping;
}

function usable(m: ColumnMapping): boolean {
  const text = m.task !== undefined || m.measure !== undefined;
  const units = m.lead !== undefined || m.co !== undefined || m.responsible !== undefined;
  return text && units;
}

/** The header of a table: its row, its height (two rows when 责任单位 spans 牵头/配合), its mapping. */
export function findHeader(table: Table): Omit<LedgerInfo, "table" | "mapping"> | null {
  let best: { row: number; mapping: ColumnMapping; score: number } | null = null;
  const limit = Math.min(table.rows.length, 20);
  for (let r = 0; r < limit; r++) {
    const mapping = mapRow(table.rows[r]!);
    const score = Object.keys(mapping).length;
    if (usable(mapping) && (!best || score > best.score)) best = { row: r, mapping, score };
    if (best && best.row < r) break;
  }
  if (!best) {
    // 责任单位 over 牵头单位 | 配合单位: the lower row completes the upper one.
    for (let r = 0; r + 1 < limit; r++) {
      const columns = combine(table.rows[r]!, table.rows[r + 1]!);
      const mapping = mapRow(columns);
      if (usable(mapping)) return { headerRow: r, headerRows: 2, columns, proposed: mapping };
    }
    return null;
  }
  const r = best.row;
  if (r + 1 < table.rows.length && isSubHeader(table, r, r + 1)) {
    const columns = combine(table.rows[r]!, table.rows[r + 1]!);
    return { headerRow: r, headerRows: 2, columns, proposed: mapRow(columns) };
  }
  // The lower row of a two-row header whose upper cells are merged down into it.
  if (r > 0 && isSubHeader(table, r - 1, r))
    return { headerRow: r - 1, headerRows: 2, columns: table.rows[r]!, proposed: best.mapping };
  return { headerRow: r, headerRows: 1, columns: table.rows[r]!, proposed: best.mapping };
}

function combine(upper: string[], lower: string[]): string[] {
  return upper.map((u, c) => {
    const l = lower[c] ?? "";
    return l && l !== u ? l : u;
  });
}

/**
 * A second header row: under a cell merged across columns (责任单位 over 牵头单位 | 配合单位), short
 * labels that name roles.
 */
function isSubHeader(table: Table, upper: number, lower: number): boolean {
  const up = table.rows[upper]!;
  const low = table.rows[lower]!;
  const spread = (c: number) =>
    Boolean(table.merged[upper]?.[c]) || Boolean(table.merged[upper]?.[c + 1]);
  const under = low.filter((cell, c) => cell && cell !== up[c] && roleOf(cell) && spread(c));
  const short = (row: string[]) => row.every((cell) => cell.length <= 12);
  return under.length > 0 && short(low) && short(up) && Object.keys(mapRow(up)).length > 0;
}

/** For a header the caller will complete: the row naming the most roles, if any names two. */
function partialHeader(table: Table): Omit<LedgerInfo, "table" | "mapping"> | null {
  let best: { row: number; mapping: ColumnMapping; score: number } | null = null;
  table.rows.slice(0, 20).forEach((row, r) => {
    const mapping = mapRow(row);
    const score = Object.keys(mapping).length;
    if (score >= 2 && (!best || score > best.score)) best = { row: r, mapping, score };
  });
  if (!best) return null;
  const { row, mapping } = best;
  return { headerRow: row, headerRows: 1, columns: table.rows[row]!, proposed: mapping };
}

export type LedgerOptions = {
  /** Replaces the proposed column of a role; null removes the role. */
  mapping?: Partial<Record<ColumnRole, number | null>>;
  /** Lines above the table that name the document (a Word file's title and number). */
  titleLines?: string[];
};

/** Tables in order of preference: those whose header names a text column and a unit column. */
export function findLedgerTables(tables: Table[]): Array<{ table: Table; index: number }> {
  return tables
    .map((table, index) => ({ table, index }))
    .filter(({ table }) => findHeader(table) !== null);
}

export function parseLedger(
  table: Table,
  options: LedgerOptions & { tableName?: string } = {},
): { parsed: ParsedDocument; ledger: LedgerInfo } {
  const header = findHeader(table) ?? partialHeader(table);
  if (!header && !options.mapping)
    throw new DocumentParseError(
      "表格中没有找到表头：需要有“重点任务”或“具体措施”一列，以及“牵头单位”“配合单位”或“责任单位”一列",
    );
  const proposed = header?.proposed ?? {};
  const mapping: ColumnMapping = { ...proposed };
  for (const [role, column] of Object.entries(options.mapping ?? {}) as Array<
    [ColumnRole, number | null]
  >) {
    if (column === null) delete mapping[role];
    else mapping[role] = column;
  }
  if (mapping.task === undefined && mapping.measure === undefined)
    throw new DocumentParseError("列的对应关系中没有“重点任务”或“具体措施”列");

  const headerRow = header?.headerRow ?? -1;
  const headerRows = header?.headerRows ?? 1;
  const above = table.rows.slice(0, Math.max(headerRow, 0)).flatMap(distinctTexts);
  const titleLines = [...(options.titleLines ?? []), ...above];
  const allText = table.rows.map((r) => r.join(" ")).join("\n");
  const leadConvention = findConvention(`${titleLines.join("\n")}\n${allText}`);
  const ctx: NoteContext = { firstListedLeads: leadConvention !== null };

  const skipped: ParseWarning[] = [];
  const measures = readRows(table, mapping, headerRow + headerRows, ctx, skipped);
  if (measures.length === 0) throw new DocumentParseError("表格中没有找到任何措施");

  const document = readHeader({
    front: titleLines,
    all: titleLines,
    bodyEnd: titleLines.length,
    coverDateLine: null,
    planTitleLines: [],
    opening: titleLines.join("\n"),
  });
  document.leadConvention = leadConvention;
  if (!document.title)
    document.title = titleLines.find((l) => l.length <= 80) ?? table.name ?? null;

  const warnings: ParseWarning[] = [
    ...skipped,
    ...measures.flatMap((m) => m.warnings.map((message) => ({ ref: m.ref, message }))),
  ];
  return {
    parsed: { document, measures, warnings },
    ledger: {
      table: options.tableName ?? table.name ?? "表格",
      headerRow,
      headerRows,
      columns: header?.columns ?? table.rows[0] ?? [],
      proposed,
      mapping,
    },
  };
}

/**
 * Several ledger tables (sheets of a workbook, 附件1 and 附件2 of a Word file): each is read, and
 * when there is more than one their refs carry the table's name (台账.3, 表格2.1).
 */
export function parseLedgers(
  items: Array<{ table: Table; name: string; titleLines?: string[] }>,
  mapping?: LedgerOptions["mapping"],
): { parsed: ParsedDocument; ledgers: LedgerInfo[] } {
  const read: Array<{ parsed: ParsedDocument; ledger: LedgerInfo }> = [];
  const skipped: ParseWarning[] = [];
  let firstError: unknown = null;
  for (const item of items) {
    try {
      read.push(
        parseLedger(item.table, { mapping, titleLines: item.titleLines, tableName: item.name }),
      );
    } catch (error) {
      if (!(error instanceof DocumentParseError)) throw error;
      firstError ??= error;
      skipped.push({ ref: null, message: `${item.name}：${error.message}` });
    }
  }
  if (read.length === 0) throw firstError ?? new DocumentParseError("表格中没有找到任何措施");
  if (read.length === 1) {
    const only = read[0]!;
    only.parsed.warnings.unshift(...skipped);
    return { parsed: only.parsed, ledgers: [only.ledger] };
  }
  const prefixed = (name: string, ref: string) => `${name}.${ref}`;
  const measures = read.flatMap(({ parsed, ledger }) =>
    parsed.measures.map((m) => ({ ...m, ref: prefixed(ledger.table, m.ref) })),
  );
  const warnings = [
    ...skipped,
    ...read.flatMap(({ parsed, ledger }) =>
      parsed.warnings.map((w) => ({
        ref: w.ref === null ? null : prefixed(ledger.table, w.ref),
        message: w.ref === null ? `${ledger.table}：${w.message}` : w.message,
      })),
    ),
  ];
  const document =
    read.find((r) => r.parsed.document.title)?.parsed.document ?? read[0]!.parsed.document;
  return { parsed: { document, measures, warnings }, ledgers: read.map((r) => r.ledger) };
}

function distinctTexts(row: string[]): string[] {
  return [...new Set(row.map(trimAll).filter(Boolean))];
}

type Row = { index: number; cells: string[]; merged: boolean[] };

function readRows(
  table: Table,
  m: ColumnMapping,
  start: number,
  ctx: NoteContext,
  skipped: ParseWarning[],
): ParsedMeasure[] {
  const get = (row: Row, role: ColumnRole) =>
    m[role] === undefined ? "" : trimAll(row.cells[m[role]!] ?? "");
  const isMerged = (row: Row, role: ColumnRole) =>
    m[role] !== undefined && Boolean(row.merged[m[role]!]);
  const unitRoles: ColumnRole[] = ["lead", "co", "responsible"];

  const measures: ParsedMeasure[] = [];
  const rawRefs: Array<{ ref: string; merged: boolean }> = [];
  let section: string | null = null;
  let lastTask = "";
  for (let r = start; r < table.rows.length; r++) {
    const row: Row = { index: r, cells: table.rows[r]!, merged: table.merged[r] ?? [] };
    const texts = distinctTexts(row.cells);
    if (texts.length === 0) continue;
    const measureText = get(row, "measure");
    const units = unitRoles.map((role) => get(row, role)).filter(Boolean);
    // A row across the whole table (merged) or with text only in its leading columns: a heading.
    const spansRow = texts.length === 1 && row.cells.filter(Boolean).length > 1;
    const onlyLabels = !measureText && units.length === 0 && !get(row, "due");
    if (spansRow || (onlyLabels && m.measure !== undefined)) {
      section = texts.join(" ");
      lastTask = "";
      continue;
    }
    const ownTask = get(row, "task");
    // A blank 重点任务 under a filled one is "same as above" for the measures that follow.
    const task = ownTask || (m.measure !== undefined && measureText ? lastTask : "");
    lastTask = task;
    const text = measureText || ownTask;
    if (!text) {
      if (units.length > 0)
        skipped.push({ ref: null, message: `表格第 ${r + 1} 行有责任单位但没有任务内容，未读入` });
      continue;
    }

    const note = buildNote(row, get);
    const responsibility = note ? readNoteContent(note, ctx, note, "TABLE") : null;
    if (responsibility && m.lead !== undefined) responsibility.rule = "COLUMNS";
    const remark = get(row, "note");
    // 重点任务 groups the measures as a section heading does in a document.
    const sections = [get(row, "section") || section, measureText ? task : ""].filter(
      (s): s is string => Boolean(s),
    );
    const heading = headingOf(text) || task;
    const due = responsibility?.due ?? null;
    const warnings = [...(responsibility?.warnings ?? [])];
    if (!responsibility || responsibility.leadUnits.length + responsibility.coUnits.length === 0)
      warnings.push(`表格第 ${r + 1} 行没有写明责任单位`);

    rawRefs.push({ ref: get(row, "ref").replace(/[．.、\s]+$/, ""), merged: isMerged(row, "ref") });
    measures.push({
      ref: "",
      sections,
      heading,
      text: remark ? `${text}\n备注：${remark}` : text,
      leadUnits: responsibility?.leadUnits ?? [],
      coUnits: responsibility?.coUnits ?? [],
      genericUnits: responsibility?.genericUnits ?? [],
      collectives: responsibility?.collectives ?? [],
      leader: responsibility?.leader ?? null,
      note: responsibility?.note ?? null,
      responsibility,
      dueDate: due?.date ?? null,
      dueDateSource: due ? "MEASURE" : null,
      dueDateText: due?.text ?? null,
      recurrence: null,
      warnings: [...new Set(warnings)],
    });
  }
  assignRefs(measures, rawRefs);
  return measures;
}

/** The cells of a row as one note: 牵头单位：…；配合单位：…；完成时限：…. Null when it names nothing. */
function buildNote(row: Row, get: (row: Row, role: ColumnRole) => string): string | null {
  const units = (s: string) =>
    s.replace(/[\s\u3000]*[\r\n]+[\s\u3000]*/g, "、").replace(/^[、，；]+|[、，；]+$/g, "");
  const parts: string[] = [];
  const lead = units(get(row, "lead"));
  const co = units(get(row, "co"));
  const responsible = units(get(row, "responsible"));
  if (lead) parts.push(`牵头单位：${lead}`);
  if (co) parts.push(`配合单位：${co}`);
  if (responsible) parts.push(`${lead ? "配合单位" : "责任单位"}：${responsible}`);
  const due = get(row, "due").replace(/[\r\n]+/g, "；");
  if (due) parts.push(`完成时限：${due}`);
  const leader = get(row, "leader").replace(/[\r\n]+/g, "、");
  if (leader) parts.push(`责任领导：${leader}`);
  return parts.length > 0 ? parts.join("；") : null;
}

function headingOf(text: string): string {
  const t = trimAll(text);
  const stop = t.search(/[。；：:;\n]/);
  if (stop > 0 && stop <= 60) return t.slice(0, stop);
  return t.length <= 60 ? t.replace(/[。]$/, "") : "";
}

/**
 * Refs from the 序号 column: a number merged down a task's rows gives 3-1, 3-2 …; a row without a
 * number takes the next in sequence; repeats are kept apart with #2.
 */
function assignRefs(measures: ParsedMeasure[], raw: Array<{ ref: string; merged: boolean }>) {
  const groups: number[][] = [];
  raw.forEach((r, i) => {
    const previous = groups[groups.length - 1];
    if (r.ref && r.merged && previous && raw[previous[0]!]!.ref === r.ref) previous.push(i);
    else groups.push([i]);
  });
  let sequence = 0;
  const seen = new Map<string, number>();
  for (const group of groups) {
    sequence++;
    const base = raw[group[0]!]!.ref || String(sequence);
    group.forEach((i, k) => {
      let ref = group.length > 1 ? `${base}-${k + 1}` : base;
      const count = (seen.get(ref) ?? 0) + 1;
      seen.set(ref, count);
      if (count > 1) {
        const kept = `${ref}#${count}`;
        measures[i]!.warnings.push(`编号重复：${ref}，重复的一条记为 ${kept}`);
        ref = kept;
      }
      measures[i]!.ref = ref;
    });
  }
}
