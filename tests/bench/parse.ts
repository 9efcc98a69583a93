// npm run bench:parse [-- --measures 300 --runs 20]
// Times the parser on a generated document of N measures written in the notation families it
// reads, as text and through the file readers (.docx, .pdf, GBK text, an .xlsx ledger of 40 rows).
// Prints the figures; nothing is asserted (speed is never judged by tests).
import iconv from "iconv-lite";
import { parseDocument } from "../../app/ingest/parse-document";
import { docxOf, parseUpload, pdfOf, xlsxOf } from "../ingest/fixtures";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const measureCount = arg("measures", 300);
const runs = arg("runs", 20);

const CN = "一二三四五六七八九十".split("");
const NOTES = [
  "（责任单位：市商务局，市财政局、各区人民政府）",
  "（责任单位：市发展改革委、市商务局，市自然资源局、市住房城乡建设局）",
  "（市市场监管局、市公安局等按职责分工负责）",
  "（市交通运输局牵头，市商务局、市口岸办参与）",
  "（牵头单位：市工业和信息化局；配合单位：市科技局、市财政局）",
  "（市人力资源社会保障局会同有关部门负责）",
];

/** A document of `n` measures in ten sections, each measure about 250 characters. */
export function generatedDocument(n: number): string {
  const lines = [
    "某市推进外贸高质量发展的实施方案",
    "各区人民政府，市政府各部门：",
    "一、总体要求",
    "到2030年，外贸规模稳步扩大。",
  ];
  const perSection = Math.ceil(n / 9);
  let k = 0;
  for (let s = 1; s < 10 && k < n; s++) {
    lines.push(`${CN[s]}、第${CN[s]}方面重点任务`);
    for (let i = 0; i < perSection && k < n; i++, k++) {
      const body =
        "围绕重点产业链，加快引进一批龙头企业和配套企业，完善产业发展政策，强化要素保障，推动项目早落地、早投产、早见效；" +
        "建立重点企业联系服务机制，及时协调解决企业生产经营中遇到的困难和问题，营造良好发展环境。";
      const deadline = k % 4 === 0 ? "2028年底前完成。" : "";
      lines.push(
        `${k + 1}．推进第${k + 1}项重点工作。${body}${deadline}${NOTES[k % NOTES.length]}`,
      );
      if (k % 10 === 9) lines.push("完成时限：2029年6月底前");
    }
  }
  lines.push("某市人民政府办公室", "2030年1月15日");
  return lines.join("\n");
}

function time<T>(f: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = f();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const text = generatedDocument(measureCount);
const rows: string[] = [];

parseDocument(text); // warm-up (regex compilation, JIT)
const textRuns = Array.from({ length: runs }, () => time(() => parseDocument(text)));
const parsed = textRuns[0]!.value;
rows.push(
  `parseDocument, ${measureCount} measures (${text.length} chars): median ${median(textRuns.map((r) => r.ms)).toFixed(1)} ms, ` +
    `max ${Math.max(...textRuns.map((r) => r.ms)).toFixed(1)} ms over ${runs} runs; ${parsed.measures.length} tasks, ${parsed.warnings.length} warnings`,
);

const lines = text.split("\n");
const files: Array<[string, Uint8Array]> = [
  ["GBK text", iconv.encode(text, "gbk")],
  [".docx", await docxOf(lines)],
  [".pdf", await pdfOf(lines)],
];
for (const [label, bytes] of files) {
  await parseUpload(bytes); // warm-up: loads the reader
  const r = await timeAsync(() => parseUpload(bytes));
  const n = r.value.ok ? r.value.parsed.measures.length : `refused: ${r.value.message}`;
  rows.push(
    `parseFile ${label} (${(bytes.length / 1024).toFixed(0)} KB): ${r.ms.toFixed(0)} ms, ${n} tasks`,
  );
}

const ledger: unknown[][] = [["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]];
for (let i = 1; i <= 40; i++)
  ledger.push([
    i,
    `第${Math.ceil(i / 4)}项任务`,
    `推进第${i}项措施，完善工作机制。`,
    "市商务局",
    "市财政局\n各区人民政府",
    "2031年底前",
  ]);
const xlsx = await xlsxOf(ledger);
await parseUpload(xlsx);
const x = await timeAsync(() => parseUpload(xlsx));
rows.push(
  `parseFile .xlsx ledger, 40 rows: ${x.ms.toFixed(0)} ms, ${x.value.ok ? x.value.parsed.measures.length : "refused"} tasks`,
);

console.log(`Parser figures (${new Date().toISOString()}, Node ${process.version}):`);
for (const row of rows) console.log(`- ${row}`);
