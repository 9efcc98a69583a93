// A separate process committing an import draft, for tests/import/import.test.ts:
//   node --import tsx tests/helpers/import-commit.ts <db file> <draft id> <user id>
// Loads, prints "ready", waits for a line on stdin (so that two of them commit at once), commits.
// Prints a last line of JSON: {"ok":true,"document":…} or {"ok":false,"reasons":[…]}.
import { createInterface } from "node:readline";
import { createDb } from "~/db/db.server";
import { commitDraft, ImportError } from "~/models/import.server";

const [file, draftId, userId] = process.argv.slice(2) as [string, string, string];
const db = createDb(file);
const stdin = createInterface({ input: process.stdin });
await db.importDraft.count(); // connect before the signal
console.log("ready");
await new Promise<void>((resolve) => stdin.once("line", () => resolve()));
try {
  const result = await commitDraft(db, draftId, userId);
  console.log(JSON.stringify({ ok: true, document: result.document }));
} catch (e) {
  if (!(e instanceof ImportError)) throw e;
  console.log(JSON.stringify({ ok: false, reasons: e.reasons }));
}
stdin.close();
await db.$disconnect();
