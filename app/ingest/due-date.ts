// Candidate due dates from the wording of a measure or a document. Pure.
//
// A year counts as a deadline only with a cue (到/至/力争/确保/争取/截至 before it, or 底/末/前 after
// it), so that citations such as 国发〔2016〕4号 or a signature date are not taken for targets.

export type Deadline = {
  /** YYYY-MM-DD, the last day the wording allows. */
  date: string;
  /** The words it was read from. */
  text: string;
};

export type Recurrence = {
  /** ISO 8601 recurring date without year: --MM-DD. */
  monthDay: string;
  text: string;
};

const FIVE_YEAR_PLANS: Record<string, number> = {
  十一五: 2010,
  十二五: 2015,
  十三五: 2020,
  十四五: 2025,
  十五五: 2030,
  十六五: 2035,
};

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

const CUED_DATE =
  /(到|至|截至|截止到?|力争到?|确保到?|争取到?|于)?\s*(\d{4})\s*年\s*(上半年|下半年|年底|年末|底|末|(\d{1,2})\s*月\s*(底|末|(\d{1,2})\s*日)?)?\s*(前|以前|之前)?/g;

/**
 * All cued deadlines in the text, in order of appearance. `anyDate`: every date counts, as in a
 * 完成时限 label or column, where the label is the cue.
 */
export function findDeadlines(text: string, anyDate = false): Deadline[] {
  const found: Deadline[] = [];
  for (const m of text.matchAll(CUED_DATE)) {
    const [whole, cueBefore, yearText, part, monthText, monthPart, dayText, cueAfter] = m;
    const year = Number(yearText);
    if (year < 1990 || year > 2100) continue;
    const hasCue = Boolean(cueBefore) || Boolean(cueAfter) || /底|末/.test(part ?? "");
    if (!hasCue && !anyDate) continue;
    // A range such as 2020-2025年 is handled by documentTarget; 〔2016〕 never reaches here.
    let date: string;
    if (
      !part ||
      part === "年底" ||
      part === "年末" ||
      part === "底" ||
      part === "末" ||
      part === "下半年"
    ) {
      date = iso(year, 12, 31);
    } else if (part === "上半年") {
      date = iso(year, 6, 30);
    } else {
      const month = Number(monthText);
      if (month < 1 || month > 12) continue;
      if (dayText) {
        const day = Number(dayText);
        if (day < 1 || day > lastDayOfMonth(year, month)) continue;
        date = iso(year, month, day);
      } else {
        void monthPart;
        date = iso(year, month, lastDayOfMonth(year, month));
      }
    }
    found.push({ date, text: whole.trim() });
  }
  for (const m of text.matchAll(/[“"]?(十[一二三四五六]五)[”"]?(?:末|期间|时期|期末)/g)) {
    const year = FIVE_YEAR_PLANS[m[1]!];
    if (year) found.push({ date: iso(year, 12, 31), text: m[0] });
  }
  return found;
}

/** The latest deadline the text sets, or null. */
export function latestDeadline(text: string, anyDate = false): Deadline | null {
  const all = findDeadlines(text, anyDate);
  if (all.length === 0) return null;
  return all.reduce((a, b) => (b.date > a.date ? b : a));
}

/** An annual deadline such as 每年2月15日前. */
export function findRecurrence(text: string): Recurrence | null {
  const m = text.match(/每年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:前|以前|之前)?/);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(2024, month)) return null;
  return { monthDay: `--${pad(month)}-${pad(day)}`, text: m[0] };
}

/** A range in a title such as （2020-2025年） ends the document's horizon. */
export function rangeEnd(text: string): Deadline | null {
  const m = text.match(/(\d{4})\s*[-—–－~～至到]\s*(\d{4})\s*年/);
  if (!m) return null;
  return { date: iso(Number(m[2]), 12, 31), text: m[0] };
}

// Wording that sets no date on purpose: the work goes on.
const ONGOING =
  /持续推进|持续开展|持续实施|长期坚持|长期推进|长期实施|长期|持续|常态化|每年|每季度|每月|按年度|按季度|逐年|年度内|按计划/;

/**
 * The value of a 完成时限 / 时限要求 label or column: a date (the latest it names), or none for
 * 持续推进 and the like. `understood` is false when the wording is neither.
 */
export function readLabelledDue(value: string): { date: string | null; understood: boolean } {
  const text = value.replace(/[。；;]+$/, "");
  const iso = text.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m))
      return { date: `${y}-${pad(m)}-${pad(d)}`, understood: true };
  }
  const latest = latestDeadline(
    text.replace(/(\d{4})[-/.](\d{1,2})(?![-/.\d])/g, "$1年$2月"),
    true,
  );
  if (latest) return { date: latest.date, understood: true };
  return { date: null, understood: ONGOING.test(text) };
}
