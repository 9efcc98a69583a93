// The reviewer's forms on a task page, one schema each, chosen by `intent`. Pure.
import { z } from "zod";
import { TEXT_LIMIT } from "./report-form";

const note = (label: string, required: boolean) =>
  z
    .string()
    .max(TEXT_LIMIT, { message: `${label}不能超过 ${TEXT_LIMIT} 字` })
    .refine((s) => !required || s.trim().length > 0, { message: `请填写${label}` });

const day = (label: string) =>
  z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: `请填写${label}（YYYY-MM-DD）`,
  });

export const reviewSchemas = {
  assign: z.object({
    unitId: z.string().min(1, { message: "请选择单位" }),
    role: z.enum(["LEAD", "CO"], { message: "请选择角色" }),
  }),
  removeAssignment: z.object({ assignmentId: z.string().min(1) }),
  setDueDate: z.object({
    dueDate: z
      .string()
      .refine((s) => s === "" || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))), {
        message: "日期格式应为 YYYY-MM-DD",
      }),
  }),
  close: z.object({ note: note("销号说明", true) }),
  reopen: z.object({ note: note("重新打开的原因", true) }),
  urge: z.object({ message: note("催办内容", true) }),
  overrideLight: z.object({
    light: z.enum(["RED", "AMBER", "GREEN"], { message: "请选择灯色" }),
    reason: note("调整理由", true),
    expiresOn: day("有效期至"),
  }),
  liftOverride: z.object({ reason: note("撤销理由", true) }),
  // The cycle's fields are read by parseCycleForm (app/forms/cycle-form.ts).
  setCycle: z.record(z.string(), z.string()),
  reopenSlot: z.object({
    /** 「unitId|period」 of a locked slot. */
    slot: z.string().regex(/^[^|]+\|[^|]+$/, { message: "请选择单位和报送期" }),
    until: day("补报截止"),
    reason: note("重新开放的原因", true),
  }),
} as const;

export type ReviewIntent = keyof typeof reviewSchemas;

export function isReviewIntent(s: unknown): s is ReviewIntent {
  return typeof s === "string" && s in reviewSchemas;
}
