// 会议与议定事项: the meetings of the joint conference and of its liaisons, each with its decisions
// (议定事项), which are tracked as tasks (source 会议议定); and the form that records a meeting.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { MEETING_KINDS, parseMeetingForm, type MeetingErrors } from "~/forms/meeting-form";
import { parseMemberForm, type MemberErrors } from "~/forms/conference-member-form";
import {
  requireMeetingRecorder,
  requireMemberKeeper,
  requireRollupReader,
} from "~/models/access.server";
import {
  addConferenceMember,
  conferenceMembers,
  MemberError,
  removeConferenceMember,
} from "~/models/conference-member.server";
import { MeetingError, recordMeeting } from "~/models/meeting.server";
import { mayKeepConferenceMembers, mayRecordMeetings } from "~/models/permissions";
import { taskIndex } from "~/models/task-index.server";
import { TASK_STATUS } from "~/ui/labels";
import { Field, FormError } from "~/ui/form";
import { shanghaiDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "会议与议定事项 · 督办" }];

const DECISIONS_HINT =
  "每行一项：议定事项｜牵头单位｜配合单位（以、分隔，可空）｜完成时限 YYYY-MM-DD";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const index = taskIndex(db());
  const supervised = index.supervisedBy(user.unitId);
  const jurisdictions = await db().jurisdiction.findMany({
    orderBy: { code: "asc" },
    select: { id: true, name: true },
  });
  const visible =
    user.role === "ADMIN" ? jurisdictions : jurisdictions.filter((j) => supervised.has(j.id));
  const meetings = await db().meeting.findMany({
    where: { document: { jurisdictionId: { in: visible.map((j) => j.id) } } },
    orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }],
    take: 50,
    include: {
      document: {
        select: {
          slug: true,
          title: true,
          tasks: {
            where: { archivedAt: null },
            orderBy: { position: "asc" },
            select: { id: true, ref: true, heading: true, status: true, dueDate: true },
          },
        },
      },
    },
  });
  const keepsMembers = mayKeepConferenceMembers(user.role, supervised.size > 0);
  const members = keepsMembers && user.unitId ? await conferenceMembers(db(), user.unitId) : [];
  // Member units: today's units of the jurisdictions the office supervises.
  const units = keepsMembers
    ? await db().unit.findMany({
        where: {
          jurisdictionId: { in: [...supervised] },
          successorId: null,
          kind: { not: "COLLECTIVE" },
        },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
      })
    : [];
  return json({
    keepsMembers,
    members,
    units,
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: MEETING_KINDS[m.kind as keyof typeof MEETING_KINDS] ?? m.kind,
      heldOn: shanghaiDate(m.heldOn),
      minutesNumber: m.minutesNumber,
      attendees: m.attendees,
      title: m.document.title,
      slug: m.document.slug,
      decisions: m.document.tasks.map((t) => ({
        id: t.id,
        ref: t.ref,
        heading: t.heading,
        status: TASK_STATUS[t.status] ?? t.status,
        due: t.dueDate ? shanghaiDate(t.dueDate) : "—",
      })),
    })),
    recordable: visible.filter((j) => mayRecordMeetings(user.role, supervised.has(j.id))),
    today: shanghaiDate(new Date()),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "member.add" || intent === "member.remove") {
    const supervisorId = await requireMemberKeeper(db(), request, user);
    if (intent === "member.remove") {
      await removeConferenceMember(db(), supervisorId, String(form.get("memberId") ?? ""));
      return redirect("/meetings#members");
    }
    const parsed = parseMemberForm(form);
    if (!parsed.ok) return json({ memberErrors: parsed.errors }, { status: 400 });
    try {
      await addConferenceMember(db(), supervisorId, parsed.data, user.id);
    } catch (error) {
      if (!(error instanceof MemberError)) throw error;
      const memberErrors: MemberErrors = { [error.field]: [error.message] };
      return json({ memberErrors }, { status: 400 });
    }
    return redirect("/meetings#members");
  }
  const parsed = parseMeetingForm(form);
  const jurisdictionId = String(form.get("jurisdictionId") ?? "");
  await requireMeetingRecorder(db(), request, user, jurisdictionId);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  try {
    const r = await recordMeeting(db(), parsed.data, parsed.decisions, user.id);
    return redirect(`/meetings?recorded=${r.meetingId}#m-${r.meetingId}`);
  } catch (error) {
    if (!(error instanceof MeetingError)) throw error;
    const errors: MeetingErrors = { [error.field]: [error.message] };
    return json({ errors }, { status: 400 });
  }
}

function Members({
  members,
  units,
  errors,
}: {
  members: Array<{
    id: string;
    unit: { id: string; name: string } | null;
    name: string;
    email: string;
  }>;
  units: Array<{ id: string; name: string }>;
  errors?: MemberErrors;
}) {
  return (
    <section id="members" aria-label="联席会议成员" className="stack">
      <h2>联席会议成员（{members.length}）</h2>
      <p className="muted">
        汇总报告勾选「发送给联席会议成员」时，材料（附件）发给以下成员：成员单位的联络员，以及具名成员的邮箱。
        {members.length === 0
          ? "尚未设置名单时，发给报告范围内各责任单位的联络员和本单位审核人员。"
          : ""}
      </p>
      {members.length > 0 ? (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              {m.unit ? `${m.unit.name}（联络员）` : `${m.name} <${m.email}>`}{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="member.remove" />
                <input type="hidden" name="memberId" value={m.id} />
                <button type="submit">移出</button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="stack" aria-label="添加成员">
        <input type="hidden" name="intent" value="member.add" />
        <FormError errors={errors ? ["请按提示修改后再提交"] : undefined} />
        <Field label="成员单位" name="unitId" errors={errors?.unitId} hint="或填写下方具名成员">
          <select id="field-unitId" name="unitId" defaultValue="">
            <option value="">（具名成员）</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="具名成员姓名职务" name="name" errors={errors?.name}>
          <input id="field-name" name="name" maxLength={60} />
        </Field>
        <Field label="具名成员邮箱" name="email" errors={errors?.email}>
          <input id="field-email" name="email" type="email" maxLength={200} />
        </Field>
        <button type="submit">添加成员</button>
      </Form>
    </section>
  );
}

function RecordForm({
  recordable,
  today,
  errors,
}: {
  recordable: Array<{ id: string; name: string }>;
  today: string;
  errors?: MeetingErrors;
}) {
  return (
    <Form method="post" className="stack" aria-label="登记会议">
      <h2>登记会议</h2>
      <FormError errors={errors ? ["请按提示修改后再提交"] : undefined} />
      <Field label="地区" name="jurisdictionId" errors={errors?.jurisdictionId}>
        <select id="field-jurisdictionId" name="jurisdictionId">
          {recordable.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="会议类别" name="kind" errors={errors?.kind}>
        <select id="field-kind" name="kind" defaultValue="JOINT">
          {Object.entries(MEETING_KINDS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="会议日期" name="heldOn" errors={errors?.heldOn}>
        <input id="field-heldOn" name="heldOn" type="date" max={today} defaultValue={today} />
      </Field>
      <Field
        label="纪要编号"
        name="minutesNumber"
        errors={errors?.minutesNumber}
        hint="如〔2026〕3号"
      >
        <input id="field-minutesNumber" name="minutesNumber" maxLength={40} />
      </Field>
      <Field label="参会人员" name="attendees" errors={errors?.attendees}>
        <textarea id="field-attendees" name="attendees" rows={3} maxLength={2000} />
      </Field>
      <Field label="议定事项" name="decisions" errors={errors?.decisions} hint={DECISIONS_HINT}>
        <textarea id="field-decisions" name="decisions" rows={6} />
      </Field>
      <button type="submit">登记并生成督办任务</button>
    </Form>
  );
}

export default function Meetings() {
  const { meetings, recordable, today, keepsMembers, members, units } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const memberErrors = result && "memberErrors" in result ? result.memberErrors : undefined;
  return (
    <>
      <h1>会议与议定事项</h1>
      <p className="muted">
        议定事项登记后即成为督办任务（来源：会议议定），与其他任务一样提醒、报送、亮灯并纳入
        <Link to="/reports">汇总报告</Link>。
      </p>
      {recordable.length > 0 ? (
        <RecordForm recordable={recordable} today={today} errors={errors} />
      ) : null}
      {keepsMembers ? <Members members={members} units={units} errors={memberErrors} /> : null}
      <h2>已登记的会议（{meetings.length}）</h2>
      {meetings.length === 0 ? <p className="muted">尚未登记会议。</p> : null}
      {meetings.map((m) => (
        <section key={m.id} id={`m-${m.id}`} aria-label={m.title}>
          <h3>
            {m.heldOn} {m.kind} {m.minutesNumber}
          </h3>
          {m.attendees ? <p className="muted">参会：{m.attendees}</p> : null}
          <p>
            <Link to={`/?document=${encodeURIComponent(m.slug)}`}>在台账中查看《{m.title}》</Link>
          </p>
          <ol>
            {m.decisions.map((d) => (
              <li key={d.id}>
                <Link to={`/tasks/${d.id}`}>{d.heading}</Link>{" "}
                <span className="muted">
                  {d.status}，{d.due} 前完成
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
