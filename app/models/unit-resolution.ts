// How a unit name written in a document resolves against a jurisdiction's unit directory. Pure:
// a snapshot of the directory in (app/models/unit-resolution.server.ts loads it), one answer per
// name out. Used by the import preview, its commit and `npm run import`.
//
// A name is, in this order:
// - EXACT: a unit's own name (and the unit has not been renamed or merged since);
// - ALIAS: another name of a unit (四川省商务厅 → 商务厅);
// - SUCCESSOR: the name (or an alias) of a unit renamed or merged since: the work goes to today's
//   unit (省经济和信息化委 → 经济和信息化厅; 人行成都分行 → 中国人民银行成都分行 → 中国人民银行四川省分行);
// - COLLECTIVE: a set of units (各市（州）人民政府, its 21 members);
// - GENERIC: a phrase that names no particular unit (有关部门): kept in the note, assigned to nobody;
// - SUGGESTION: not in the directory, but nearly a name that is — an abbreviation (省发改委 →
//   省发展改革委), a missing or extra jurisdiction prefix (发展改革委, 四川省财政厅), or a close
//   spelling; a person confirms it;
// - UNKNOWN: none of these. SUGGESTION and UNKNOWN need a person's decision before a commit.
import { isGenericUnit } from "../ingest/responsibility";
import { unitKey } from "../seed/unit-directory";
import { bigrams, dice, type Bigrams } from "../utils/similarity";

export type DirectoryEntry = {
  id: string;
  name: string;
  kind: string;
  /** false: a name met in a document and recorded, not a unit of the directory. */
  recognized: boolean;
  successorId: string | null;
  /** Members of a collective. */
  members?: number;
  /** false: deactivated (撤销) by a person; without a successor its name is not assignable. */
  active?: boolean;
  /** Merged into its successor as a duplicate: its name is an alias of that unit now. */
  merged?: boolean;
};

export type DirectorySnapshot = {
  jurisdiction: { id: string; code: string; name: string; level: string };
  units: DirectoryEntry[];
  aliases: Array<{ alias: string; unitId: string }>;
};

export type ResolvedUnit = { id: string; name: string; kind: string };

export type SuggestionReason = "PREFIX" | "ABBREVIATION" | "SIMILAR";

export type Suggestion = {
  /** The unit of today the name would go to. */
  unit: ResolvedUnit;
  /** The directory name (or alias) the written name is close to. */
  matched: string;
  /** When the matched name belongs to a unit renamed or merged since: that unit. */
  from: ResolvedUnit | null;
  reason: SuggestionReason;
  /** 1 for prefix and abbreviation matches; the similarity otherwise. */
  score: number;
};

export type NameResolution =
  | { kind: "EXACT"; unit: ResolvedUnit }
  | { kind: "ALIAS"; unit: ResolvedUnit; alias: string }
  | { kind: "SUCCESSOR"; unit: ResolvedUnit; from: ResolvedUnit }
  | { kind: "COLLECTIVE"; unit: ResolvedUnit; members: number }
  | { kind: "GENERIC" }
  | { kind: "SUGGESTION"; suggestions: Suggestion[]; recorded: ResolvedUnit | null }
  | {
      kind: "UNKNOWN";
      recorded: ResolvedUnit | null;
      /** The name is a unit people deactivated without naming a successor. */
      inactive?: ResolvedUnit;
    };

export type ResolutionKind = NameResolution["kind"];

/** Whether a resolution needs a person's decision before the measure can be committed. */
export function needsDecision(
  r: NameResolution,
): r is Extract<NameResolution, { kind: "SUGGESTION" | "UNKNOWN" }> {
  return r.kind === "SUGGESTION" || r.kind === "UNKNOWN";
}

/** The unit assignments go to, when the name resolves on its own. */
export function resolvedUnit(r: NameResolution): ResolvedUnit | null {
  return "unit" in r ? r.unit : null;
}

// Long forms and the short forms government texts use for them, longest first where one contains
// another. Both a written name and every directory name are brought to their short forms before
// they are compared, so 省发展和改革委员会, 省发展改革委 and 省发改委 compare equal.
const SHORT_FORMS: Array<[RegExp, string]> = [
  [/发展和改革|发展改革/g, "发改"],
  [/经济和信息化|经济信息化/g, "经信"],
  [/工业和信息化|工业信息化/g, "工信"],
  [/人力资源和社会保障|人力资源社会保障|人力社保/g, "人社"],
  [/住房和城乡建设|住房城乡建设/g, "住建"],
  [/科学技术/g, "科技"],
  [/卫生和健康|卫生健康/g, "卫健"],
  [/市场监督管理|市场监管/g, "市监"],
  [/药品监督管理/g, "药监"],
  [/国有资产监督管理/g, "国资"],
  [/林业和草原/g, "林草"],
  [/文化和旅游/g, "文旅"],
  [/生态环境/g, "生态"],
  [/交通运输/g, "交通"],
  [/农业农村/g, "农业"],
  [/应急管理/g, "应急"],
  [/中国人民银行|人民银行/g, "人行"],
  [/中国进出口银行|进出口银行/g, "口行"],
  [/国家开发银行/g, "国开行"],
  [/中国出口信用保险公司|中国信保/g, "信保"],
  [/国家外汇管理局|外汇管理局/g, "外汇局"],
  [/国家税务总局/g, "税务"],
  [/国际贸易促进委员会|贸易促进委员会/g, "贸促会"],
  [/出入境检验检疫/g, "检验检疫"],
  [/外事工作委员会办公室|外事办公室|外事办/g, "外办"],
  [/金融工作办公室|金融工作办/g, "金融办"],
  [/管理委员会/g, "管委会"],
  [/委员会/g, "委"],
  [/办公室/g, "办"],
  [/人民政府/g, "政府"],
  [/中华人民共和国/g, ""],
];

// Joining words that abbreviations drop (文化和旅游厅 → 文旅厅 is covered above; 和 elsewhere too).
const JOINERS = /[和与及]/g;

/** The short, comparable form of a unit name (no jurisdiction prefix handling here). */
export function shortForm(name: string): string {
  let s = unitKey(name);
  for (const [re, short] of SHORT_FORMS) s = s.replace(re, short);
  return s.replace(JOINERS, "");
}

/**
 * The prefixes a name of this jurisdiction may start with: 四川省 / 四川 / 省 for a province,
 * 天津市 / 天津 / 市 for a municipality; longest first. A national directory has none.
 */
export function jurisdictionPrefixes(j: DirectorySnapshot["jurisdiction"]): string[] {
  if (j.level === "NATIONAL") return [];
  const full = j.name;
  const bare = full.replace(/(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$/, "");
  const level = j.level === "MUNICIPALITY" ? "市" : "省";
  return [...new Set([full, bare, level])].filter(Boolean).sort((a, b) => b.length - a.length);
}

function stripPrefix(s: string, prefixes: string[]): string {
  for (const p of prefixes)
    if (s.startsWith(p) && s.length > p.length + 1) return s.slice(p.length);
  return s;
}

type Candidate = {
  /** The directory name or alias, as stored. */
  text: string;
  entry: DirectoryEntry;
  /** Its key without any jurisdiction prefix. */
  bare: string;
  /** Its short form without any jurisdiction prefix. */
  short: string;
  /** Bigrams of both, for the similarity of near spellings (the best of the two counts). */
  grams: Bigrams;
  shortGrams: Bigrams;
};

/** Above this similarity of short forms, a name the directory lacks is offered as a suggestion. */
export const SUGGESTION_THRESHOLD = 0.6;
const MAX_SUGGESTIONS = 3;

export type UnitResolver = {
  resolve(name: string): NameResolution;
  /** A unit of the directory by id, as today's unit (renames and mergers followed). */
  today(unitId: string): ResolvedUnit | null;
  snapshot: DirectorySnapshot;
};

/** A resolver over one jurisdiction's directory: its lookups are built once, names resolved many times. */
export function unitResolver(snapshot: DirectorySnapshot): UnitResolver {
  const byId = new Map(snapshot.units.map((u) => [u.id, u]));
  const byName = new Map(snapshot.units.map((u) => [unitKey(u.name), u]));
  const byAlias = new Map<string, DirectoryEntry>();
  for (const a of snapshot.aliases) {
    const u = byId.get(a.unitId);
    if (u) byAlias.set(unitKey(a.alias), u);
  }
  const prefixes = jurisdictionPrefixes(snapshot.jurisdiction);
  const ref = (u: DirectoryEntry): ResolvedUnit => ({ id: u.id, name: u.name, kind: u.kind });

  const todayOf = (u: DirectoryEntry): DirectoryEntry => {
    const seen = new Set<string>();
    let cur = u;
    while (cur.successorId && byId.has(cur.successorId) && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = byId.get(cur.successorId)!;
    }
    return cur;
  };

  const candidates: Candidate[] = [];
  const retired = (u: DirectoryEntry) => u.active === false && !u.successorId;
  const addCandidate = (text: string, entry: DirectoryEntry) => {
    if (!entry.recognized || entry.merged || retired(entry)) return;
    const bare = stripPrefix(unitKey(text), prefixes);
    const short = stripPrefix(shortForm(text), prefixes);
    candidates.push({ text, entry, bare, short, grams: bigrams(bare), shortGrams: bigrams(short) });
  };
  for (const u of snapshot.units) addCandidate(u.name, u);
  for (const a of snapshot.aliases) {
    const u = byId.get(a.unitId);
    if (u) addCandidate(a.alias, u);
  }

  const found = (u: DirectoryEntry, alias: string | null): NameResolution => {
    const now = todayOf(u);
    if (now.id !== u.id) return { kind: "SUCCESSOR", unit: ref(now), from: ref(u) };
    if (u.kind === "COLLECTIVE")
      return { kind: "COLLECTIVE", unit: ref(u), members: u.members ?? 0 };
    return alias ? { kind: "ALIAS", unit: ref(u), alias } : { kind: "EXACT", unit: ref(u) };
  };

  const suggest = (key: string): Suggestion[] => {
    const bare = stripPrefix(key, prefixes);
    const short = stripPrefix(shortForm(key), prefixes);
    const grams = bigrams(bare);
    const shortGrams = bigrams(short);
    const out: Suggestion[] = [];
    for (const c of candidates) {
      let reason: SuggestionReason | null = null;
      let score = 1;
      if (c.bare === bare) reason = "PREFIX";
      else if (c.short === short) reason = "ABBREVIATION";
      else {
        score = Math.max(dice(grams, c.grams), dice(shortGrams, c.shortGrams));
        if (score >= SUGGESTION_THRESHOLD) reason = "SIMILAR";
      }
      if (!reason) continue;
      const now = todayOf(c.entry);
      out.push({
        unit: ref(now),
        matched: c.text,
        from: now.id !== c.entry.id ? ref(c.entry) : null,
        reason,
        score,
      });
    }
    // One suggestion per unit of today: the best way the name reaches it.
    const rank: Record<SuggestionReason, number> = { PREFIX: 0, ABBREVIATION: 1, SIMILAR: 2 };
    out.sort((a, b) => rank[a.reason] - rank[b.reason] || b.score - a.score);
    const seen = new Set<string>();
    return out.filter((s) => !seen.has(s.unit.id) && seen.add(s.unit.id)).slice(0, MAX_SUGGESTIONS);
  };

  return {
    snapshot,
    today: (id) => {
      const u = byId.get(id);
      return u ? ref(todayOf(u)) : null;
    },
    resolve(name) {
      const key = unitKey(name);
      const own = byName.get(key);
      if (own?.recognized && retired(own))
        return { kind: "UNKNOWN", recorded: null, inactive: ref(own) };
      // A duplicate people merged away goes by its alias, to the unit it was merged into.
      if (own?.recognized && !own.merged) return found(own, null);
      const alias = byAlias.get(key);
      if (alias) return found(alias, key);
      if (isGenericUnit(key)) return { kind: "GENERIC" };
      const recorded = own ? ref(own) : null;
      const suggestions = suggest(key);
      return suggestions.length > 0
        ? { kind: "SUGGESTION", suggestions, recorded }
        : { kind: "UNKNOWN", recorded };
    },
  };
}

/** How a resolution reads in the preview and the CLI. */
export function describeResolution(name: string, r: NameResolution): string {
  switch (r.kind) {
    case "EXACT":
      return `${name}：名录单位`;
    case "ALIAS":
      return `${name}：别称，即「${r.unit.name}」`;
    case "SUCCESSOR":
      return `${name}：「${r.from.name}」已更名或撤并，现为「${r.unit.name}」`;
    case "COLLECTIVE":
      return `${name}：集合（${r.members} 个成员单位）`;
    case "GENERIC":
      return `${name}：泛指，不分配单位`;
    case "SUGGESTION":
      return `${name}：名录中没有，建议 ${r.suggestions
        .map((s) => `「${s.unit.name}」（${SUGGESTION_REASON[s.reason]}）`)
        .join("、")}`;
    case "UNKNOWN":
      return `${name}：名录中没有，需指定单位或新建`;
  }
}

export const SUGGESTION_REASON: Record<SuggestionReason, string> = {
  PREFIX: "地区前缀不同",
  ABBREVIATION: "简称",
  SIMILAR: "名称相近",
};

export const RESOLUTION_LABEL: Record<ResolutionKind, string> = {
  EXACT: "名录单位",
  ALIAS: "别称",
  SUCCESSOR: "已更名",
  COLLECTIVE: "集合",
  GENERIC: "泛指",
  SUGGESTION: "建议",
  UNKNOWN: "未知",
};
