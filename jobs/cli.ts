// npm run jobs -- run <reminders|digest|rollup|send> [--date YYYY-MM-DD] [--document <slug>] [--no-send]
// Runs a job now, in this process, against the database, then sends what it put in the outbox
// (unless --no-send). Safe to repeat: emails are keyed, so a second run sends nothing new.
import { createDb } from "../app/db/db.server";
import { smtpConfig } from "../app/email/transport.server";
import { currentPeriod, isPeriod, previousPeriod } from "../app/models/reporting-period";
import { today } from "../app/utils/week";
import { runDigest } from "./digest";
import { sendDue } from "./dispatch";
import { runReminders } from "./reminders";
import { buildRollup } from "./rollup";

function fail(msg: string): never {
  console.error(`jobs: ${msg}`);
  process.exit(2);
}

const args = process.argv.slice(2).filter((a) => a !== "--");
const [command, job] = args;
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (command !== "run" || !job)
  fail(
    "usage: npm run jobs -- run <reminders|digest|rollup|send> [--date YYYY-MM-DD] [--document <slug>] [--period YYYY-MM] [--no-send]",
  );
const date = option("--date") ?? today();
if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
  fail(`--date must be YYYY-MM-DD, got ${date}`);

const db = createDb();
try {
  let result: unknown;
  if (job === "reminders") result = await runReminders(db, date);
  else if (job === "digest") result = await runDigest(db, date);
  else if (job === "rollup") {
    const period =
      option("--period") ?? previousPeriod(currentPeriod(new Date(`${date}T12:00:00+08:00`)));
    if (!isPeriod(period)) fail(`--period must be YYYY-MM, got ${period}`);
    const slug = option("--document");
    const doc = slug ? await db.document.findUnique({ where: { slug } }) : null;
    if (slug && !doc) fail(`no document ${slug}`);
    const report = await db.rollupReport.create({ data: { period, documentId: doc?.id ?? null } });
    result = await buildRollup(
      db,
      report.id,
      async (p) => void process.stdout.write(`\rjobs: building roll-up ${p}%`),
    );
    process.stdout.write("\n");
  } else if (job !== "send") fail(`unknown job ${job}`);
  const summary =
    result && typeof result === "object"
      ? Object.fromEntries(Object.entries(result).filter(([k]) => k !== "emailIds"))
      : {};
  if (job !== "send") console.log(`jobs: ${job}: ${JSON.stringify(summary)}`);
  if (!args.includes("--no-send")) {
    if (!process.env.SMTP_URL) console.log("jobs: SMTP_URL is not set; emails stay in the outbox");
    else console.log(`jobs: sent ${JSON.stringify(await sendDue(db, smtpConfig()))}`);
  }
} finally {
  await db.$disconnect();
}
