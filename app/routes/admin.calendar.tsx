// 报送周期: monthly reports due on a configurable day, in Asia/Shanghai.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { calendarSchema, fieldErrors } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import { getCalendar, setCalendar } from "~/models/calendar.server";
import { currentPeriod, periodDeadline } from "~/models/reporting-period";
import { Field } from "~/ui/form";
import { formatChineseDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "报送周期 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const calendar = await getCalendar(db());
  const period = currentPeriod(new Date());
  return json({ calendar, period, deadline: periodDeadline(period, calendar) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const values = Object.fromEntries(await request.formData()) as Record<string, string>;
  const parsed = calendarSchema.safeParse(values);
  if (!parsed.success)
    return json({ errors: fieldErrors(parsed.error), values, saved: false }, { status: 400 });
  await setCalendar(db(), { cycle: "MONTHLY", reportDay: parsed.data.reportDay }, user.id);
  return json({ errors: {} as Record<string, string[]>, values, saved: true });
}

export default function Calendar() {
  const { calendar, period, deadline } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>报送周期</h1>
      <p>
        按月报送（北京时间）。本期 {period} 截止：{formatChineseDate(new Date(deadline))}。
      </p>
      {data?.saved ? <p className="notice">已保存。</p> : null}
      <Form method="post" noValidate>
        <Field
          label="每月报送截止日"
          name="reportDay"
          errors={data?.errors.reportDay}
          hint="1–31；当月没有这一天时取当月最后一天"
        >
          <input
            id="field-reportDay"
            name="reportDay"
            inputMode="numeric"
            defaultValue={data?.values.reportDay ?? String(calendar.reportDay)}
          />
        </Field>
        <button type="submit">保存</button>
      </Form>
    </>
  );
}
