// 督办灯设置: each supervising unit's thresholds for amber (days before the due date, days before a
// report deadline, progress lagging elapsed time), as the lights of its jurisdictions follow them;
// and the working days a unit has to acknowledge (签收) a new assignment before it is 领办逾期.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { acknowledgeWithinSchema, thresholdsSchema } from "~/forms/settings-forms";
import { fieldErrors } from "~/forms/user-forms";
import { requireAdmin } from "~/models/access.server";
import { acknowledgeWithin, setAcknowledgeWithin } from "~/models/acknowledgement.server";
import { setThresholds, supervisingUnitsWithThresholds } from "~/models/light-settings.server";
import { DEFAULT_ACKNOWLEDGE_WORKING_DAYS, DEFAULT_THRESHOLDS } from "~/models/standing";
import { taskIndex } from "~/models/task-index.server";
import { Field } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "督办灯设置 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  return json({
    units: supervisingUnitsWithThresholds(db(), taskIndex(db())),
    defaults: DEFAULT_THRESHOLDS,
    acknowledgeWithin: acknowledgeWithin(db()),
    acknowledgeDefault: DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  });
}

const ACKNOWLEDGE = "acknowledgeWithin";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const values = Object.fromEntries(await request.formData()) as Record<string, string>;
  if (values.intent === ACKNOWLEDGE) {
    const n = acknowledgeWithinSchema.safeParse(values);
    if (!n.success)
      return json({ errors: fieldErrors(n.error), values, saved: null }, { status: 400 });
    await setAcknowledgeWithin(db(), n.data.acknowledgeWithinWorkingDays, user.id);
    return json({ errors: {} as Record<string, string[]>, values, saved: ACKNOWLEDGE });
  }
  const parsed = thresholdsSchema.safeParse(values);
  const known = supervisingUnitsWithThresholds(db(), taskIndex(db())).some(
    (u) => u.id === values.unitId,
  );
  if (!parsed.success || !known)
    return json(
      {
        errors: parsed.success ? { unitId: ["不是督办单位"] } : fieldErrors(parsed.error),
        values,
        saved: null,
      },
      { status: 400 },
    );
  const { unitId, ...t } = parsed.data;
  await setThresholds(db(), unitId, t, user.id);
  return json({ errors: {} as Record<string, string[]>, values, saved: unitId });
}

export default function Lights() {
  const { units, defaults, acknowledgeWithin, acknowledgeDefault } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const ackMine = data?.values.intent === ACKNOWLEDGE;
  return (
    <>
      <h1>督办灯设置</h1>
      <p>
        各督办单位为其督办地区的任务设定黄灯规则。未设定的按默认：距完成时限 {defaults.dueSoonDays}{" "}
        天内、本期进展距报送截止 {defaults.reportDueSoonDays} 天内为黄灯，不比较进度与时间。
        逾期和未按期报送为红灯，不可调整；审核人员可在任务页临时调整某项任务的灯，须写明理由和有效期。
      </p>
      <section className="panel" aria-label="签收时限">
        <h2>签收时限</h2>
        <p className="muted">
          新交办的任务，责任单位应在交办后若干个工作日内签收（节假日不计，调休上班日计入），逾期未签收为领办逾期，列入该单位的提醒。默认{" "}
          {acknowledgeDefault} 个工作日。
        </p>
        {data?.saved === ACKNOWLEDGE ? <p className="notice">已保存。</p> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value={ACKNOWLEDGE} />
          <Field
            label="签收时限（工作日）"
            name="acknowledgeWithinWorkingDays"
            errors={ackMine ? data!.errors.acknowledgeWithinWorkingDays : undefined}
          >
            <input
              id="field-acknowledgeWithinWorkingDays"
              name="acknowledgeWithinWorkingDays"
              inputMode="numeric"
              defaultValue={
                ackMine ? data!.values.acknowledgeWithinWorkingDays : String(acknowledgeWithin)
              }
            />
          </Field>
          <button type="submit">保存</button>
        </Form>
      </section>
      {units.length === 0 ? <p className="muted">尚无督办单位。</p> : null}
      {units.map((u) => {
        const mine = !ackMine && data?.values.unitId === u.id;
        const errors = mine ? data!.errors : {};
        const value = (name: keyof typeof u.thresholds) =>
          mine ? data!.values[name] : String(u.thresholds[name] ?? "");
        return (
          <section key={u.id} className="panel" aria-label={u.name}>
            <h2>{u.name}</h2>
            <p className="muted">
              督办地区：{u.jurisdictions.join("、")}
              {u.own ? "" : "（使用默认设置）"}
            </p>
            {data?.saved === u.id ? <p className="notice">已保存。</p> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="unitId" value={u.id} />
              <Field
                label="距完成时限（天）"
                name={`dueSoonDays-${u.id}`}
                errors={errors.dueSoonDays}
              >
                <input
                  id={`field-dueSoonDays-${u.id}`}
                  name="dueSoonDays"
                  inputMode="numeric"
                  defaultValue={value("dueSoonDays")}
                />
              </Field>
              <Field
                label="距进展报送截止（天）"
                name={`reportDueSoonDays-${u.id}`}
                errors={errors.reportDueSoonDays}
              >
                <input
                  id={`field-reportDueSoonDays-${u.id}`}
                  name="reportDueSoonDays"
                  inputMode="numeric"
                  defaultValue={value("reportDueSoonDays")}
                />
              </Field>
              <Field
                label="进度落后于时间（百分点）"
                name={`progressLagPoints-${u.id}`}
                errors={errors.progressLagPoints}
                hint="时间已过比例减去进度超过此数即为黄灯；留空不启用"
              >
                <input
                  id={`field-progressLagPoints-${u.id}`}
                  name="progressLagPoints"
                  inputMode="numeric"
                  defaultValue={value("progressLagPoints")}
                />
              </Field>
              <button type="submit">保存</button>
            </Form>
          </section>
        );
      })}
    </>
  );
}
