// 督办升级 of a task: every step taken (the ladder's and the reviewers' own), and — for reviewers
// of its supervising unit — recording a 约谈 (date and notes), putting the task under 挂牌督办 and
// lifting it (with the reason). Each is an audit event on the task's timeline.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { isTaskEscalationIntent, taskEscalationSchemas } from "~/forms/escalation-forms";
import { formInput, formValues } from "~/forms/report-form";
import { authorizeTask } from "~/models/access.server";
import { escalationView, recordManualStep } from "~/models/escalation.server";
import { may } from "~/models/permissions";
import { EscalationList, ListedBadge } from "~/ui/escalation-list";
import { Field, FormError } from "~/ui/form";
import { shanghaiDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "督办升级 · 督办" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const to = await authorizeTask(db(), request, user, params.taskId!, "read");
  const task = await db().task.findUniqueOrThrow({
    where: { id: params.taskId! },
    select: { id: true, ref: true, heading: true, document: { select: { title: true } } },
  });
  const view = await escalationView(db(), task.id);
  return json({
    task,
    ...view,
    can: may(user.role, "escalate", to),
    today: shanghaiDate(new Date()),
  });
}

type Errors = Record<string, string[] | undefined>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await authorizeTask(db(), request, user, params.taskId!, "escalate");
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isTaskEscalationIntent(intent)) throw new Response("未知操作", { status: 400 });
  const values = formValues(form);
  const schema: z.ZodType<{ date?: string; notes?: string; reason?: string }> =
    taskEscalationSchemas[intent];
  const parsed = schema.safeParse(formInput(form));
  if (!parsed.success)
    return json(
      { intent, values, errors: z.flattenError(parsed.error).fieldErrors as Errors },
      { status: 400 },
    );
  const d = parsed.data;
  const result = await recordManualStep(
    db(),
    params.taskId!,
    intent === "talk"
      ? { kind: "TALK", date: d.date!, notes: d.notes! }
      : { kind: intent === "list" ? "LISTED" : "LIFTED", reason: d.reason! },
    user.id,
  );
  if (!result.ok)
    return json({ intent, values, errors: { form: [result.reason] } as Errors }, { status: 409 });
  return redirect(`/tasks/${params.taskId}/escalation?saved=${intent}`);
}

export default function EscalationPage() {
  const { task, listed, items, can, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsFor = (intent: string): Errors => (data?.intent === intent ? data.errors : {});
  const valueFor = (intent: string, name: string) =>
    data?.intent === intent ? data.values[name] : undefined;
  return (
    <article>
      <p className="muted">
        <Link to={`/tasks/${task.id}`}>
          {task.document.title} · {task.ref} {task.heading}
        </Link>
      </p>
      <h1>督办升级 {listed ? <ListedBadge /> : null}</h1>
      <EscalationList taskId={task.id} items={items} />
      {can ? (
        <section className="panel" aria-label="督办升级操作">
          <h2>登记约谈</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="talk" />
            <FormError errors={errorsFor("talk").form} />
            <Field label="约谈日期" name="date" errors={errorsFor("talk").date}>
              <input
                id="field-date"
                type="date"
                name="date"
                defaultValue={valueFor("talk", "date") ?? today}
              />
            </Field>
            <Field label="约谈情况" name="notes" errors={errorsFor("talk").notes}>
              <textarea
                id="field-notes"
                name="notes"
                defaultValue={valueFor("talk", "notes") ?? ""}
                placeholder="约谈对象、主要问题、整改要求"
              />
            </Field>
            <button type="submit">登记约谈</button>
          </Form>
          <h2>{listed ? "解除挂牌督办" : "挂牌督办"}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value={listed ? "lift" : "list"} />
            <FormError errors={errorsFor(listed ? "lift" : "list").form} />
            <Field
              label={listed ? "解除原因" : "挂牌原因"}
              name="reason"
              errors={errorsFor(listed ? "lift" : "list").reason}
            >
              <textarea
                id="field-reason"
                name="reason"
                defaultValue={valueFor(listed ? "lift" : "list", "reason") ?? ""}
              />
            </Field>
            <button type="submit">{listed ? "解除挂牌督办" : "挂牌督办"}</button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}
