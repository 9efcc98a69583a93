// npm run --silent parse -- <file.txt>
// Prints the document and its measures as one JSON object; bad input exits 1 with one line on stderr.
import { readFile } from "node:fs/promises";
import { DocumentParseError, parseDocument } from "./parse-document";
import { decodeUtf8 } from "./read-text";

function fail(reason: string): never {
  process.stderr.write(`parse: ${reason}\n`);
  process.exit(1);
}

const file = process.argv.slice(2).find((a) => a !== "--");
if (!file) fail("usage: npm run --silent parse -- <file.txt>");

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

const decoded = decodeUtf8(bytes);
if (!decoded.ok) fail(`${file}: ${decoded.reason}`);

try {
  const parsed = parseDocument(decoded.text);
  const { title, number, issuer, date, jurisdiction, status, targetDate } = parsed.document;
  const output = {
    document: { title, number, issuer, date, jurisdiction, status, targetDate },
    measures: parsed.measures.map((m) => ({
      ref: m.ref,
      heading: m.heading,
      leadUnits: m.leadUnits,
      coUnits: m.coUnits,
      dueDate: m.dueDate,
      dueDateSource: m.dueDateSource,
      recurrence: m.recurrence,
      text: m.text,
    })),
    warnings: parsed.warnings,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
} catch (error) {
  if (error instanceof DocumentParseError) fail(`${file}: ${error.message}`);
  throw error;
}
