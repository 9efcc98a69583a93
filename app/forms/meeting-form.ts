// The form that records a meeting and its decisions (议定事项). Pure. One decision a line:
// 事项｜牵头单位｜配合单位（以、分隔，可空）｜完成时限 YYYY-MM-DD. Unit names are resolved against the
// jurisdiction's directory by the domain (app/models/meeting.server.ts), which names the line.
import { z } from "zod";

export const MEETING_KINDS = { JOINT: "联席会议", LIAISON: "联络员会议" } as const;
export type MeetingKind = keyof typeof MEETING_KINDS;

export type DecisionLine = {
  line: number;
  text: string;
  lead: string;
  co: string[];
  due: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The decision lines, or the first problem, naming its line. */
export function parseDecisions(
  text: string,
): { ok: true; lines: DecisionLine[] } | { ok: false; error: string } {
  const lines: DecisionLine[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (!raw.trim()) continue;
    const parts = raw.split(/[|｜]/).map((s) => s.trim());
    const [item = "", lead = "", co = "", due = ""] = parts;
    const line = i + 1;
    if (parts.length !== 4)
      return { ok: false, error: `第 ${line} 行应为「事项｜牵头单位｜配合单位｜完成时限」四栏` };
    if (!item) return { ok: false, error: `第 ${line} 行缺少议定事项` };
    if (item.length > 500) return { ok: false, error: `第 ${line} 行议定事项不能超过 500 字` };
    if (!lead) return { ok: false, error: `第 ${line} 行缺少牵头单位` };
    if (!validDate(due)) return { ok: false, error: `第 ${line} 行完成时限应为 YYYY-MM-DD` };
    const coUnits = co
      ? co
          .split(/[、,，]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
    lines.push({ line, text: item, lead, co: coUnits, due });
  }
  if (lines.length === 0) return { ok: false, error: "请至少填写一项议定事项" };
  if (lines.length > 100) return { ok: false, error: "一次最多 100 项议定事项" };
  return { ok: true, lines };
}

export const meetingSchema = z
  .object({
    jurisdictionId: z.string({ message: "请选择地区" }).min(1, { message: "请选择地区" }).max(100),
    kind: z.enum(["JOINT", "LIAISON"], { message: "请选择会议类别" }),
    heldOn: z
      .string({ message: "请填写会议日期" })
      .max(10)
      .refine(validDate, { message: "会议日期格式应为 YYYY-MM-DD" }),
    minutesNumber: z
      .string({ message: "请填写纪要编号" })
      .max(40, { message: "纪要编号不能超过 40 个字" })
      .refine((s) => s.trim().length > 0, { message: "请填写纪要编号，如〔2026〕3号" }),
    attendees: z.string().max(2000, { message: "参会人员不能超过 2000 字" }).default(""),
    decisions: z.string({ message: "请填写议定事项" }).max(60_000, { message: "议定事项过长" }),
  })
  .superRefine((v, ctx) => {
    const d = parseDecisions(v.decisions);
    if (!d.ok) ctx.addIssue({ code: "custom", path: ["decisions"], message: d.error });
  });

export type MeetingForm = z.infer<typeof meetingSchema>;
export type MeetingErrors = Partial<Record<keyof MeetingForm, string[]>>;

export function parseMeetingForm(
  formData: FormData,
):
  | { ok: true; data: MeetingForm; decisions: DecisionLine[] }
  | { ok: false; errors: MeetingErrors } {
  const input = Object.fromEntries(
    ["jurisdictionId", "kind", "heldOn", "minutesNumber", "attendees", "decisions"].map((k) => [
      k,
      typeof formData.get(k) === "string" ? (formData.get(k) as string) : undefined,
    ]),
  );
  const r = meetingSchema.safeParse(input);
  if (!r.success)
    return { ok: false, errors: z.flattenError(r.error).fieldErrors as MeetingErrors };
  const d = parseDecisions(r.data.decisions);
  return d.ok
    ? { ok: true, data: r.data, decisions: d.lines }
    : { ok: false, errors: { decisions: [d.error] } };
}
