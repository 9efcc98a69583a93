// China's public holidays and make-up working days (调休) per year, as the State Council's General
// Office (国务院办公厅) publishes them each autumn for the next year. Pure data, no database.
//
// The shipped years come from the npm package chinese-days (MIT): its data is generated from each
// year's notice on gov.cn (cited per year in its source, and below), it is updated when a notice
// is published, and it includes the later changes (2019 劳动节, the 2020 春节 extension). Its days
// were checked against each year's notice in tests/calendar.test.ts. A year it does not have yet
// (2027 in chinese-days 1.5.7) or one to correct is entered by an admin as a YearArrangement,
// which replaces that year's shipped data (app/calendar/working-days.ts).
import shipped from "chinese-days/dist/chinese-days.json";
import { z } from "zod";

/** A year's arrangement: the shape the shipped data has and an admin edits. */
export type YearArrangement = {
  year: number;
  /** Days off for a festival, the weekend days and moved days around it included (放假调休). */
  holidays: Array<{ date: string; name: string }>;
  /** Weekend days that are working days (调休上班), with the festival they make up for. */
  workdays: Array<{ date: string; name: string }>;
  /** Where it comes from: the notice (and its address), or who entered it and why. */
  source: string;
};

/** The years Duban ships; a year outside them counts weekends only until an admin enters it. */
export const FIRST_YEAR = 2016;
export const LAST_YEAR = 2027;

/** Each shipped year's notice on the State Council's site (the sources chinese-days cites). */
export const NOTICES: Record<number, string> = {
  2016: "国务院办公厅关于2016年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2015-12/10/content_10394.htm",
  2017: "国务院办公厅关于2017年部分节假日安排的通知（国办发明电〔2016〕17号） http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm",
  2018: "国务院办公厅关于2018年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2017-11/30/content_5243579.htm；12月29日至31日（2019年元旦）见2019年的通知",
  2019: "国务院办公厅关于2019年部分节假日安排的通知 http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm；国务院办公厅关于调整2019年劳动节假期安排的通知 http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm",
  2020: "国务院办公厅关于2020年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm；国务院办公厅关于延长2020年春节假期的通知 http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm",
  2021: "国务院办公厅关于2021年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm",
  2022: "国务院办公厅关于2022年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm；12月31日（2023年元旦）见2023年的通知",
  2023: "国务院办公厅关于2023年部分节假日安排的通知 http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm",
  2024: "国务院办公厅关于2024年部分节假日安排的通知 https://www.gov.cn/zhengce/content/202310/content_6911527.htm",
  2025: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号） https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm",
  2026: "国务院办公厅关于2026年部分节假日安排的通知 https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm",
};

/** chinese-days keeps "English name,中文名,days" per date. */
const chineseName = (value: string) => value.split(",")[1] ?? value;

function shippedYear(year: number): YearArrangement | null {
  const prefix = `${year}-`;
  const pick = (days: Record<string, string>) =>
    Object.entries(days)
      .filter(([date]) => date.startsWith(prefix))
      .map(([date, value]) => ({ date, name: chineseName(value) }))
      .sort((a, b) => a.date.localeCompare(b.date));
  const holidays = pick(shipped.holidays);
  if (holidays.length === 0 || !NOTICES[year]) return null;
  return { year, holidays, workdays: pick(shipped.workdays), source: NOTICES[year] };
}

/** The arrangements shipped with Duban, FIRST_YEAR to LAST_YEAR, as far as they are published. */
export function shippedArrangements(): YearArrangement[] {
  const years: YearArrangement[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const a = shippedYear(y);
    if (a) years.push(a);
  }
  return years;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

const day = z.object({
  date: z.string().refine(isDate, { message: "日期应为 YYYY-MM-DD 格式的有效日期" }),
  name: z.string().trim().min(1, "请填写节日名称").max(20, "节日名称不超过20字"),
});

/** What an admin enters for a year: checked before it replaces the shipped year. */
export const yearArrangementSchema = z
  .object({
    year: z.number().int().min(2000, "年份应在2000年之后").max(2100, "年份应在2100年之前"),
    holidays: z.array(day).min(1, "请至少填写一天放假日期").max(60),
    workdays: z.array(day).max(20),
    source: z.string().trim().min(1, "请注明依据（如国务院办公厅通知的名称）").max(500),
  })
  .superRefine((a, ctx) => {
    const seen = new Map<string, string>();
    const check = (list: "holidays" | "workdays") =>
      a[list].forEach((d, i) => {
        if (!isDate(d.date)) return;
        if (!d.date.startsWith(`${a.year}-`))
          ctx.addIssue({
            code: "custom",
            path: [list, i, "date"],
            message: `${d.date} 不在 ${a.year} 年内`,
          });
        const before = seen.get(d.date);
        if (before)
          ctx.addIssue({
            code: "custom",
            path: [list, i, "date"],
            message:
              before === list ? `${d.date} 重复填写` : `${d.date} 不能既是放假日又是调休上班日`,
          });
        seen.set(d.date, list);
        const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
        if (list === "workdays" && weekday !== 0 && weekday !== 6)
          ctx.addIssue({
            code: "custom",
            path: [list, i, "date"],
            message: `${d.date} 是工作日，调休上班日应为周六或周日`,
          });
      });
    check("holidays");
    check("workdays");
  });
