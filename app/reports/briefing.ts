// The briefing (汇报材料) of a joint conference pack, as a DOCX in the official layout
// (app/reports/official-docx.ts): the figures, the charts, each unit's completion, the 需协调事项
// as the meeting's numbered agenda, and every measure in a landscape section, grouped by document.
import { writeFile } from "node:fs/promises";
import { Document, Packer } from "docx";
import type { RollupData } from "../../jobs/rollup";
import { shanghaiDateTime } from "../utils/time";
import type { ChartImages } from "./charts";
import {
  body,
  heading1,
  heading2,
  image,
  officialStyles,
  section,
  SIZE,
  subtitle,
  table,
  title,
} from "./official-docx";

export type BriefingOptions = {
  /** The measures the briefing lists (all if few, else those needing attention first). */
  measures: RollupData["measures"];
  charts?: ChartImages | null;
  /** Sections before the figures (自上次联席会议以来, the decisions of earlier meetings). */
  opening?: BriefingPart[];
};

/** A part of the briefing: a first-level heading, paragraphs, and optionally a table. */
export type BriefingPart = {
  heading: string;
  paragraphs: string[];
  table?: { head: string[]; rows: Array<Array<string | number>> };
};

const unitName = (u: RollupData["units"][number]) =>
  u.formerly && u.formerly.length > 0 ? `${u.unit}（${u.formerly.join("、")}）` : u.unit;

const rate = (r: number | null | undefined) => (r === null || r === undefined ? "—" : `${r}%`);

function overview(data: RollupData) {
  const o = data.overview;
  return [
    body(
      `本期共督办 ${o.total} 项任务：已完成（办结）${o.completed} 项，已销号 ${o.closed} 项，推进中 ${o.inProgress} 项，受阻 ${o.blocked} 项，未启动 ${o.notStarted} 项，完成率 ${o.completionRate}%。`,
    ),
    body(
      `红灯 ${o.red} 项（已逾期或进展报送逾期），黄灯 ${o.amber} 项，绿灯 ${o.green} 项；尚待明确牵头单位 ${o.unassigned} 项。`,
    ),
  ];
}

function chartParagraphs(charts: ChartImages | null | undefined) {
  if (!charts) return [];
  return [
    heading2("（一）各单位完成率"),
    image(charts.completion.png, charts.completion.width, charts.completion.height, "各单位完成率"),
    heading2("（二）各文件任务灯色"),
    image(charts.lights.png, charts.lights.width, charts.lights.height, "各文件任务灯色"),
  ];
}

function agenda(data: RollupData) {
  if (data.agenda.length === 0) return [body("本期各单位未提出需协调事项。")];
  return data.agenda.map((a, i) =>
    body(
      `${i + 1}. ${a.item}（提出单位：${a.unit}；涉及任务：${a.document} ${a.ref} ${a.heading}；${a.date} 报送）`,
    ),
  );
}

/** The measures in their documents' order, a group row with each document's title. */
export function groupedByDocument(measures: RollupData["measures"]) {
  const groups = new Map<string, RollupData["measures"]>();
  for (const m of measures) {
    const list = groups.get(m.document);
    if (list) list.push(m);
    else groups.set(m.document, [m]);
  }
  return [...groups].flatMap(([document, list]) => [
    { group: `${document}（${list.length} 项）` },
    ...list.map((m) => [
      m.ref,
      m.listed ? `【挂牌督办】${m.heading}` : m.heading,
      m.lead,
      m.co,
      m.light,
      m.status,
      // A report that came late says so where it is listed (缺报 shows as no progress).
      m.lastReport === "迟报" ? `【迟报】${m.progress || "—"}` : m.progress || "—",
      m.problems || "—",
    ]),
  ]);
}

function part(p: BriefingPart) {
  return [
    heading1(p.heading),
    ...p.paragraphs.map(body),
    ...(p.table ? [table({ ...p.table, size: SIZE.xiaosi })] : []),
  ];
}

export async function writeBriefingDocx(
  data: RollupData,
  file: string,
  opts: BriefingOptions,
): Promise<void> {
  const built = shanghaiDateTime(new Date(data.builtAt));
  const n = (opts.opening ?? []).length;
  const ordinal = (i: number) => "一二三四五六七八九十"[i + n] ?? String(i + n + 1);
  const total = data.measures.length;
  const doc = new Document({
    creator: "督办",
    title: data.title,
    styles: officialStyles,
    evenAndOddHeaderAndFooters: true,
    sections: [
      section([
        title(data.title),
        subtitle(`（${data.period} 联席会议材料，${built} 生成）`),
        ...(opts.opening ?? []).flatMap((p, i) =>
          part({ ...p, heading: `${"一二三四五六七八九十"[i]}、${p.heading}` }),
        ),
        heading1(`${ordinal(0)}、总体情况`),
        ...overview(data),
        ...chartParagraphs(opts.charts),
        heading1(`${ordinal(1)}、各单位完成情况`),
        table({
          head: ["牵头单位", "牵头任务", "已完成", "逾期", "完成率", "上期按时报送率"],
          rows: data.units.map((u) => [
            unitName(u),
            u.led,
            u.completed,
            u.overdue,
            `${u.completionRate}%`,
            rate(u.onTimeRate),
          ]),
        }),
        heading1(`${ordinal(2)}、需联席会议协调事项（会议议题）`),
        ...agenda(data),
      ]),
      section(
        [
          heading1(`${ordinal(3)}、各项措施落实情况`),
          ...(total > opts.measures.length
            ? [
                body(
                  `共 ${total} 项措施，以下列出需重点关注的 ${opts.measures.length} 项（红灯、受阻、黄灯优先），完整清单见台账（XLSX）。`,
                ),
              ]
            : []),
          table({
            head: ["编号", "措施", "牵头单位", "配合单位", "灯", "状态", "最新进展", "存在问题"],
            rows: groupedByDocument(opts.measures),
            size: SIZE.xiaosi,
            landscape: true,
            cap: 20,
          }),
        ],
        true,
      ),
    ],
  });
  await writeFile(file, await Packer.toBuffer(doc));
}
