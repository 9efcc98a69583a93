// The demo's joint conference: one 联席会议 held about five weeks before the demo was seeded,
// recorded as the office records one (app/models/meeting.server.ts), so its three decisions are
// tasks of source 会议议定 like any other — one reported on since, one due soon, one overdue — and
// a newcomer sees meetings, decisions and the next pack's list of earlier decisions at work.
import { addWorkingDays } from "../calendar/working-days";
import type { PrismaClient } from "../generated/prisma/client";
import { parseDecisions } from "../forms/meeting-form";
import { acknowledge } from "../models/acknowledgement.server";
import { recordMeeting } from "../models/meeting.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";

const DAY = 86_400_000;

/** YYYY-MM-DD, `days` calendar days after a Shanghai day. */
const plusDays = (day: string, days: number) =>
  shanghaiDate(new Date(endOfDayShanghai(day).getTime() - 12 * 3600_000 + days * DAY));

export function demoDecisions(heldOn: string, today: string): string {
  // Due dates relative to the seeding day: past (overdue), soon (amber), later (green).
  const overdue = plusDays(today, -3);
  const soon = plusDays(today, 5);
  const later = plusDays(heldOn, 120);
  return [
    `建立外商投资企业问题台账，按月跟踪协调解决情况｜商务厅｜省发展改革委、省市场监管局｜${later}`,
    `协调海关、税务等部门建立外贸数据共享机制，统一统计口径｜成都海关｜商务厅、国家税务总局四川省税务局｜${soon}`,
    `研究提出支持跨境电商综合试验区发展的配套资金安排｜财政厅｜商务厅｜${overdue}`,
  ].join("\n");
}

/**
 * Records the demo meeting once (nothing if any 联席会议 is recorded already). Its tasks, events and
 * assignments are dated the meeting day, and each unit acknowledged (签收) its part the next
 * working day, so the demo shows no decision waiting since weeks for a 签收 nobody would miss.
 */
export async function seedDemoMeeting(
  db: PrismaClient,
  actorId: string | null,
  now: Date,
): Promise<{ taskIds: string[]; heldOn: string } | null> {
  if (await db.meeting.count({ where: { kind: "JOINT" } })) return null;
  const sichuan = await db.jurisdiction.findUnique({ where: { code: "SC" } });
  if (!sichuan) return null;
  const heldOn = addWorkingDays(now, -25);
  const text = demoDecisions(heldOn, shanghaiDate(now));
  const parsed = parseDecisions(text);
  if (!parsed.ok) throw new Error(`demo meeting: ${parsed.error}`);
  const form = {
    jurisdictionId: sichuan.id,
    kind: "JOINT" as const,
    heldOn,
    minutesNumber: `〔${heldOn.slice(0, 4)}〕${Number(heldOn.slice(5, 7))}号`,
    attendees:
      "【演示数据】省政府副秘书长（召集人）\n商务厅、省发展改革委、财政厅、成都海关等成员单位分管负责同志",
    decisions: text,
  };
  const { taskIds, meetingId } = await recordMeeting(db, form, parsed.lines, actorId, now);
  const at = new Date(`${heldOn}T17:00:00+08:00`);
  const acknowledged = new Date(`${addWorkingDays(at, 1)}T09:30:00+08:00`);
  await db.task.updateMany({ where: { id: { in: taskIds } }, data: { createdAt: at } });
  await db.assignment.updateMany({ where: { taskId: { in: taskIds } }, data: { createdAt: at } });
  await db.auditEvent.updateMany({ where: { taskId: { in: taskIds } }, data: { createdAt: at } });
  await db.auditEvent.updateMany({
    where: { type: "meeting.recorded", payload: { contains: meetingId } },
    data: { createdAt: at },
  });
  await db.meeting.update({ where: { id: meetingId }, data: { createdAt: at } });
  const assignments = await db.assignment.findMany({
    where: { taskId: { in: taskIds } },
    select: { taskId: true, unitId: true },
  });
  for (const a of assignments) {
    const liaison = await db.user.findFirst({
      where: { isDemo: true, role: "LIAISON", unitId: a.unitId },
      select: { id: true },
    });
    if (liaison) await acknowledge(db, { ...a, userId: liaison.id, now: acknowledged });
  }
  return { taskIds, heldOn };
}
