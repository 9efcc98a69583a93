// The layout of Chinese government material (GB/T 9704-2012 conventions), for every DOCX the pack
// writes: A4, margins 37/35/28/26 mm (top/bottom/left/right), title in 方正小标宋简体 二号, body in
// 仿宋_GB2312 三号 at a fixed 28 pt line, first-level headings 黑体, second-level 楷体_GB2312, page
// numbers 「— 1 —」 (odd pages right, even pages left). Fonts are named in their East Asian slot too:
// Word picks the font of a CJK character from w:eastAsia, and a name only in w:ascii is ignored
// for it, which is how a draft ends up in 宋体 on a clerk's machine.
import {
  AlignmentType,
  Footer,
  ImageRun,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from "docx";

export const FONT = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Sizes in half-points, by their Chinese names: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 } as const;

/** The fixed line of the body: 28 pt (22 lines on a page), in twips. */
export const BODY_LINE = 28 * 20;

/** Millimetres in twips, rounded (docx's own helper truncates: A4 would be 11905 × 16837). */
export const mm = (v: number) => Math.round((v * 1440) / 25.4);

export const PAGE = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;

/** The type area's width in twips: portrait 156 mm; landscape (the table pages) 225 mm. */
export const textWidth = (landscape = false) =>
  landscape ? mm(PAGE.height - PAGE.top - PAGE.bottom) : mm(PAGE.width - PAGE.left - PAGE.right);

const font = (name: string) => ({ ascii: FONT.latin, hAnsi: FONT.latin, eastAsia: name, cs: name });

export const run = (
  text: string,
  name: string = FONT.body,
  size: number = SIZE.san,
  bold = false,
) => new TextRun({ text, font: font(name), size, bold });

const exactLine = { line: BODY_LINE, lineRule: LineRuleType.EXACT };

export const title = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...exactLine, line: 35 * 20, after: BODY_LINE },
    children: [run(text, FONT.title, SIZE.er)],
  });

export const subtitle = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...exactLine, after: BODY_LINE / 2 },
    children: [run(text, FONT.heading2)],
  });

/** Body text, first line indented two characters. */
export const body = (text: string) =>
  new Paragraph({
    spacing: exactLine,
    indent: { firstLineChars: 200, firstLine: SIZE.san * 20 },
    alignment: AlignmentType.BOTH,
    children: [run(text)],
  });

/** 一、…: 黑体 三号. */
export const heading1 = (text: string) =>
  new Paragraph({
    spacing: exactLine,
    indent: { firstLine: SIZE.san * 20 },
    keepNext: true,
    children: [run(text, FONT.heading1)],
  });

/** （一）…: 楷体_GB2312 三号. */
export const heading2 = (text: string) =>
  new Paragraph({
    spacing: exactLine,
    indent: { firstLine: SIZE.san * 20 },
    keepNext: true,
    children: [run(text, FONT.heading2)],
  });

/** Pixels (96 dpi, docx's unit for images) of the portrait type area's width. */
const TEXT_WIDTH_PX = Math.floor(textWidth() / 15);

/**
 * A picture on its own line, at most the type area's width. Its paragraph has single (auto) line
 * spacing: under the body's fixed 28 pt line an inline picture is clipped to one line's height,
 * which left only a strip of each chart's axis on the page.
 */
export const image = (data: Buffer, width: number, height: number, alt: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 120 },
    keepLines: true,
    children: [
      new ImageRun({
        type: "png",
        data,
        transformation:
          width > TEXT_WIDTH_PX
            ? { width: TEXT_WIDTH_PX, height: Math.round((height * TEXT_WIDTH_PX) / width) }
            : { width, height },
        altText: { name: alt, title: alt, description: alt },
      }),
    ],
  });

/** The width a text takes, in em: CJK characters one, others half. */
export function textEm(text: string): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) > 0x2e7f ? 1 : 0.5;
  return em;
}

/** A column whose every cell is at most this many em (dates, statuses, refs) is never wrapped. */
const SHORT_EM = 6;
/** Headers up to this many em stay on one line; longer ones may wrap. */
const HEADER_EM = 4;

/**
 * Column widths in twips sized to the content. Each column wants its widest header or cell (a
 * long text at most `cap` em, and wraps). When the wants fit in `total` they are scaled up to fill
 * it; when they do not, a column of short values (every cell ≤ SHORT_EM) keeps its width, a column
 * of long text keeps room for its header (up to HEADER_EM), and the long-text columns share what
 * is left. Scaling every column alike squeezed 灯 and 完成时限 to one character a line (「红/灯」,
 * 「202/7-/02-」). `em` is one character's width in twips at the table's font size.
 */
export function columnWidths(
  rows: Array<Array<string | number>>,
  total: number,
  { cap = 24, min = 2, em = SIZE.xiaosi * 10 }: { cap?: number; min?: number; em?: number } = {},
): number[] {
  const n = Math.max(...rows.map((r) => r.length));
  const [head = [], ...body] = rows;
  const want: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    const header = textEm(String(head[i] ?? "")) + 1;
    let cells = 0;
    for (const r of body) cells = Math.max(cells, textEm(String(r[i] ?? "")) + 1);
    const wide = Math.min(cap, Math.max(min, header, cells));
    want.push(wide);
    floor.push(cells - 1 <= SHORT_EM ? wide : Math.min(wide, Math.min(HEADER_EM, header - 1) + 1));
  }
  const sum = want.reduce((a, b) => a + b, 0);
  const floors = floor.reduce((a, b) => a + b, 0);
  const room = total / em;
  let ems: number[];
  if (sum <= room) ems = want.map((w) => (w * room) / sum);
  else if (floors >= room) ems = floor.map((w) => (w * room) / floors);
  else {
    const extra = sum - floors;
    ems = want.map((w, i) => floor[i]! + ((w - floor[i]!) * (room - floors)) / extra);
  }
  const widths = ems.map((w) => Math.floor(w * em));
  widths[n - 1]! += total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

type CellText = string | number;
/** A table's line: about 1.4 times its font (the body's 28 pt line made rows of 小四 twice as tall). */
const tableLine = (size: number) => ({ line: Math.round(size * 14), lineRule: LineRuleType.EXACT });

const cellParagraph = (text: CellText, size: number, bold: boolean, center: boolean) =>
  new Paragraph({
    alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: tableLine(size),
    children: [run(String(text), bold ? FONT.heading1 : FONT.body, size)],
  });

export type TableSpec = {
  head: string[];
  rows: Array<CellText[] | { group: string }>;
  /** 四号 for short tables, 小四 for the measure table. */
  size?: number;
  landscape?: boolean;
  cap?: number;
};

/** A table with a repeated header row, content-sized columns, and group rows across it. */
export function table({ head, rows, size = SIZE.si, landscape = false, cap }: TableSpec): Table {
  const plain = rows.filter((r): r is CellText[] => Array.isArray(r));
  const widths = columnWidths([head, ...plain], textWidth(landscape), { cap, em: size * 10 });
  const cell = (text: CellText, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [cellParagraph(text, size, bold, bold || typeof text === "number")],
    });
  return new Table({
    width: { size: textWidth(landscape), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) =>
        Array.isArray(r)
          ? new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i)) })
          : new TableRow({
              cantSplit: true,
              children: [
                new TableCell({
                  columnSpan: head.length,
                  children: [
                    new Paragraph({
                      spacing: tableLine(size),
                      children: [run(r.group, FONT.heading1, size)],
                    }),
                  ],
                }),
              ],
            }),
      ),
    ],
  });
}

const pageNumber = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
  new Footer({
    children: [
      new Paragraph({
        alignment,
        // 「— 1 —」, one character in from the outer edge.
        indent:
          alignment === AlignmentType.RIGHT ? { right: SIZE.si * 10 } : { left: SIZE.si * 10 },
        children: [
          new TextRun({
            children: ["— ", PageNumber.CURRENT, " —"],
            font: font(FONT.pageNumber),
            size: SIZE.si,
          }),
        ],
      }),
    ],
  });

/** A section of the official layout; the landscape one holds the wide tables. */
export function section(children: ISectionOptions["children"], landscape = false): ISectionOptions {
  return {
    properties: {
      page: {
        size: {
          width: mm(PAGE.width),
          height: mm(PAGE.height),
          orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        // Landscape pages are the portrait ones turned: the binding edge (订口) is at the top.
        margin: landscape
          ? {
              top: mm(PAGE.left),
              bottom: mm(PAGE.right),
              left: mm(PAGE.top),
              right: mm(PAGE.bottom),
            }
          : {
              top: mm(PAGE.top),
              bottom: mm(PAGE.bottom),
              left: mm(PAGE.left),
              right: mm(PAGE.right),
            },
      },
    },
    footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
    children,
  };
}

/** Document-wide defaults: the body font and size, so that text without its own run font is right. */
export const officialStyles = {
  default: {
    document: {
      run: { font: font(FONT.body), size: SIZE.san },
      paragraph: { spacing: exactLine },
    },
  },
};
