// 进展报送: a liaison reports for their unit. The lead sees its co-units' latest reports beside the
// form and writes the consolidated report; only the lead may declare the task completed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/auth/auth.server";
import { enqueueEmailSends } from "~/jobs/enqueue.server";
import { db } from "~/db/db.server";
import {
  parseReportForm,
  formInput,
  formValues,
  reportFormSchema,
  reportPeriodBounds,
  REPORT_STATUSES,
  TEXT_LIMIT,
  type FieldErrors,
} from "~/forms/report-form";
import { UPLOAD_LIMIT } from "~/http/body-limit.server";
import { authorizeTask } from "~/models/access.server";
import { openSendBack } from "~/models/close-out.server";
import { checkAnswer, openInstructions } from "~/models/instruction.server";
import { ANSWER_LIMIT, parseAnswer } from "~/forms/instruction-form";
import { openMilestones } from "~/models/milestone.server";
import { shanghaiDate, shanghaiDateTime } from "~/utils/time";
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_FILES } from "~/models/evidence";
import { acceptEvidence, type EvidenceUpload } from "~/models/evidence.server";
import { latestReport, latestReportsByUnit, submitReport } from "~/models/report.server";
import { collectingPeriod, describeCycle, periodLabel } from "~/models/reporting-period";
import { openPeriods, slotProblem } from "~/models/slots.server";
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
  const [mine, all, unit, sentBack] = await Promise.all([
    latestReport(db(), task.id, unitId),
    latestReportsByUnit(db(), task.id),
    db().unit.findUniqueOrThrow({ where: { id: unitId }, select: { name: true } }),
    openSendBack(db(), task.id, unitId),
  ]);
  const milestones = (await openMilestones(db(), task.id)).map((m) => ({
    id: m.id,
    label: `${m.title}（${shanghaiDate(m.dueDate)}）`,
  }));
  const others = relation === "LEAD" ? all.filter((r) => r.unitId !== unitId) : [];
  const now = new Date();
  // The unit's open slots (not locked, not yet filed; the one being collected always): the choice.
  const open = openPeriods(db(), task.id, unitId, now);
  const cycle = open?.cycle ?? { cycle: "MONTHLY" as const };
  const period = open?.collecting ?? collectingPeriod(now, cycle);
  const periods = open?.periods ?? [period];
  // 领导批示 the lead's report must answer (a co-unit's part does not).
  const instructions =
    relation === "LEAD"
      ? (await openInstructions(db(), task.id)).map((i) => ({
          id: i.id,
          text: i.text,
          by: `${i.unitName} ${i.leaderName}`,
          at: shanghaiDateTime(new Date(i.createdAt)),
          // Sent back as perfunctory: its earlier answer no longer counts.
          reanswer: i.answers.length > 0,
        }))
      : [];
  return json({
    task,
    relation,
    unit,
    mine,
    others,
    sentBack,
    instructions,
    milestones,
    period: periods.includes(period) ? period : (periods[0] ?? period),
    periods: periods.map((p) => ({ value: p, label: periodLabel(p) })),
    cycleText: describeCycle(cycle),
    limitMb: Math.round(UPLOAD_LIMIT / 1024 / 1024),
  });
}

type Errors = FieldErrors & { evidence?: string[]; instructionAnswer?: string[] };

/** The files chosen in the form's 佐证材料 field (an empty picker sends one nameless, empty part). */
async function uploadsOf(form: FormData): Promise<EvidenceUpload[]> {
  const files = form.getAll("evidence").filter((f): f is File => f instanceof File && f.size > 0);
  return Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}

const RESELECT = "其他内容已保留，请重新选择附件后提交";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, relation, task, unitId } = await load(request, params.taskId!);
  const form = await request.formData();
  const values = formValues(form, reportFormSchema);
  const began = task.document.issuedOn ?? task.createdAt;
  const parsed = parseReportForm(form, reportPeriodBounds(began, new Date()));
  if (!parsed.ok) return json({ values, errors: parsed.errors, newer: null }, { status: 400 });
  const answer = parseAnswer(formInput(form));
  if (!answer.ok)
    return json({ values, errors: answer.errors as Errors, newer: null }, { status: 400 });
  const slot = slotProblem(db(), task.id, unitId, parsed.data.period, new Date());
  if (slot)
    return json(
      { values, errors: { period: [slot.message] } as FieldErrors, newer: null },
      { status: slot.status },
    );
  const uploads = await uploadsOf(form);
  // An unanswered instruction is said before any file is stored (submitReport checks it again
  // in its transaction, where an instruction written meanwhile is caught).
  if (relation === "LEAD") {
    const check = await checkAnswer(db(), task.id, answer.data);
    if (!check.ok) return unanswered(check.reason, values, uploads.length > 0);
  }
  // Files are checked (by their bytes) only when the rest is valid: one error at a time to fix.
  const evidence = await acceptEvidence(uploads);
  if (!evidence.ok) {
    const errors: Errors = { evidence: [...evidence.errors, RESELECT] };
    return json({ values, errors, newer: null }, { status: 400 });
  }
  const result = await submitReport(db(), {
    taskId: task.id,
    unitId,
    authorId: user.id,
    relation,
    form: parsed.data,
    milestoneId:
      typeof form.get("milestoneId") === "string" ? String(form.get("milestoneId")) : null,
    evidence: evidence.files,
    instructionAnswer: answer.data,
  });
  if (result.ok) {
    await enqueueEmailSends(result.emailIds);
    return redirect(`/tasks/${task.id}?reported=1`);
  }
  if (result.reason === "conflict") {
    // Someone of the unit reported meanwhile: show theirs, keep this text, let the user resubmit.
    const errors: Errors = {
      form: ["提交前已有同单位的新报送（见下方）。您填写的内容已保留，请核对后再次提交。"],
      ...(uploads.length ? { evidence: [RESELECT] } : {}),
    };
    return json(
      { values: { ...values, baseReportId: result.newer.id }, errors, newer: result.newer },
      { status: 409 },
    );
  }
  if (result.reason === "unanswered" || result.reason === "new_instruction")
    return unanswered(result.reason, values, uploads.length > 0);
  const message =
    result.reason === "closed"
      ? "此任务已销号，不再接收报送。如需继续，请联系督办部门重新打开。"
      : "只有牵头单位可以将任务标记为已完成（办结）。";
  return json(
    {
      values,
      errors: { [result.reason === "closed" ? "form" : "status"]: [message] } as Errors,
      newer: null,
    },
    { status: result.reason === "closed" ? 409 : 403 },
  );
}

/** A lead report that leaves an open 领导批示 unanswered, or answers a form that did not show it. */
function unanswered(
  reason: "unanswered" | "new_instruction",
  values: Record<string, string>,
  hadFiles: boolean,
) {
  const message =
    reason === "unanswered"
      ? "请填写落实批示情况：牵头单位报送进展时须回复领导批示的落实情况"
      : "领导有新的批示（见上方），请阅后一并填写落实批示情况";
  const errors: Errors = {
    instructionAnswer: [message],
    ...(hadFiles ? { evidence: [RESELECT] } : {}),
  };
  return json(
    { values, errors, newer: null as null },
    { status: reason === "unanswered" ? 400 : 409 },
  );
}

export default function ReportPage() {
  const {
    task,
    relation,
    unit,
    mine,
    others,
    sentBack,
    instructions,
    milestones,
    period,
    periods,
    cycleText,
    limitMb,
  } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = (data?.errors ?? {}) as Errors;
  // After an error the form shows what the user typed; otherwise the unit's last report as a starting point.
  const v = (data?.values ?? {}) as Record<string, string | undefined>;
  const initial = (
    name: "status" | "percent" | "progress" | "problems" | "nextSteps" | "coordination",
  ) =>
    v[name] ??
    // A completion sent back is 推进中 again: the form does not offer 已完成 as the starting point.
    (name === "status" && sentBack?.kind === "COMPLETION"
      ? "IN_PROGRESS"
      : mine
        ? String(mine[name])
        : name === "percent"
          ? "0"
          : name === "status"
            ? "IN_PROGRESS"
            : "");
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
      {sentBack ? (
        <p className="notice sent-back" role="status">
          {sentBack.kind === "COMPLETION" ? "办结申请被退回重办" : "上次报送被退回重办"}：
          {sentBack.reason}
        </p>
      ) : null}
      {instructions.length ? (
        <section className="panel instructions" aria-label="待落实的领导批示">
          <h2>待落实的领导批示（{instructions.length}）</h2>
          <ul>
            {instructions.map((i) => (
              <li key={i.id}>
                <strong>{i.text}</strong>
                <span className="muted">
                  {" "}
                  — {i.by} · {i.at}
                  {i.reanswer ? " · 上次落实情况随报送被退回，请重新回复" : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <FormError errors={errors.form} />
      {data?.newer ? (
        <div className="panel">
          <h3>同单位的最新报送</h3>
          <ReportCard report={data.newer} />
        </div>
      ) : null}
      <div className={relation === "LEAD" && others.length ? "columns" : undefined}>
        <Form
          method="post"
          encType="multipart/form-data"
          noValidate
          key={baseReportId}
          id="report-form"
        >
          <input type="hidden" name="baseReportId" value={baseReportId} />
          <Field
            label="报送期次"
            name="period"
            errors={errors.period}
            hint={
              periods.length
                ? `${cycleText}；列出尚未报送、未锁定的报送期，默认为当前报送期`
                : `${cycleText}；各报送期均已锁定，如需补报，请联系督办单位重新开放`
            }
          >
            <select
              id="field-period"
              name="period"
              defaultValue={v.period ?? period}
              aria-invalid={errors.period ? true : undefined}
            >
              {/* A refused choice stays selected, so the message next to it makes sense. */}
              {v.period && !periods.some((p) => p.value === v.period) ? (
                <option value={v.period}>{v.period}</option>
              ) : null}
              {periods.length === 0 && !v.period ? <option value={period}>{period}</option> : null}
              {periods.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
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
          {milestones.length > 0 ? (
            <Field label="推进节点" name="milestoneId" hint="本次报送推进的节点（可不选）">
              <select id="field-milestoneId" name="milestoneId" defaultValue={v.milestoneId ?? ""}>
                <option value="">（不指定）</option>
                {milestones.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          {/* 佐证材料 (attachments, branch ladder) join the form here. */}
          <Field label="完成比例（%）" name="percent" errors={errors.percent}>
            <input
              id="field-percent"
              name="percent"
              inputMode="numeric"
              defaultValue={initial("percent")}
            />
          </Field>
          {instructions.length ? (
            <Field
              label="落实批示情况"
              name="instructionAnswer"
              errors={errors.instructionAnswer}
              hint="必填：逐条说明领导批示的落实情况，报送后批示即为已落实"
            >
              <textarea
                id="field-instructionAnswer"
                name="instructionAnswer"
                maxLength={ANSWER_LIMIT}
                defaultValue={v.instructionAnswer ?? ""}
                aria-invalid={errors.instructionAnswer ? true : undefined}
              />
            </Field>
          ) : null}
          <input
            type="hidden"
            name="instructionIds"
            value={instructions.map((i) => i.id).join(",")}
          />
          {textarea("progress", "进展情况")}
          {textarea("problems", "存在问题")}
          {textarea("nextSteps", "下步计划")}
          {textarea("coordination", "需协调事项", "需要联席会议协调解决的事项，将列入联席会议议题")}
          <EvidenceField errors={errors.evidence} limitMb={limitMb} lead={relation === "LEAD"} />
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

/**
 * 佐证材料: a plain multiple file input, so that it works in WeChat's browser and without
 * JavaScript; with it, a selection over the limit is said before the upload starts.
 */
function EvidenceField(props: { errors?: string[]; limitMb: number; lead: boolean }) {
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const hint = `PDF、图片、Word、Excel，最多 ${EVIDENCE_MAX_FILES} 个，合计不超过 ${props.limitMb} MB${
    props.lead ? "；申请办结（已完成）时请附佐证材料" : ""
  }。提交后不能删除。`;
  return (
    <Field
      label="佐证材料"
      name="evidence"
      errors={tooLarge ? [tooLarge] : props.errors}
      hint={hint}
    >
      <input
        id="field-evidence"
        name="evidence"
        type="file"
        multiple
        accept={EVIDENCE_ACCEPT}
        aria-invalid={props.errors || tooLarge ? true : undefined}
        onChange={(e) => {
          const chosen = [...(e.currentTarget.files ?? [])];
          const total = chosen.reduce((n, f) => n + f.size, 0);
          if (total > props.limitMb * 1024 * 1024) {
            setTooLarge(
              `所选文件共 ${(total / 1024 / 1024).toFixed(1)} MB，超过上传上限 ${props.limitMb} MB，请压缩或分次报送`,
            );
            e.currentTarget.value = "";
          } else if (chosen.length > EVIDENCE_MAX_FILES) {
            setTooLarge(`每次报送最多附 ${EVIDENCE_MAX_FILES} 个文件，请分次报送`);
            e.currentTarget.value = "";
          } else setTooLarge(null);
        }}
      />
    </Field>
  );
}
