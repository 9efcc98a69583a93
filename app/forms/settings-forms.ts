// The admin's settings forms (light thresholds, the 签收 deadline, the working calendar), one schema each. Pure.
import { z } from "zod";
import { isDate } from "../calendar/holidays";

const whole = (min: number, max: number) =>
  z.coerce
    .number({ message: `请填写 ${min}–${max} 的整数` })
    .int({ message: `请填写 ${min}–${max} 的整数` })
    .min(min, { message: `请填写 ${min}–${max} 的整数` })
    .max(max, { message: `请填写 ${min}–${max} 的整数` });

export const thresholdsSchema = z.object({
  unitId: z.string().min(1),
  dueSoonDays: whole(0, 365),
  reportDueSoonDays: whole(0, 60),
  // Empty: progress is not compared with elapsed time.
  progressLagPoints: z
    .string()
    .trim()
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || (Number.isInteger(n) && n >= 0 && n <= 100), {
      message: "请填写 0–100 的整数，或留空表示不启用",
    }),
});

/** 签收: working days a unit has to acknowledge a new assignment (Setting acknowledgeWithinWorkingDays). */
export const acknowledgeWithinSchema = z.object({
  acknowledgeWithinWorkingDays: whole(1, 30),
});

export const calendarDaySchema = z.object({
  date: z.string().refine(isDate, { message: "日期应为 YYYY-MM-DD 格式的有效日期" }),
  kind: z.enum(["HOLIDAY", "WORKDAY"], { message: "请选择放假或调休上班" }),
  name: z.string().trim().min(1, "请填写节日名称").max(20, "节日名称不超过20字"),
});

export const yearSourceSchema = z.object({
  year: whole(2000, 2100),
  source: z.string().trim().min(1, "请注明依据（如国务院办公厅通知的名称）").max(500),
});
