// The unit directory (seeds/units.json): read and checked before anything touches the database.
// Pure: JSON in, a validated directory or a list of problems out.

export type DirectorySuccessor = {
  name: string;
  year: number;
  date?: string;
  verified: boolean;
  note?: string;
};

export type DirectoryUnit = {
  jurisdiction: string;
  name: string;
  kind: string;
  /** Other full names (四川省商务厅). */
  aliases: string[];
  /** Abbreviations, 简称 (省发改委): matched as aliases are, listed apart. */
  abbreviations: string[];
  successor?: DirectorySuccessor;
  note?: string;
  members?: string[];
  /** Codes of the jurisdictions this unit supervises (a 督办部门: 商务厅 → SC). */
  supervises?: string[];
};

export type DirectoryJurisdiction = { code: string; name: string; level: string; note?: string };

export type UnitDirectory = { jurisdictions: DirectoryJurisdiction[]; units: DirectoryUnit[] };

export const UNIT_KINDS = [
  "DEPARTMENT",
  "AGENCY",
  "CENTRAL_BRANCH",
  "FINANCIAL",
  "GOVERNMENT",
  "COLLECTIVE",
  "OTHER",
] as const;

export class DirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`seeds/units.json has ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
    this.name = "DirectoryError";
  }
}

/** The form a name is compared in: half-width brackets as full-width, no spaces. */
export function unitKey(name: string): string {
  return name
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/[\s\u3000]+/g, "")
    .trim();
}

export function readUnitDirectory(json: unknown): UnitDirectory {
  const problems: string[] = [];
  const root = json as { jurisdictions?: unknown; units?: unknown };
  if (!root || !Array.isArray(root.jurisdictions) || !Array.isArray(root.units)) {
    throw new DirectoryError(["expected an object with arrays `jurisdictions` and `units`"]);
  }
  const jurisdictions = root.jurisdictions as DirectoryJurisdiction[];
  const codes = new Set<string>();
  for (const j of jurisdictions) {
    if (!j?.code || !j?.name || !j?.level)
      problems.push(`jurisdiction ${JSON.stringify(j)} needs code, name and level`);
    else if (codes.has(j.code)) problems.push(`jurisdiction ${j.code} is listed twice`);
    else codes.add(j.code);
  }

  const units: DirectoryUnit[] = [];
  const names = new Map<string, string>(); // jurisdiction + key → canonical name (names and aliases)
  for (const [i, raw] of (root.units as Array<Record<string, unknown>>).entries()) {
    const where = `units[${i}] ${String(raw?.name ?? "")}`;
    const unit: DirectoryUnit = {
      jurisdiction: String(raw?.jurisdiction ?? ""),
      name: String(raw?.name ?? "").trim(),
      kind: String(raw?.kind ?? ""),
      aliases: Array.isArray(raw?.aliases) ? (raw.aliases as unknown[]).map(String) : [],
      abbreviations: Array.isArray(raw?.abbreviations)
        ? (raw.abbreviations as unknown[]).map(String)
        : [],
      successor: raw?.successor as DirectorySuccessor | undefined,
      note: raw?.note === undefined ? undefined : String(raw.note),
      members: Array.isArray(raw?.members) ? (raw.members as unknown[]).map(String) : undefined,
      supervises: Array.isArray(raw?.supervises)
        ? (raw.supervises as unknown[]).map(String)
        : undefined,
    };
    if (!unit.name) problems.push(`${where}: name is missing`);
    if (!codes.has(unit.jurisdiction))
      problems.push(`${where}: unknown jurisdiction ${unit.jurisdiction}`);
    if (!(UNIT_KINDS as readonly string[]).includes(unit.kind))
      problems.push(`${where}: kind must be one of ${UNIT_KINDS.join(", ")}`);
    if (unit.members && unit.kind !== "COLLECTIVE")
      problems.push(`${where}: only a COLLECTIVE has members`);
    for (const code of unit.supervises ?? [])
      if (!codes.has(code)) problems.push(`${where}: supervises unknown jurisdiction ${code}`);
    if (unit.supervises && unit.successor)
      problems.push(
        `${where}: a unit renamed or merged away supervises nothing; move supervises to its successor`,
      );
    if (unit.successor) {
      const s = unit.successor;
      if (!s.name) problems.push(`${where}: successor needs a name`);
      if (!Number.isInteger(s.year) || s.year < 1949 || s.year > 2100)
        problems.push(`${where}: successor needs its year`);
      if (s.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(s.date))
        problems.push(`${where}: successor date must be YYYY-MM-DD`);
      if (typeof s.verified !== "boolean")
        problems.push(`${where}: successor.verified must be true or false`);
    }
    for (const n of [unit.name, ...unit.aliases, ...unit.abbreviations]) {
      const key = `${unit.jurisdiction}:${unitKey(n)}`;
      const owner = names.get(key);
      if (owner !== undefined && owner !== unit.name)
        problems.push(`${where}: name ${n} already belongs to ${owner}`);
      names.set(key, unit.name);
    }
    units.push(unit);
  }

  const canonical = new Set(units.map((u) => `${u.jurisdiction}:${unitKey(u.name)}`));
  for (const u of units) {
    if (u.successor && !canonical.has(`${u.jurisdiction}:${unitKey(u.successor.name)}`)) {
      problems.push(`${u.name}: successor ${u.successor.name} is not a unit of ${u.jurisdiction}`);
    }
    for (const m of u.members ?? []) {
      if (!canonical.has(`${u.jurisdiction}:${unitKey(m)}`))
        problems.push(`${u.name}: member ${m} is not a unit of ${u.jurisdiction}`);
    }
  }
  // A succession cycle would make "today's unit" undefined.
  const byName = new Map(units.map((u) => [`${u.jurisdiction}:${unitKey(u.name)}`, u]));
  for (const u of units) {
    const seen = new Set<string>();
    let cur: DirectoryUnit | undefined = u;
    while (cur?.successor) {
      const key = `${cur.jurisdiction}:${unitKey(cur.name)}`;
      if (seen.has(key)) {
        problems.push(`${u.name}: succession cycle through ${cur.name}`);
        break;
      }
      seen.add(key);
      cur = byName.get(`${cur.jurisdiction}:${unitKey(cur.successor.name)}`);
    }
  }

  if (problems.length > 0) throw new DirectoryError(problems);
  return { jurisdictions, units };
}
