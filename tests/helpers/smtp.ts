// A real SMTP server for tests (smtp-server), collecting what it receives.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: string[];
};

export async function startSmtp(options: { port?: number; delayMs?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
          received.push({
            messageId: mail.messageId ?? "",
            to: session.envelope.rcptTo.map((r) => r.address).join(","),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            attachments: mail.attachments.map((a) => a.filename ?? ""),
          });
          callback();
        })
        .catch(callback);
    },
  });
  const port: number = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () =>
      resolve((server.server.address() as { port: number }).port),
    );
  });
  // A client killed mid-send (the worker SIGKILL test) resets its connection: expected, and not
  // an error of the test process.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE")
      console.error(`test SMTP server: ${error.message}`);
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 20_000,
  what = "condition",
) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
