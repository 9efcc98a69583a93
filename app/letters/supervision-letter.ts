// 督办函: the letter a supervising unit sends a lead unit whose task has climbed the ladder to it,
// in the format of official documents (GB/T 9704-2012): A4, margins 37 mm top, 35 mm bottom,
// 28 mm left, 26 mm right; the title in 方正小标宋简体 二号 (22 pt), the body in 仿宋_GB2312 三号
// (16 pt) on fixed 28 pt lines, first lines indented two characters; page numbers 「— 1 —」 in
// 宋体 四号 at the foot. Chinese fonts go in the eastAsia slot too, or Word shows Chinese in its
// default East Asian font. Pure: the letter's facts in, the DOCX bytes out (docx package).
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from "docx";

export type LetterFacts = {
  /** The issuing (supervising) unit, e.g. 四川省商务厅. */
  issuer: string;
  /** The addressee: the lead units, 、-joined. */
  addressee: string;
  document: { title: string; number: string | null };
  task: { ref: string; heading: string; due: string | null };
  /** What is overdue, each a clause: 已超过完成时限 32 天 … */
  overdue: string[];
  /** Dates as written in the letter: 2026年12月2日. */
  replyBy: string;
  issuedOn: string;
};

const MM = 56.7; // twips per millimetre
const LINE = 560; // 28 pt in twips
const TITLE_FONT = "方正小标宋简体";
const BODY_FONT = "仿宋_GB2312";

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

function run(text: string, opts: IRunOptions = {}) {
  return new TextRun({ text, font: font(BODY_FONT), size: 32, ...opts });
}

function body(text: string, opts: { indent?: boolean; align?: "left" | "right" } = {}) {
  return new Paragraph({
    children: [run(text)],
    spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    alignment: opts.align === "right" ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
  });
}

export function letterParagraphs(f: LetterFacts): string[] {
  const doc = `《${f.document.title}》${f.document.number ? `（${f.document.number}）` : ""}`;
  return [
    `根据${doc}的任务分工，贵单位牵头负责第${f.task.ref}项“${f.task.heading}”${
      f.task.due ? `，完成时限为${f.task.due}` : ""
    }。`,
    `经督办核查，截至${f.issuedOn}，该项任务${f.overdue.join("，")}。`,
    `请贵单位高度重视，认真分析原因，明确整改措施和完成时间，于${f.replyBy}前将落实情况书面报送${f.issuer}，并通过督办系统报送进展及佐证材料。`,
    "特此函告。",
  ];
}

export function supervisionLetter(f: LetterFacts): Document {
  const blank = () => body("", { indent: false });
  return new Document({
    creator: f.issuer,
    title: "督办函",
    styles: { default: { document: { run: { font: font(BODY_FONT), size: 32 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(28 * MM) - 500,
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ["— ", PageNumber.CURRENT, " —"],
                    font: font("宋体"),
                    size: 28,
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { line: LINE, lineRule: LineRuleType.EXACT },
            children: [new TextRun({ text: "督办函", font: font(TITLE_FONT), size: 44 })],
          }),
          blank(),
          body(`${f.addressee}：`, { indent: false }),
          ...letterParagraphs(f).map((t) => body(t)),
          blank(),
          blank(),
          body(f.issuer, { align: "right", indent: false }),
          body(f.issuedOn, { align: "right", indent: false }),
        ],
      },
    ],
  });
}

export function supervisionLetterBytes(f: LetterFacts): Promise<Buffer> {
  return Packer.toBuffer(supervisionLetter(f));
}
