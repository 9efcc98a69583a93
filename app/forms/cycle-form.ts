// The reporting cycle form (admin's default, a document's, a task's): one parser. Pure.
import { cycleSchema, type ReportingCycle } from "../models/reporting-period";

export type CycleFormResult =
  { ok: true; cycle: ReportingCycle } | { ok: false; errors: Record<string, string[]> };

const int = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? Number(s) : undefined);

/**
 * Reads the form's fields. Per-unit deadlines are lines 「单位名称 日期」; `unitIdOf` finds the
 * unit by its name (in the task's or document's jurisdiction), or says it is unknown.
 */
export function parseCycleForm(
  v: Record<string, string>,
  unitIdOf: (name: string) => string | null = () => null,
): CycleFormResult {
  const errors: Record<string, string[]> = {};
  const unitDeadlines: Record<string, string> = {};
  for (const line of (v.unitDeadlines ?? "").split("\n").map((l) => l.trim())) {
    if (!line) continue;
    const m = /^(.+?)\s+(\S+)$/.exec(line);
    const id = m ? unitIdOf(m[1]!.trim()) : null;
    if (!m || !id) (errors.unitDeadlines ??= []).push(`无法识别：${line}（格式：单位名称 日期）`);
    else unitDeadlines[id] = m[2]!;
  }
  const afterEnd = v.rule === "AFTER_END";
  const raw: Partial<ReportingCycle> = {
    cycle: v.cycle as ReportingCycle["cycle"],
    reportDay: afterEnd ? undefined : int(v.reportDay),
    month: v.cycle === "ANNUAL" && !afterEnd ? int(v.month) : undefined,
    workingDaysAfterEnd: afterEnd ? (int(v.workingDaysAfterEnd) ?? -1) : undefined,
    dueOn: v.cycle === "ONCE" ? v.dueOn || undefined : undefined,
    moveToWorkingDay: v.moveToWorkingDay === "1",
    graceDays: v.graceDays?.trim() ? (int(v.graceDays) ?? -1) : null,
    ...(Object.keys(unitDeadlines).length ? { unitDeadlines } : {}),
  };
  const parsed = cycleSchema.safeParse(raw);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      (errors[field] ??= []).push(MESSAGES[field] ?? issue.message);
    }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, cycle: parsed.data as ReportingCycle };
}

const MESSAGES: Record<string, string> = {
  cycle: "请选择报送周期",
  reportDay: "截止日应为 1–31 的整数",
  month: "截止月份应为 1–12 的整数",
  workingDaysAfterEnd: "工作日数应为 0–30 的整数",
  graceDays: "宽限期应为 0–60 的整数，或留空表示不锁定",
};
