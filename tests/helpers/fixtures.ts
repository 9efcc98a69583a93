// Seeded database plus users of chosen units, for tests of the workflow.
import { fileURLToPath } from "node:url";
import { seedAll } from "~/seed/seed.server";
import { tempDatabase } from "./db";

export const SEEDED_AT = new Date("2026-11-01T00:00:00+08:00");

export async function seededDatabase() {
  const t = tempDatabase();
  // From the file's URL (not __dirname): tsx runs it as an ES module (npm run render:pack).
  await seedAll(t.db, fileURLToPath(new URL("../../seeds", import.meta.url)));
  // The documents were seeded at the start of the month the tests' fixed dates fall in: their
  // lead units have owed monthly reports since (app/models/standing.ts counts from then).
  await t.db.assignment.updateMany({ data: { createdAt: SEEDED_AT } });
  const unit = (name: string, code = "SC") =>
    t.db.unit.findFirstOrThrow({ where: { name, jurisdiction: { code } } });
  const task = (slug: string, ref: string) =>
    t.db.task.findFirstOrThrow({ where: { ref, document: { slug } } });
  let n = 0;
  const user = async (
    role: string,
    unitName: string | null,
    extra: Record<string, unknown> = {},
  ) => {
    n++;
    return t.db.user.create({
      data: {
        email: `user${n}@example.test`,
        name: `用户${n}`,
        role,
        unitId: unitName ? (await unit(unitName)).id : null,
        ...extra,
      },
    });
  };
  return { ...t, unit, task, user };
}
