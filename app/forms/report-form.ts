// The progress report form (进展报送): one schema, used by the route's action. Pure.
import { z } from "zod";
import { isPeriod } from "../models/reporting-period";

export const TEXT_LIMIT = 5000;

export const REPORT_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "COMPLETED", "BLOCKED"] as const;

const text = (label: string, required = false) => {
  const base = z.string().max(TEXT_LIMIT, { message: `${label}不能超过 ${TEXT_LIMIT} 字` });
  return required ? base.refine((s) => s.trim().length > 0, { message: `请填写${label}` }) : base;
};

export const reportFormSchema = z
  .object({
    period: z.string().refine(isPeriod, { message: "报送期次格式应为 YYYY-MM" }),
    status: z.enum(REPORT_STATUSES, { message: "请选择状态" }),
    percent: z.coerce
      .number({ message: "请填写 0–100 的整数" })
      .int({ message: "请填写 0–100 的整数" })
      .min(0, { message: "不能小于 0" })
      .max(100, { message: "不能大于 100" }),
    progress: text("进展情况", true),
    problems: text("存在问题"),
    nextSteps: text("下步计划"),
    coordination: text("需协调事项"),
    /** The latest report of this unit when the form was opened: a newer one means someone else reported meanwhile. */
    baseReportId: z.string().max(100).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.status === "COMPLETED" && v.percent !== 100)
      ctx.addIssue({ code: "custom", path: ["percent"], message: "已完成的任务完成比例应为 100" });
    if (v.status === "NOT_STARTED" && v.percent !== 0)
      ctx.addIssue({ code: "custom", path: ["percent"], message: "未启动的任务完成比例应为 0" });
  });

export type ReportForm = z.infer<typeof reportFormSchema>;
export type FieldErrors = Partial<Record<keyof ReportForm | "form", string[]>>;

/** Form values as strings, exactly as typed, to put back into the form after an error. */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string") out[k] = v;
  return out;
}

export function parseReportForm(
  formData: FormData,
): { ok: true; data: ReportForm } | { ok: false; errors: FieldErrors } {
  const result = reportFormSchema.safeParse(formValues(formData));
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: z.flattenError(result.error).fieldErrors as FieldErrors };
}
