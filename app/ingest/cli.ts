// npm run --silent parse -- <file> [--columns task=1,measure=2,lead=3,co=4,due=5] [--max-mb N]
// Reads .txt (UTF-8, GB18030/GBK, UTF-16), .docx, .pdf with a text layer, or an .xlsx ledger through
// the same code as the upload page, and prints one JSON object: the document, its measures in
// order, the warnings, and how the file was read. A refused or unreadable file exits 1 with one
// line on stderr.
import { readFile } from "node:fs/promises";
import { COLUMN_ROLES, type ColumnRole } from "./ledger";
import { UPLOAD_LIMIT } from "../http/body-limit.server";
import { parseFile } from "./parse-file";

function fail(reason: string): never {
  process.stderr.write(`parse: ${reason}\n`);
  process.exit(1);
}

const usage =
  "usage: npm run --silent parse -- <file> [--columns task=1,measure=2,lead=3,co=4,due=5] [--max-mb N]";
const args = process.argv.slice(2).filter((a) => a !== "--");
let file: string | undefined;
let columns: Partial<Record<ColumnRole, number | null>> | undefined;
// The server's one upload limit, so that what the CLI reads the upload page reads too.
let maxBytes = UPLOAD_LIMIT;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--columns") columns = readColumns(args[++i] ?? "");
  else if (a === "--max-mb") maxBytes = Number(args[++i]) * 1024 * 1024;
  else if (a.startsWith("--")) fail(usage);
  else file = a;
}
if (!file) fail(usage);
if (!(maxBytes > 0)) fail(usage);

/** task=1,lead=3,co=- : column numbers from 1 as a person counts them; - removes a role. */
function readColumns(spec: string): Partial<Record<ColumnRole, number | null>> {
  const out: Partial<Record<ColumnRole, number | null>> = {};
  for (const pair of spec.split(",").filter(Boolean)) {
    const [role, value] = pair.split("=");
    if (!COLUMN_ROLES.includes(role as ColumnRole))
      fail(`unknown column role ${role} (${COLUMN_ROLES.join(", ")})`);
    const n = Number(value);
    if (value === "-") out[role as ColumnRole] = null;
    else if (Number.isInteger(n) && n >= 1) out[role as ColumnRole] = n - 1;
    else fail(`column of ${role} must be a number from 1, or -`);
  }
  return out;
}

let bytes: Buffer;
try {
  bytes = await readFile(file);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  fail(
    code === "ENOENT"
      ? `${file}: no such file`
      : code === "EISDIR"
        ? `${file}: is a directory`
        : `${file}: cannot read (${code ?? String(error)})`,
  );
}

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
