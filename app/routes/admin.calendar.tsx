// 报送周期: the default reporting cycle (for tasks whose document and task name none) and the
// cycles of documents, in Asia/Shanghai and in working days where the rule says so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { parseCycleForm } from "~/forms/cycle-form";
import { requireAdmin } from "~/models/access.server";
import { getCalendar, setCalendar } from "~/models/calendar.server";
import { readCycles, setCycle } from "~/models/cycle.server";
import { collectingPeriod, describeCycle, periodDeadline } from "~/models/reporting-period";
import { rulesOf } from "~/models/standing.server";
import { CycleFields } from "~/ui/cycle-fields";
import { formatChineseDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "报送周期 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const calendar = await getCalendar(db());
  const now = new Date();
  const period = collectingPeriod(now, calendar);
  const rules = rulesOf(db());
  const byDocument = readCycles(db()).byDocument;
  const documents = await db().document.findMany({
    select: { id: true, title: true, slug: true, jurisdictionId: true },
    orderBy: { slug: "asc" },
  });
  const units = await db().unit.findMany({ select: { id: true, name: true } });
  return json({
    calendar,
    text: describeCycle(calendar),
    period,
    deadline: periodDeadline(period, calendar, { workdays: rules.workdays }),
    documents: documents.map((d) => ({
      ...d,
      cycle: byDocument.get(d.id) ?? null,
      text: byDocument.has(d.id) ? describeCycle(byDocument.get(d.id)!) : null,
    })),
    unitNames: Object.fromEntries(units.map((u) => [u.id, u.name])),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const values = Object.fromEntries(await request.formData()) as Record<string, string>;
  const target = values.documentId ?? "";
  const document = target
    ? await db().document.findUnique({ where: { id: target }, select: { jurisdictionId: true } })
    : null;
  if (target && !document)
    return json({ target, errors: { form: ["没有这份文件"] }, values }, { status: 400 });
  if (values.clear === "1" && target) {
    await setCycle(db(), { documentId: target }, null, user.id);
    return json({ target, errors: {} as Record<string, string[]>, values: {} });
  }
  const units = document
    ? await db().unit.findMany({
        where: { jurisdictionId: document.jurisdictionId },
        select: { id: true, name: true },
      })
    : [];
  const parsed = parseCycleForm(values, (n) => units.find((u) => u.name === n)?.id ?? null);
  if (!parsed.ok) return json({ target, errors: parsed.errors, values }, { status: 400 });
  if (target) await setCycle(db(), { documentId: target }, parsed.cycle, user.id);
  else await setCalendar(db(), parsed.cycle, user.id);
  return json({ target, errors: {} as Record<string, string[]>, values: {} });
}

export default function Calendar() {
  const { calendar, text, period, deadline, documents, unitNames } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const mine = (target: string) => (data && data.target === target ? data : null);
  const saved = (target: string) =>
    mine(target) && Object.keys(mine(target)!.errors).length === 0 ? (
      <p className="notice">已保存。</p>
    ) : null;
  return (
    <>
      <h1>报送周期</h1>
      <p>
        默认：{text}。本期 {period} 截止：{formatChineseDate(new Date(deadline))}（北京时间）。
        文件或任务另设周期的，按其周期；任务页可由督办单位为单项任务设定。
      </p>
      {saved("")}
      <Form method="post" noValidate className="panel">
        <h2>默认报送周期</h2>
        <CycleFields
          prefix="default"
          cycle={calendar}
          values={mine("")?.values}
          errors={mine("")?.errors}
        />
        <button type="submit">保存</button>
      </Form>
      <h2>各文件的报送周期</h2>
      {documents.map((d) => (
        // The title on a line of its own: a long title wraps, a <summary> label should not.
        <section key={d.id} className="panel">
          <h3>{d.title}</h3>
          <p>{d.text ?? "按默认周期"}</p>
          <details open={mine(d.id) !== null}>
            <summary>修改报送周期</summary>
            {saved(d.id)}
            <Form method="post" noValidate>
              <input type="hidden" name="documentId" value={d.id} />
              <CycleFields
                prefix={d.slug}
                cycle={d.cycle}
                values={mine(d.id)?.values}
                errors={mine(d.id)?.errors}
                unitName={(id) => unitNames[id] ?? id}
              />
              <button type="submit">保存</button>{" "}
              {d.cycle ? (
                <button type="submit" name="clear" value="1" className="button secondary">
                  改为默认周期
                </button>
              ) : null}
            </Form>
          </details>
        </section>
      ))}
    </>
  );
}
