// The members of a supervising unit's joint conference (联席会议成员), kept by its office: member
// units (whose liaisons receive the pack) and named people with an address. The pack's email goes
// to this list (jobs/rollup.ts); a supervising unit that keeps none falls back to the units
// assigned in the pack's scope, as before there was a list.
import type { PrismaClient } from "../generated/prisma/client";
import type { MemberForm } from "../forms/conference-member-form";
import { currentUnits } from "./unit.server";

export class MemberError extends Error {
  constructor(
    readonly field: "unitId" | "email",
    message: string,
  ) {
    super(message);
  }
}

/** The list in force (not removed), member units by name, then named people. */
export async function conferenceMembers(db: PrismaClient, supervisorId: string) {
  const rows = await db.conferenceMember.findMany({
    where: { supervisorId, removedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const today = await currentUnits(db);
  return rows
    .map((r) => ({
      id: r.id,
      unit: r.unitId ? (today.get(r.unitId) ?? { id: r.unitId, name: r.unitId }) : null,
      name: r.name,
      email: r.email,
    }))
    .sort(
      (a, b) =>
        Number(!a.unit) - Number(!b.unit) ||
        (a.unit?.name ?? a.name).localeCompare(b.unit?.name ?? b.name, "zh-CN"),
    );
}

export async function addConferenceMember(
  db: PrismaClient,
  supervisorId: string,
  form: MemberForm,
  actorId: string | null,
) {
  const email = form.email.toLowerCase();
  if (form.unitId) {
    const unit = await db.unit.findUnique({ where: { id: form.unitId } });
    if (!unit) throw new MemberError("unitId", "单位不在单位名录中");
  }
  const taken = await db.conferenceMember.findFirst({
    where: {
      supervisorId,
      removedAt: null,
      ...(form.unitId ? { unitId: form.unitId } : { email }),
    },
  });
  if (taken)
    throw form.unitId
      ? new MemberError("unitId", "该单位已在成员名单中")
      : new MemberError("email", "该邮箱已在成员名单中");
  return db.conferenceMember.create({
    data: {
      supervisorId,
      unitId: form.unitId || null,
      name: form.unitId ? "" : form.name,
      email: form.unitId ? "" : email,
      addedById: actorId,
    },
  });
}

/** Removes a member from the list (marked, kept); false when it is not on this unit's list. */
export async function removeConferenceMember(
  db: PrismaClient,
  supervisorId: string,
  memberId: string,
  now = new Date(),
): Promise<boolean> {
  const r = await db.conferenceMember.updateMany({
    where: { id: memberId, supervisorId, removedAt: null },
    data: { removedAt: now },
  });
  return r.count === 1;
}

export type PackRecipient = { email: string; userId: string | null };

/**
 * Who the pack of `supervisorId` is emailed to: the active liaisons of each member unit (today's
 * unit, and a collective's member units) and each named member's address, once each. Null when the
 * unit keeps no list.
 */
export async function conferenceRecipients(
  db: PrismaClient,
  supervisorId: string,
): Promise<PackRecipient[] | null> {
  const rows = await db.conferenceMember.findMany({ where: { supervisorId, removedAt: null } });
  if (rows.length === 0) return null;
  const today = await currentUnits(db);
  const unitIds = new Set(
    rows.filter((r) => r.unitId).map((r) => today.get(r.unitId!)?.id ?? r.unitId!),
  );
  const members = await db.unitMembership.findMany({
    where: { collectiveId: { in: [...unitIds] } },
    select: { memberId: true },
  });
  members.forEach((m) => unitIds.add(m.memberId));
  const liaisons = await db.user.findMany({
    where: { active: true, role: "LIAISON", unitId: { in: [...unitIds] } },
    select: { id: true, email: true },
  });
  const out = new Map<string, PackRecipient>();
  for (const l of liaisons) out.set(l.email.toLowerCase(), { email: l.email, userId: l.id });
  for (const r of rows)
    if (r.email && !out.has(r.email)) {
      // A named member who has an account gets it as that person.
      const user = await db.user.findUnique({ where: { email: r.email }, select: { id: true } });
      out.set(r.email, { email: r.email, userId: user?.id ?? null });
    }
  return [...out.values()].sort((a, b) => a.email.localeCompare(b.email));
}
