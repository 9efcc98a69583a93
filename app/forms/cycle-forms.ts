// The supervision cycle's forms on a task page (延期申请, its decision), one schema each, chosen by
// `intent`. Pure.
import { z } from "zod";
import { TEXT_LIMIT } from "./report-form";

const text = (label: string, required: boolean) =>
  z
    .string()
    .max(TEXT_LIMIT, { message: `${label}不能超过 ${TEXT_LIMIT} 字` })
    .refine((s) => !required || s.trim().length > 0, { message: `请填写${label}` });

const day = (label: string) =>
  z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: `请填写${label}（YYYY-MM-DD）`,
  });

export const cycleSchemas = {
  requestExtension: z.object({
    requestedDate: day("申请延至的日期"),
    reason: text("延期理由", true),
    /** Empty: the task's due date; else one of its open milestones (节点). */
    milestoneId: z.string().default(""),
  }),
  decideExtension: z.object({
    requestId: z.string().min(1),
    decision: z.enum(["APPROVE", "REFUSE"], { message: "请选择批准或不批准" }),
    note: text("审核意见", false).default(""),
  }),
  addMilestone: z.object({
    title: text("节点名称", true),
    dueDate: day("节点时限"),
    unitIds: z.string().default(""),
  }),
  editMilestone: z.object({
    milestoneId: z.string().min(1),
    title: text("节点名称", true),
    dueDate: day("节点时限"),
  }),
  completeMilestone: z.object({ milestoneId: z.string().min(1) }),
} as const;

export type CycleIntent = keyof typeof cycleSchemas;

export function isCycleIntent(s: unknown): s is CycleIntent {
  return typeof s === "string" && s in cycleSchemas;
}
