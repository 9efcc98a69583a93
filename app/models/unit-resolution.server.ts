// The unit directory of one jurisdiction, read for unit resolution (app/models/unit-resolution.ts).
import type { TxClient } from "../db/db.server";
import type { PrismaClient } from "../generated/prisma/client";
import { unitResolver, type DirectorySnapshot, type UnitResolver } from "./unit-resolution";

type Reader = PrismaClient | TxClient;

/** Units (recorded unknown names too), aliases and collectives' sizes of a jurisdiction. */
export async function loadDirectorySnapshot(
  db: Reader,
  jurisdictionId: string,
): Promise<DirectorySnapshot> {
  const [jurisdiction, units, aliases, members] = await Promise.all([
    db.jurisdiction.findUniqueOrThrow({
      where: { id: jurisdictionId },
      select: { id: true, code: true, name: true, level: true },
    }),
    db.unit.findMany({
      where: { jurisdictionId },
      select: {
        id: true,
        name: true,
        kind: true,
        recognized: true,
        successorId: true,
        active: true,
        mergedAt: true,
      },
    }),
    // Aliases people removed stay as rows (so that a re-seed does not bring them back): not names.
    db.unitAlias.findMany({
      where: { jurisdictionId, removedAt: null },
      select: { alias: true, unitId: true },
    }),
    db.unitMembership.groupBy({
      by: ["collectiveId"],
      where: { collective: { jurisdictionId } },
      _count: { _all: true },
    }),
  ]);
  const count = new Map(members.map((m) => [m.collectiveId, m._count._all]));
  return {
    jurisdiction,
    units: units.map(({ mergedAt, ...u }) => ({
      ...u,
      merged: mergedAt !== null,
      members: count.get(u.id),
    })),
    aliases,
  };
}

export async function loadUnitResolver(db: Reader, jurisdictionId: string): Promise<UnitResolver> {
  return unitResolver(await loadDirectorySnapshot(db, jurisdictionId));
}
