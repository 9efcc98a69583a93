// 节假日与调休: the working calendar as data an admin edits — per year its source and its days off
// and make-up working days, seeded from the chinese-days package; a year not published yet
// (2027 when this was written) is entered here by hand once the State Council's notice is out.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { FIRST_YEAR, LAST_YEAR } from "~/calendar/holidays";
import { db } from "~/db/db.server";
import { calendarDaySchema, yearSourceSchema } from "~/forms/settings-forms";
import { fieldErrors } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import {
  addCalendarDay,
  calendarYears,
  removeCalendarDay,
  setYearSource,
} from "~/models/calendar.server";
import { Field, FormError } from "~/ui/form";
import { shanghaiDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "节假日与调休 · 督办" }];

const WEEKDAY = "日一二三四五六";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const years = await calendarYears(db());
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  const known = new Set(years.map((y) => y.year));
  const missing: number[] = [];
  for (let y = FIRST_YEAR; y <= Math.max(LAST_YEAR, thisYear + 1); y++)
    if (!known.has(y)) missing.push(y);
  const shown = years.find((y) => y.year === year) ?? { year, source: "", days: [] };
  return json({
    years: years.map((y) => ({ year: y.year, source: y.source, count: y.days.length })),
    missing,
    shown: {
      ...shown,
      days: shown.days.map((d) => ({
        ...d,
        weekday: WEEKDAY[new Date(`${d.date}T00:00:00Z`).getUTCDay()]!,
      })),
    },
  });
}

type Result = { intent: string; errors: Record<string, string[]>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const values = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = values.intent ?? "";
  const fail = (errors: Record<string, string[]>) =>
    json<Result>({ intent, errors, values }, { status: 400 });
  if (intent === "addDay") {
    const parsed = calendarDaySchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    const weekday = new Date(`${parsed.data.date}T00:00:00Z`).getUTCDay();
    if (parsed.data.kind === "WORKDAY" && weekday !== 0 && weekday !== 6)
      return fail({ date: [`${parsed.data.date} 是工作日，调休上班日应为周六或周日`] });
    await addCalendarDay(db(), parsed.data, user.id);
  } else if (intent === "removeDay") {
    if (!(await removeCalendarDay(db(), values.date ?? "", user.id)))
      return fail({ form: ["该日期不在安排中"] });
  } else if (intent === "setSource") {
    const parsed = yearSourceSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    await setYearSource(db(), parsed.data.year, parsed.data.source, user.id);
  } else return fail({ form: ["未知操作"] });
  return json<Result>({ intent, errors: {}, values: {} });
}

export default function Holidays() {
  const { years, missing, shown } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = (intent: string) => (data?.intent === intent ? data.errors : {});
  const value = (intent: string, name: string) =>
    data?.intent === intent ? data.values[name] : undefined;
  return (
    <>
      <h1>节假日与调休</h1>
      <p>
        工作日按国务院办公厅每年发布的部分节假日安排计算：放假日不算工作日，调休上班的周六、周日算工作日。
        报送截止遇节假日顺延、“期末后N个工作日”、提醒只在工作日发送，都依此表。
      </p>
      {missing.length > 0 ? (
        <p className="notice" role="status">
          {missing.join("、")}{" "}
          年的安排尚无数据（随附的节假日数据包尚未收录，国务院办公厅通常于上一年11–12月发布通知）：这些年份暂按周末计算，请在通知发布后于下方录入并注明依据。
        </p>
      ) : null}
      <nav aria-label="年份" className="years">
        {years.map((y) => (
          <Link key={y.year} to={`?year=${y.year}`} aria-current={y.year === shown.year}>
            {y.year}（{y.count}天）
          </Link>
        ))}
        {missing.map((y) => (
          <Link key={y} to={`?year=${y}`} className="muted">
            {y}（待录入）
          </Link>
        ))}
      </nav>
      <h2>{shown.year} 年</h2>
      {data && Object.keys(data.errors).length === 0 ? <p className="notice">已保存。</p> : null}
      <FormError errors={errors("removeDay").form} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="setSource" />
        <input type="hidden" name="year" value={shown.year} />
        <Field label="依据" name="source" errors={errors("setSource").source}>
          <textarea
            id="field-source"
            name="source"
            rows={2}
            defaultValue={value("setSource", "source") ?? shown.source}
          />
        </Field>
        <button type="submit">保存依据</button>
      </Form>
      <table>
        <thead>
          <tr>
            <th>日期</th>
            <th>星期</th>
            <th>类别</th>
            <th>节日</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {shown.days.map((d) => (
            <tr key={d.date}>
              <td className="c-strong">{d.date}</td>
              <td data-label="星期">周{d.weekday}</td>
              <td data-label="类别">{d.kind === "WORKDAY" ? "调休上班" : "放假"}</td>
              <td data-label="节日">{d.name}</td>
              <td className="c-end">
                <Form method="post">
                  <input type="hidden" name="intent" value="removeDay" />
                  <input type="hidden" name="date" value={d.date} />
                  <button type="submit" className="button secondary">
                    删除
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.days.length === 0 ? <p className="muted">本年尚未录入。</p> : null}
      <h3>添加一天</h3>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="addDay" />
        <Field label="日期" name="date" errors={errors("addDay").date}>
          <input
            id="field-date"
            type="date"
            name="date"
            defaultValue={value("addDay", "date") ?? ""}
          />
        </Field>
        <Field label="类别" name="kind" errors={errors("addDay").kind}>
          <select id="field-kind" name="kind" defaultValue={value("addDay", "kind") ?? "HOLIDAY"}>
            <option value="HOLIDAY">放假</option>
            <option value="WORKDAY">调休上班</option>
          </select>
        </Field>
        <Field label="节日" name="name" errors={errors("addDay").name}>
          <input
            id="field-name"
            name="name"
            placeholder="如：春节"
            defaultValue={value("addDay", "name") ?? ""}
          />
        </Field>
        <button type="submit">添加</button>
      </Form>
    </>
  );
}
