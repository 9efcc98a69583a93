// The light thresholds each supervising unit tunes (LightSettings), set by an admin, and the
// thresholds that apply to each jurisdiction: those of the unit that supervises it.
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";
import { DEFAULT_THRESHOLDS, type AppliedThresholds, type Thresholds } from "./standing";
import type { TaskIndex } from "./task-index.server";

type Row = {
  unitId: string;
  dueSoonDays: number;
  reportDueSoonDays: number;
  progressLagPoints: number | null;
};

function rows(db: PrismaClient): Map<string, Thresholds> {
  const all = readStatement(
    db,
    `SELECT unitId, dueSoonDays, reportDueSoonDays, progressLagPoints FROM "LightSettings"`,
  ).all() as Row[];
  return new Map(
    all.map((r) => [
      r.unitId,
      {
        dueSoonDays: Number(r.dueSoonDays),
        reportDueSoonDays: Number(r.reportDueSoonDays),
        progressLagPoints: r.progressLagPoints === null ? null : Number(r.progressLagPoints),
      },
    ]),
  );
}

/**
 * Per jurisdiction, the thresholds of its supervising unit that set its own. A jurisdiction with
 * two supervising units that both set theirs takes the first by name (the order of the page).
 */
export function readThresholds(db: PrismaClient, index: TaskIndex): Map<string, AppliedThresholds> {
  const set = rows(db);
  const byJurisdiction = new Map<string, AppliedThresholds>();
  if (set.size === 0) return byJurisdiction;
  for (const j of index.jurisdictionList()) {
    const unit = index.supervisorsOf(j.id).find((u) => set.has(u.id));
    if (unit) byJurisdiction.set(j.id, { ...set.get(unit.id)!, unit });
  }
  return byJurisdiction;
}

/** Every supervising unit with its thresholds (its own, or the defaults), for the admin page. */
export function supervisingUnitsWithThresholds(db: PrismaClient, index: TaskIndex) {
  const set = rows(db);
  const units = new Map<string, { id: string; name: string; jurisdictions: string[] }>();
  for (const j of index.jurisdictionList())
    for (const u of index.supervisorsOf(j.id)) {
      const entry = units.get(u.id) ?? { ...u, jurisdictions: [] };
      entry.jurisdictions.push(j.name);
      units.set(u.id, entry);
    }
  return [...units.values()].map((u) => ({
    ...u,
    own: set.has(u.id),
    thresholds: set.get(u.id) ?? DEFAULT_THRESHOLDS,
  }));
}

export async function setThresholds(
  db: PrismaClient,
  unitId: string,
  t: Thresholds,
  actorId: string,
): Promise<void> {
  const data = { ...t, updatedById: actorId };
  await db.$transaction([
    db.lightSettings.upsert({ where: { unitId }, create: { unitId, ...data }, update: data }),
    db.auditEvent.create({
      data: { actorId, unitId, type: "lights.thresholds_set", payload: JSON.stringify(t) },
    }),
  ]);
}
