// The demo's leader (分管领导) of 商务厅 and two of its instructions (领导批示) on Sichuan tasks: one the
// lead unit answered in its latest report (已落实), one written yesterday and still open (待落实),
// so that a newcomer sees both on the task pages, on the lead liaison's /my and in the report form.
// Made once, with the leader: a later start leaves them alone. Written directly (no notices: demo
// addresses are not delivered), dated before the moment of seeding, never after it.
import type { PrismaClient } from "../generated/prisma/client";
import { DEMO_LABEL } from "./demo.server";

export const DEMO_LEADER_EMAIL = "leader@demo.duban.invalid";
const DEMO_LEADER_UNIT = { unit: "商务厅", jurisdiction: "SC" } as const;

/** Creates the demo leader and its instructions if missing; returns whether it made them. */
export async function ensureDemoLeader(
  db: PrismaClient,
  passwordHash: string,
  now: Date,
): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: DEMO_LEADER_EMAIL } })) return false;
  const unit = await db.unit.findFirst({
    where: { name: DEMO_LEADER_UNIT.unit, jurisdiction: { code: DEMO_LEADER_UNIT.jurisdiction } },
    select: { id: true, name: true },
  });
  if (!unit) return false;
  const leader = await db.user.create({
    data: {
      email: DEMO_LEADER_EMAIL,
      name: `演示·${unit.name}分管领导`,
      role: "LEADER",
      unitId: unit.id,
      passwordHash,
      isDemo: true,
    },
  });
  // Open Sichuan tasks whose lead (a demo liaison) has reported: the first answers, the second waits.
  const reports = await db.progressReport.findMany({
    where: {
      consolidated: true,
      createdAt: { lt: now },
      author: { isDemo: true },
      task: { status: "IN_PROGRESS", archivedAt: null, jurisdiction: { code: "SC" } },
    },
    orderBy: [{ taskId: "asc" }, { createdAt: "desc" }],
    select: { id: true, taskId: true, unitId: true, createdAt: true },
  });
  const latest = new Map<string, (typeof reports)[number]>();
  for (const r of reports) if (!latest.has(r.taskId)) latest.set(r.taskId, r);
  const [answered, open] = [...latest.values()];
  const write = async (taskId: string, text: string, at: Date) => {
    const row = await db.instruction.create({
      data: { taskId, leaderId: leader.id, unitId: unit.id, text, createdAt: at },
    });
    await db.auditEvent.create({
      data: {
        taskId,
        actorId: leader.id,
        type: "instruction.written",
        payload: JSON.stringify({ instructionId: row.id, unit: unit.name, text }),
        createdAt: at,
      },
    });
    return row.id;
  };
  if (answered) {
    // Three days before the lead's latest report, which says how it was carried out.
    const at = new Date(answered.createdAt.getTime() - 3 * 86_400_000);
    const id = await write(
      answered.taskId,
      `${DEMO_LABEL}请牵头单位会同配合单位倒排工期，确保年底前完成阶段目标，重大问题及时报告。`,
      at,
    );
    await db.instructionAnswer.create({
      data: {
        instructionId: id,
        reportId: answered.id,
        taskId: answered.taskId,
        unitId: answered.unitId,
        text: `${DEMO_LABEL}已召开专题会议传达批示精神，倒排工期、明确责任人，按月调度推进。`,
        createdAt: answered.createdAt,
      },
    });
  }
  if (open)
    await write(
      open.taskId,
      `${DEMO_LABEL}此项进展偏慢，请牵头单位分析原因、提出措施，下次报送时报告落实情况。`,
      new Date(now.getTime() - 86_400_000),
    );
  return true;
}

/** Tasks with an instruction no report answered: the demo does not report for their leads. */
export async function tasksAwaitingAnswer(db: PrismaClient): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<Array<{ taskId: string }>>(
    `SELECT DISTINCT i.taskId FROM "Instruction" i
     WHERE NOT EXISTS (SELECT 1 FROM "InstructionAnswer" a WHERE a.instructionId = i.id)`,
  );
  return new Set(rows.map((r) => r.taskId));
}
