// 督办升级阶梯: the admin's table of the ladder's steps — order, kind (提醒/催办/督办函/约谈/挂牌督办),
// trigger and threshold, recipients, on or off. The daily run (jobs/escalation.ts) reads it; a
// step already taken for a task is not taken again after an edit (its once-key is the step's id).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { ladderStepSchema } from "~/forms/escalation-forms";
import { formInput } from "~/forms/report-form";
import { requireAdmin } from "~/models/access.server";
import {
  ESCALATION_KIND_LABEL,
  ESCALATION_KINDS,
  RECIPIENT_LABEL,
  RECIPIENTS,
  TRIGGER_KINDS,
  TRIGGER_LABEL,
  type LadderStep,
} from "~/models/escalation";
import { ensureLadder, ladderSteps, saveStep } from "~/models/escalation.server";
import { FormError } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "督办升级阶梯 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  await ensureLadder(db());
  return json({ steps: await ladderSteps(db()) });
}

type Errors = Record<string, string[] | undefined>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const form = await request.formData();
  const input = {
    ...formInput(form),
    id: String(form.get("id") ?? "") || undefined,
    recipients: form.getAll("recipients").map(String),
    active: form.get("active") === "on",
  };
  const parsed = ladderStepSchema.safeParse(input);
  const key = input.id ?? "new";
  if (!parsed.success)
    return json(
      { key, errors: z.flattenError(parsed.error).fieldErrors as Errors, values: input },
      { status: 400 },
    );
  if (parsed.data.id && !(await db().escalationStep.findUnique({ where: { id: parsed.data.id } })))
    throw new Response("没有这个步骤", { status: 404 });
  await saveStep(db(), parsed.data, user.id);
  return redirect("/admin/escalation?saved=1");
}

type Values = { position?: string; threshold?: string; kind?: string; trigger?: string };

function StepForm(props: { step: Partial<LadderStep> | null; errors: Errors; values?: Values }) {
  const { errors, values } = props;
  // After a refusal the form shows what was typed.
  const step: Omit<Partial<LadderStep>, keyof Values> & Values = {
    ...props.step,
    position: props.step?.position?.toString(),
    threshold: props.step?.threshold?.toString(),
    ...values,
  };
  const all = Object.values(errors).flat().filter(Boolean) as string[];
  const key = props.step?.id ?? "new";
  return (
    <Form method="post" className="inline-form ladder-step" aria-label={`步骤 ${key}`} noValidate>
      {props.step?.id ? <input type="hidden" name="id" value={props.step.id} /> : null}
      <label>
        顺序{" "}
        <input
          name="position"
          inputMode="numeric"
          size={3}
          defaultValue={step?.position ?? ""}
          aria-invalid={errors.position ? true : undefined}
        />
      </label>
      <label>
        方式{" "}
        <select name="kind" defaultValue={step?.kind ?? "URGE"}>
          {ESCALATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {ESCALATION_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        触发{" "}
        <select name="trigger" defaultValue={step?.trigger ?? "DAYS_OVERDUE"}>
          {TRIGGER_KINDS.map((t) => (
            <option key={t} value={t}>
              {TRIGGER_LABEL[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        ≥{" "}
        <input
          name="threshold"
          inputMode="numeric"
          size={4}
          defaultValue={step?.threshold ?? ""}
          aria-label="阈值"
          aria-invalid={errors.threshold ? true : undefined}
        />
      </label>
      <fieldset>
        <legend>发送对象</legend>
        {RECIPIENTS.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              name="recipients"
              value={r}
              defaultChecked={step?.recipients?.includes(r) ?? r === "LIAISONS"}
            />{" "}
            {RECIPIENT_LABEL[r]}
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" name="active" defaultChecked={step?.active ?? true} /> 启用
      </label>
      <button type="submit">{props.step?.id ? "保存" : "添加步骤"}</button>
      <FormError errors={all.length ? all : undefined} />
    </Form>
  );
}

export default function LadderPage() {
  const { steps } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsOf = (key: string): Errors => (data?.key === key ? data.errors : {});
  const valuesOf = (key: string) => (data?.key === key ? (data.values as Values) : undefined);
  return (
    <article>
      <h1>督办升级阶梯</h1>
      <p className="muted">
        每个工作日 8:10 按此表逐项检查未办结任务：达到触发条件的步骤对每项任务只执行一次，
        记入任务的办理记录并通知所选对象；督办函以 Word 附件发出。“延期申请被驳回次数”
        在延期申请功能启用后计数。
      </p>
      {steps.length === 0 ? <p className="muted">尚无步骤。</p> : null}
      {steps.map((s) => (
        <StepForm key={s.id} step={s} errors={errorsOf(s.id)} values={valuesOf(s.id)} />
      ))}
      <h2>添加步骤</h2>
      <StepForm step={null} errors={errorsOf("new")} values={valuesOf("new")} />
    </article>
  );
}
