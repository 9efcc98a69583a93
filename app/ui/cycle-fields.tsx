// The fields of a reporting cycle (kind, due day or working days after the period, per-unit
// deadlines, moving off days off, grace before the slot locks), with their errors.
import type { ReportingCycle } from "~/models/reporting-period";
import { CYCLE_LABEL } from "~/models/reporting-period";
import { Field } from "~/ui/form";

type Props = {
  prefix: string;
  cycle: ReportingCycle | null;
  values?: Record<string, string>;
  errors?: Record<string, string[]>;
  /** Unit names by id, to show per-unit deadlines as typed. */
  unitName?: (id: string) => string;
};

export function CycleFields({ prefix, cycle, values, errors = {}, unitName = (id) => id }: Props) {
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  const id = (name: string) => `${prefix}-${name}`;
  const deadlines = Object.entries(cycle?.unitDeadlines ?? {})
    .map(([u, d]) => `${unitName(u)} ${d}`)
    .join("\n");
  return (
    <>
      <Field label="报送周期" name={id("cycle")} errors={errors.cycle}>
        <select
          id={`field-${id("cycle")}`}
          name="cycle"
          defaultValue={v("cycle", cycle?.cycle ?? "MONTHLY")}
        >
          {Object.entries(CYCLE_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="截止方式" name={id("rule")}>
        <select
          id={`field-${id("rule")}`}
          name="rule"
          defaultValue={v("rule", cycle?.workingDaysAfterEnd !== undefined ? "AFTER_END" : "DAY")}
        >
          <option value="DAY">固定日期（每期末月某日；年度为某月某日）</option>
          <option value="AFTER_END">每期结束后若干个工作日</option>
        </select>
      </Field>
      <Field
        label="截止日"
        name={id("reportDay")}
        errors={errors.reportDay}
        hint="1–31；当月没有这一天时取最后一天"
      >
        <input
          id={`field-${id("reportDay")}`}
          name="reportDay"
          inputMode="numeric"
          defaultValue={v("reportDay", String(cycle?.reportDay ?? ""))}
        />
      </Field>
      <Field
        label="截止月份（年度）"
        name={id("month")}
        errors={errors.month}
        hint="年度报送：如 2 表示每年2月"
      >
        <input
          id={`field-${id("month")}`}
          name="month"
          inputMode="numeric"
          defaultValue={v("month", String(cycle?.month ?? ""))}
        />
      </Field>
      <Field
        label="期末后工作日数"
        name={id("workingDaysAfterEnd")}
        errors={errors.workingDaysAfterEnd}
      >
        <input
          id={`field-${id("workingDaysAfterEnd")}`}
          name="workingDaysAfterEnd"
          inputMode="numeric"
          defaultValue={v("workingDaysAfterEnd", String(cycle?.workingDaysAfterEnd ?? ""))}
        />
      </Field>
      <Field label="一次性报送截止日期" name={id("dueOn")} errors={errors.dueOn}>
        <input
          id={`field-${id("dueOn")}`}
          type="date"
          name="dueOn"
          defaultValue={v("dueOn", cycle?.dueOn ?? "")}
        />
      </Field>
      <Field
        label="单位另有时限"
        name={id("unitDeadlines")}
        errors={errors.unitDeadlines}
        hint="每行「单位名称 日期」：年度写 02-15，一次性写 2026-03-01，其他写日"
      >
        <textarea
          id={`field-${id("unitDeadlines")}`}
          name="unitDeadlines"
          rows={2}
          defaultValue={v("unitDeadlines", deadlines)}
        />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          name="moveToWorkingDay"
          value="1"
          defaultChecked={v("moveToWorkingDay", cycle?.moveToWorkingDay ? "1" : "") === "1"}
        />{" "}
        截止日遇节假日顺延至下一工作日
      </label>
      <Field
        label="宽限期（工作日）"
        name={id("graceDays")}
        errors={errors.graceDays}
        hint="截止后再过这些工作日锁定，锁定后须督办单位重新开放；留空不锁定"
      >
        <input
          id={`field-${id("graceDays")}`}
          name="graceDays"
          inputMode="numeric"
          defaultValue={v(
            "graceDays",
            cycle?.graceDays === null || cycle?.graceDays === undefined
              ? ""
              : String(cycle.graceDays),
          )}
        />
      </Field>
    </>
  );
}
