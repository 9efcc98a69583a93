// A separate process writing to a SQLite file, for tests/db.test.ts:
//   node --import tsx tests/helpers/tx-writer.ts <db file> <key> hold <write-first|deferred>
//     opens a transaction, reads, prints "ready", waits for a line on stdin, writes, commits
//   node --import tsx tests/helpers/tx-writer.ts <db file> <key> once <write-first|deferred>
//     one transaction that reads and then writes
// Prints a last line of JSON: {"ok":true} or {"ok":false,"error":"…"}.
import { createInterface } from "node:readline";
import { createDb, writeTransaction, type TxClient } from "~/db/db.server";

const [file, key, how, mode] = process.argv.slice(2) as [
  string,
  string,
  "hold" | "once",
  "write-first" | "deferred",
];
const db = createDb(file);
const stdin = createInterface({ input: process.stdin });
const go = () => new Promise<void>((resolve) => stdin.once("line", () => resolve()));

async function body(tx: TxClient) {
  const before = await tx.setting.count();
  if (how === "hold") {
    console.log("ready");
    await go();
  }
  await tx.setting.create({ data: { key, value: String(before) } });
}
try {
  if (mode === "write-first") await writeTransaction(db, body);
  else await db.$transaction(body, { maxWait: 10_000, timeout: 15_000 });
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String((e as Error).message) }));
}
stdin.close();
await db.$disconnect();
