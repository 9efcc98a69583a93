// A reviewer's override of a task's light (LightOverride, append-only): a light, a reason and an
// expiry; lifting it is a new row without a light. The standing (app/models/standing.ts) applies
// the latest row while it has not expired, and keeps the light the rules give beside it.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import type { Light } from "./standing";

/** The longest an override lasts: a light set by hand must be looked at again. */
export const MAX_OVERRIDE_DAYS = 180;

export type OverrideInput = { light: Light; reason: string; expiresOn: string };

/** Why an expiry is refused, or null: it must be a day after today and within the limit. */
export function expiryProblem(expiresOn: string, now: Date): string | null {
  const today = shanghaiDate(now);
  if (expiresOn <= today) return "有效期应晚于今天";
  const limit = shanghaiDate(new Date(now.getTime() + MAX_OVERRIDE_DAYS * 86_400_000));
  if (expiresOn > limit) return `有效期最长${MAX_OVERRIDE_DAYS}天（至${limit}）`;
  return null;
}

export async function overrideLight(
  db: PrismaClient,
  taskId: string,
  input: OverrideInput,
  actorId: string,
  now = new Date(),
): Promise<void> {
  const expiresAt = endOfDayShanghai(input.expiresOn);
  await writeTransaction(db, async (tx) => {
    await tx.lightOverride.create({
      data: {
        taskId,
        light: input.light,
        reason: input.reason,
        expiresAt,
        createdById: actorId,
        createdAt: now,
      },
    });
    await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "light.overridden",
        payload: JSON.stringify(input),
        createdAt: now,
      },
    });
  });
}

export async function liftOverride(
  db: PrismaClient,
  taskId: string,
  reason: string,
  actorId: string,
  now = new Date(),
): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.lightOverride.create({
      data: { taskId, light: null, reason, createdById: actorId, createdAt: now },
    });
    await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "light.override_lifted",
        payload: JSON.stringify({ reason }),
        createdAt: now,
      },
    });
  });
}
