// A local SMTP server that keeps every message in the database instead of delivering it, for
// development and demos: `npm start` runs it when SMTP_URL is not set, and admins read the mail
// on the 邮箱 page, attachments included (app/email/mailbox.server.ts). Listens on
// 127.0.0.1:SMTP_SINK_PORT (default 2525).
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createDb } from "../app/db/db.server";
import { captureMail } from "../app/email/mailbox.server";

const port = Number(process.env.SMTP_SINK_PORT || 2525);
const db = createDb();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  banner: "Duban local mail sink",
  size: 25 * 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) =>
        captureMail(db, mail, {
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((r) => r.address),
        }),
      )
      .then(() => callback())
      .catch((error: Error) => callback(error));
  },
});
server.on("error", (e) => console.error(`mail sink: ${e.message}`));
server.listen(port, "127.0.0.1", () =>
  console.log(`mail sink: keeping mail sent to smtp://127.0.0.1:${port} (see 管理 → 邮箱)`),
);
const stop = () => server.close(() => void db.$disconnect().finally(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
