// npm run --silent parse -- <file> [--columns task=1,measure=2,lead=3,co=4,due=5] [--max-mb N]
// Reads .txt (UTF-8, GB18030/GBK, UTF-16), .docx, .pdf with a text layer, or an .xlsx ledger through
// the same code as the upload page, and prints one JSON object: the document, its measures in
// order, the warnings, and how the file was read. A refused or unreadable file exits 1 with one
// line on stderr.
import { parseColumnSpec, readInputFile, type ColumnSpec } from "./cli-input";
import { UPLOAD_LIMIT } from "../http/body-limit.server";
import { parseFile } from "./parse-file";

function fail(reason: string): never {
  process.stderr.write(`parse: ${reason}\n`);
  process.exit(1);
}

function columnsOrFail(spec: string): ColumnSpec {
  const columns = parseColumnSpec(spec);
  return typeof columns === "string" ? fail(columns) : columns;
}

const usage =
  "usage: npm run --silent parse -- <file> [--columns task=1,measure=2,lead=3,co=4,due=5] [--max-mb N]";
const args = process.argv.slice(2).filter((a) => a !== "--");
let file: string | undefined;
let columns: ColumnSpec | undefined;
// The server's one upload limit, so that what the CLI reads the upload page reads too.
let maxBytes = UPLOAD_LIMIT;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--columns") columns = columnsOrFail(args[++i] ?? "");
  else if (a === "--max-mb") maxBytes = Number(args[++i]) * 1024 * 1024;
  else if (a.startsWith("--")) fail(usage);
  else file = a;
}
if (!file) fail(usage);
if (!(maxBytes > 0)) fail(usage);

const read = await readInputFile(file);
if (typeof read === "string") fail(read);
const bytes = read;

const result = await parseFile(bytes, { fileName: file, maxBytes, columns });
if (!result.ok) fail(`${file}: ${result.message}`);

const { parsed, source } = result;
const output = {
  document: parsed.document,
  measures: parsed.measures.map((m) => ({
    ref: m.ref,
    sections: m.sections,
    heading: m.heading,
    leadUnits: m.leadUnits,
    coUnits: m.coUnits,
    genericUnits: m.genericUnits,
    collectives: m.collectives,
    leader: m.leader,
    dueDate: m.dueDate,
    dueDateSource: m.dueDateSource,
    dueDateText: m.dueDateText,
    recurrence: m.recurrence,
    note: m.note,
    noteFrom: m.responsibility?.from ?? null,
    rule: m.responsibility?.rule ?? null,
    text: m.text,
    warnings: m.warnings,
  })),
  warnings: parsed.warnings,
  source,
};
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
