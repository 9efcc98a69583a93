// The bulletin (督办通报) of a joint conference pack: for a closed reporting period (the pack's;
// `now` is the moment standing.ts closedPeriodMoment gives for it), the
// overall figures, the units praised (every owed report on time; tasks completed ahead of their
// due date) and the units named (reports missing or late, the most overdue tasks), each with its
// counts and consecutive missed periods. Every number is standing.ts's, through the same
// figuresByLeadUnit as the board and the digests, so the bulletin agrees with them.
import { writeFile } from "node:fs/promises";
import { Document, Packer } from "docx";
import { consecutiveMissedPeriods, formatRate, isDone, type Figures } from "../models/standing";
import type { StandingRules, TaskFacts } from "../models/standing";
import { figuresByLeadUnit, figuresOf, taskFacts } from "../models/standing.server";
import type { IndexedTask, TaskIndex } from "../models/task-index.server";
import { compareUnitNames } from "../models/unit-order";
import { formatChineseDate } from "../utils/time";
import {
  body,
  heading1,
  heading2,
  officialStyles,
  section,
  subtitle,
  table,
  title,
} from "./official-docx";

export type BulletinUnit = {
  unit: string;
  /** Reports owed for the period, filed on time, filed late, not filed. */
  owed: number;
  onTime: number;
  late: number;
  missing: number;
  overdue: number;
  /** Led tasks completed (办结 or 销号) while their due date was still ahead. */
  ahead: number;
  /** The most periods in a row any of its led tasks missed (consecutiveMissedPeriods). */
  consecutiveMissed: number;
};

export type BulletinData = {
  /** The period the bulletin is about: the last closed one at `asOf`. */
  period: string;
  asOf: string;
  figures: Figures;
  praised: BulletinUnit[];
  ahead: BulletinUnit[];
  missing: BulletinUnit[];
  late: BulletinUnit[];
  overdue: BulletinUnit[];
};

/** How many of the most overdue units are named. */
export const MOST_OVERDUE = 5;

export function bulletinData(
  index: TaskIndex,
  tasks: IndexedTask[],
  now: Date,
  rules: StandingRules,
): BulletinData {
  const overall = figuresOf(index, tasks, now, rules);
  // The index keeps a few periods' filings; walking back period by period for every task would
  // read each period again per task. Each period is read once here.
  const filed = new Map<string, ReadonlyMap<string, number>>();
  const filedFor = (p: string) => {
    let m = filed.get(p);
    if (!m) filed.set(p, (m = index.filedFor(p)));
    return m;
  };
  const facts = (t: IndexedTask): TaskFacts => ({
    ...taskFacts(index, t),
    filedAt: (p) => {
      const at = filedFor(p).get(t.id);
      return at === undefined ? null : new Date(at);
    },
  });
  const units = figuresByLeadUnit(index, tasks, now, rules).map(
    ({ unit, figures: f, tasks: led }): BulletinUnit => ({
      unit: unit.name,
      owed: f.owedLastPeriod,
      onTime: f.onTimeLastPeriod,
      late: f.lateLastPeriod,
      missing: f.missingLastPeriod,
      overdue: f.overdue,
      ahead: led.filter((t) => isDone(t.status) && t.dueDate && t.dueDate > now).length,
      consecutiveMissed: Math.max(
        0,
        ...led.map((t) => consecutiveMissedPeriods(facts(t), now, rules)),
      ),
    }),
  );
  const by = (key: keyof BulletinUnit) => (a: BulletinUnit, b: BulletinUnit) =>
    Number(b[key]) - Number(a[key]) || compareUnitNames(a.unit, b.unit);
  return {
    period: overall.lastPeriod,
    asOf: now.toISOString(),
    figures: overall,
    praised: units
      .filter((u) => u.owed > 0 && u.onTime === u.owed && u.overdue === 0)
      .sort(by("owed")),
    ahead: units.filter((u) => u.ahead > 0).sort(by("ahead")),
    missing: units.filter((u) => u.missing > 0).sort(by("missing")),
    late: units.filter((u) => u.late > 0).sort(by("late")),
    overdue: units
      .filter((u) => u.overdue > 0)
      .sort(by("overdue"))
      .slice(0, MOST_OVERDUE),
  };
}

const names = (list: BulletinUnit[], what: (u: BulletinUnit) => string) =>
  list.map((u) => `${u.unit}（${what(u)}）`).join("、");

const consecutive = (u: BulletinUnit) =>
  u.consecutiveMissed > 1 ? `，已连续 ${u.consecutiveMissed} 期未按时报送` : "";

export async function writeBulletinDocx(b: BulletinData, file: string): Promise<void> {
  const f = b.figures;
  const missing = f.missingLastPeriod;
  const [y, m] = b.period.split("-");
  const doc = new Document({
    creator: "督办",
    title: `督办通报（${b.period}）`,
    styles: officialStyles,
    evenAndOddHeaderAndFooters: true,
    sections: [
      section([
        title("督办通报"),
        subtitle(`（${y}年第${Number(m)}期）`),
        body(`为推动各项任务落实落地，现将${y}年${Number(m)}月份任务进展报送及落实情况通报如下。`),
        heading1("一、总体情况"),
        body(
          `截至${formatChineseDate(new Date(b.asOf))}，共督办任务 ${f.tasks} 项，已完成（含销号）${f.done} 项，完成率 ${formatRate(f.completionRate)}；逾期未完成 ${f.overdue} 项。红灯 ${f.red} 项、黄灯 ${f.amber} 项、绿灯 ${f.green} 项。`,
        ),
        body(
          `本期应报送进展 ${f.owedLastPeriod} 项，按时报送 ${f.onTimeLastPeriod} 项，逾期报送 ${f.lateLastPeriod} 项，未报送 ${missing} 项，按时报送率 ${formatRate(f.onTimeRate)}。`,
        ),
        heading1("二、表扬"),
        heading2("（一）按时报送、无逾期任务的单位"),
        body(
          b.praised.length
            ? `${names(b.praised, (u) => `按时报送 ${u.onTime} 项`)}，予以表扬。`
            : "本期无。",
        ),
        heading2("（二）提前完成任务的单位"),
        body(
          b.ahead.length
            ? `${names(b.ahead, (u) => `提前完成 ${u.ahead} 项`)}，予以表扬。`
            : "本期无。",
        ),
        heading1("三、通报"),
        heading2("（一）未报送进展的单位"),
        body(
          b.missing.length
            ? `${names(b.missing, (u) => `未报送 ${u.missing} 项${consecutive(u)}`)}，予以通报，请于 3 个工作日内补报。`
            : "本期无。",
        ),
        heading2("（二）逾期报送的单位"),
        body(
          b.late.length
            ? `${names(b.late, (u) => `逾期报送 ${u.late} 项`)}，予以通报。`
            : "本期无。",
        ),
        heading2("（三）逾期任务较多的单位"),
        ...(b.overdue.length
          ? [
              table({
                head: ["单位", "逾期任务", "未报送", "连续未按时报送期数"],
                rows: b.overdue.map((u) => [u.unit, u.overdue, u.missing, u.consecutiveMissed]),
              }),
              body("请上述单位倒排工期、挂图作战，确保逾期任务尽快完成。"),
            ]
          : [body("本期无。")]),
        heading1("四、工作要求"),
        body(
          "各责任单位要切实履行牵头责任，按时报送进展情况，对存在的困难和问题及时提出需协调事项，确保各项任务按期完成。",
        ),
      ]),
    ],
  });
  await writeFile(file, await Packer.toBuffer(doc));
}
