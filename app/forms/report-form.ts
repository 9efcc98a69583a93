// The progress report form (进展报送): one schema, used by the route's action. Pure.
import { z } from "zod";
import { currentPeriod, isPeriod, previousPeriod } from "../models/reporting-period";

/** A period of any cycle: 2026-03, 2026-Q1, 2026-H1, 2026, ONCE. */
const isAnyPeriod = (s: string) =>
  s === "ONCE" || /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/.test(s);

export const TEXT_LIMIT = 5000;

export const REPORT_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "COMPLETED", "BLOCKED"] as const;

const text = (label: string, required = false) => {
  const base = z.string().max(TEXT_LIMIT, { message: `${label}不能超过 ${TEXT_LIMIT} 字` });
  return required ? base.refine((s) => s.trim().length > 0, { message: `请填写${label}` }) : base;
};

export const reportFormSchema = z
  .object({
    period: z.string().refine(isAnyPeriod, {
      message: "报送期次格式应为 YYYY-MM（按月）、2026-Q1（季度）、2026-H1（半年）、2026（年度）",
    }),
    status: z.enum(REPORT_STATUSES, { message: "请选择状态" }),
    // Digits only: z.coerce.number took "" for 0 and "1e2" for 100.
    percent: z
      .string({ message: "请填写 0–100 的整数" })
      .trim()
      .max(10, { message: "请填写 0–100 的整数" })
      .regex(/^\d+$/, { message: "请填写 0–100 的整数" })
      .transform(Number)
      .pipe(z.number().max(100, { message: "不能大于 100" })),
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

/** Form values as strings, exactly as typed (the last of each name): what schemas parse. */
export function formInput(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * Form values as typed, to put back into the form after an error: each cut to its field's
 * maximum length in the form's schema (or to TEXT_LIMIT), so that a refused request never comes
 * back larger than the form allows (a 20 MB field once came back as a 40 MB page). The forms'
 * fields carry the same maxLength, so nothing a person typed is cut. Never parse these: a cut
 * value could pass where what was sent must not (parse formInput()).
 */
export function formValues(formData: FormData, schema?: z.ZodObject): Record<string, string> {
  const out = formInput(formData);
  for (const k of Object.keys(out)) {
    const field = schema?.shape[k] as { maxLength?: number | null } | undefined;
    out[k] = out[k]!.slice(0, field?.maxLength ?? TEXT_LIMIT);
  }
  return out;
}

/**
 * The periods a task may be reported for: from the month it began (or last month, for a late
 * report on a task entered since) to the month after this one.
 */
export function reportPeriodBounds(taskBegan: Date, now: Date): { first: string; last: string } {
  const current = currentPeriod(now);
  const [y, m] = current.split("-").map(Number) as [number, number];
  const last = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  const began = currentPeriod(taskBegan);
  const previous = previousPeriod(current);
  return { first: began < previous ? began : previous, last };
}

export function parseReportForm(
  formData: FormData,
  bounds?: { first: string; last: string },
): { ok: true; data: ReportForm } | { ok: false; errors: FieldErrors } {
  const result = reportFormSchema.safeParse(formInput(formData));
  if (!result.success)
    return { ok: false, errors: z.flattenError(result.error).fieldErrors as FieldErrors };
  const { period } = result.data;
  // Bounds are months: other cycles' periods are checked against their slots (slots.server.ts).
  if (bounds && isPeriod(period) && (period < bounds.first || period > bounds.last))
    return {
      ok: false,
      errors: { period: [`报送期次应在 ${bounds.first} 至 ${bounds.last} 之间`] },
    };
  return { ok: true, data: result.data };
}
