// 进展报送: a liaison reports for their unit. The lead sees its co-units' latest reports beside the
// form and writes the consolidated report; only the lead may declare the task completed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import {
  parseReportForm,
  formValues,
  reportFormSchema,
  reportPeriodBounds,
  REPORT_STATUSES,
  TEXT_LIMIT,
  type FieldErrors,
} from "~/forms/report-form";
import { authorizeTask } from "~/models/access.server";
import { latestReport, latestReportsByUnit, submitReport } from "~/models/report.server";
import { collectingPeriod, describeCycle } from "~/models/reporting-period";
import { slotProblem, taskSlots } from "~/models/slots.server";
import { Field, FormError } from "~/ui/form";
import { REPORT_STATUS, ROLE } from "~/ui/labels";
import { ReportCard } from "~/ui/report-card";

export const meta: MetaFunction = () => [{ title: "报送进展 · 督办" }];

async function load(request: Request, taskId: string) {
  const user = await requireUser(request);
  const { relation } = await authorizeTask(db(), request, user, taskId, "report");
  if (!user.unitId) throw new Response("您的账号未关联单位", { status: 403 });
  const task = await db().task.findUniqueOrThrow({
    where: { id: taskId },
    select: {
      id: true,
      ref: true,
      heading: true,
      status: true,
      createdAt: true,
      document: { select: { title: true, issuedOn: true } },
    },
  });
  return { user, relation, task, unitId: user.unitId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { relation, task, unitId } = await load(request, params.taskId!);
  const [mine, all, unit] = await Promise.all([
    latestReport(db(), task.id, unitId),
    latestReportsByUnit(db(), task.id),
    db().unit.findUniqueOrThrow({ where: { id: unitId }, select: { name: true } }),
  ]);
  const others = relation === "LEAD" ? all.filter((r) => r.unitId !== unitId) : [];
  const slots = taskSlots(db(), task.id, new Date());
  const cycle = slots?.cycle ?? { cycle: "MONTHLY" as const };
  return json({
    task,
    relation,
    unit,
    mine,
    others,
    period: collectingPeriod(new Date(), cycle),
    cycleText: describeCycle(cycle),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, relation, task, unitId } = await load(request, params.taskId!);
  const form = await request.formData();
  const values = formValues(form, reportFormSchema);
  const began = task.document.issuedOn ?? task.createdAt;
  const parsed = parseReportForm(form, reportPeriodBounds(began, new Date()));
  if (!parsed.ok) return json({ values, errors: parsed.errors, newer: null }, { status: 400 });
  const slot = slotProblem(db(), task.id, unitId, parsed.data.period, new Date());
  if (slot)
    return json(
      { values, errors: { period: [slot.message] } as FieldErrors, newer: null },
      { status: slot.status },
    );
  const result = await submitReport(db(), {
    taskId: task.id,
    unitId,
    authorId: user.id,
    relation,
    form: parsed.data,
  });
  if (result.ok) return redirect(`/tasks/${task.id}?reported=1`);
  if (result.reason === "conflict") {
    // Someone of the unit reported meanwhile: show theirs, keep this text, let the user resubmit.
    const errors: FieldErrors = {
      form: ["提交前已有同单位的新报送（见下方）。您填写的内容已保留，请核对后再次提交。"],
    };
    return json(
      { values: { ...values, baseReportId: result.newer.id }, errors, newer: result.newer },
      { status: 409 },
    );
  }
  const message =
    result.reason === "closed"
      ? "此任务已销号，不再接收报送。如需继续，请联系督办部门重新打开。"
      : "只有牵头单位可以将任务标记为已完成（办结）。";
  return json(
    {
      values,
      errors: { [result.reason === "closed" ? "form" : "status"]: [message] } as FieldErrors,
      newer: null,
    },
    { status: result.reason === "closed" ? 409 : 403 },
  );
}

export default function ReportPage() {
  const { task, relation, unit, mine, others, period, cycleText } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = (data?.errors ?? {}) as FieldErrors;
  // After an error the form shows what the user typed; otherwise the unit's last report as a starting point.
  const v = (data?.values ?? {}) as Record<string, string | undefined>;
  const initial = (
    name: "status" | "percent" | "progress" | "problems" | "nextSteps" | "coordination",
  ) =>
    v[name] ??
    (mine ? String(mine[name]) : name === "percent" ? "0" : name === "status" ? "IN_PROGRESS" : "");
  const baseReportId = v.baseReportId ?? mine?.id ?? "";
  const textarea = (
    name: "progress" | "problems" | "nextSteps" | "coordination",
    label: string,
    hint?: string,
  ) => (
    <Field label={label} name={name} errors={errors[name]} hint={hint}>
      <textarea
        id={`field-${name}`}
        name={name}
        maxLength={TEXT_LIMIT}
        defaultValue={initial(name)}
        aria-invalid={errors[name] ? true : undefined}
      />
    </Field>
  );
  return (
    <article>
      <p className="muted">
        <Link to={`/tasks/${task.id}`}>
          {task.document.title} · {task.ref} {task.heading}
        </Link>
      </p>
      <h1>
        报送进展 · {unit.name}（{relation ? ROLE[relation] : ""}）
      </h1>
      {relation === "LEAD" ? (
        <p className="notice">
          贵单位为牵头单位：请在汇总配合单位报送的基础上填写本任务的汇总进展。
        </p>
      ) : (
        <p className="notice">贵单位为配合单位：请报送本单位承担部分的进展，牵头单位将汇总。</p>
      )}
      <FormError errors={errors.form} />
      {data?.newer ? (
        <div className="panel">
          <h3>同单位的最新报送</h3>
          <ReportCard report={data.newer} />
        </div>
      ) : null}
      <div className={relation === "LEAD" && others.length ? "columns" : undefined}>
        <Form method="post" noValidate key={baseReportId} id="report-form">
          <input type="hidden" name="baseReportId" value={baseReportId} />
          <Field
            label="报送期次"
            name="period"
            errors={errors.period}
            hint={`${cycleText}；默认为当前报送期`}
          >
            <input id="field-period" name="period" defaultValue={v.period ?? period} />
          </Field>
          <Field label="状态" name="status" errors={errors.status}>
            <select id="field-status" name="status" defaultValue={initial("status")}>
              {REPORT_STATUSES.filter((s) => s !== "COMPLETED" || relation === "LEAD").map((s) => (
                <option key={s} value={s}>
                  {REPORT_STATUS[s]}
                  {s === "COMPLETED" ? "（办结）" : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field label="完成比例（%）" name="percent" errors={errors.percent}>
            <input
              id="field-percent"
              name="percent"
              inputMode="numeric"
              defaultValue={initial("percent")}
            />
          </Field>
          {textarea("progress", "进展情况")}
          {textarea("problems", "存在问题")}
          {textarea("nextSteps", "下步计划")}
          {textarea("coordination", "需协调事项", "需要联席会议协调解决的事项，将列入联席会议议题")}
          <button type="submit">提交报送</button>
        </Form>
        {relation === "LEAD" && others.length ? (
          <section>
            <h2>配合单位最新报送</h2>
            {others.map((r) => (
              <ReportCard key={r.id} report={r} />
            ))}
          </section>
        ) : null}
      </div>
    </article>
  );
}
