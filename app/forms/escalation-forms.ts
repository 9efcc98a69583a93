// The escalation forms: a reviewer's steps on a task (约谈, 挂牌督办, lifting it) and an admin's
// ladder step. One schema each. Pure.
import { z } from "zod";
import { ESCALATION_KINDS, RECIPIENTS, TRIGGER_KINDS } from "../models/escalation";
import { TEXT_LIMIT } from "./report-form";

const text = (label: string) =>
  z
    .string({ message: `请填写${label}` })
    .max(TEXT_LIMIT, { message: `${label}不能超过 ${TEXT_LIMIT} 字` })
    .refine((s) => s.trim().length > 0, { message: `请填写${label}` });

const date = z
  .string({ message: "请填写日期" })
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: "日期格式应为 YYYY-MM-DD",
  });

export const taskEscalationSchemas = {
  talk: z.object({ date, notes: text("约谈情况") }),
  list: z.object({ reason: text("挂牌督办的原因") }),
  lift: z.object({ reason: text("解除挂牌的原因") }),
} as const;

export type TaskEscalationIntent = keyof typeof taskEscalationSchemas;

export function isTaskEscalationIntent(s: unknown): s is TaskEscalationIntent {
  return typeof s === "string" && s in taskEscalationSchemas;
}

export const ladderStepSchema = z.object({
  id: z.string().max(100).optional(),
  position: z
    .string()
    .regex(/^\d{1,3}$/, { message: "顺序应为 1–999 的整数" })
    .transform(Number)
    .pipe(z.number().min(1, { message: "顺序应为 1–999 的整数" })),
  kind: z.enum(ESCALATION_KINDS, { message: "请选择督办方式" }),
  trigger: z.enum(TRIGGER_KINDS, { message: "请选择触发条件" }),
  threshold: z
    .string()
    .regex(/^\d{1,4}$/, { message: "阈值应为 1–9999 的整数" })
    .transform(Number)
    .pipe(z.number().min(1, { message: "阈值应为 1–9999 的整数" })),
  recipients: z
    .array(z.enum(RECIPIENTS, { message: "请选择发送对象" }))
    .min(1, { message: "请至少选择一类发送对象" }),
  active: z.boolean(),
});
