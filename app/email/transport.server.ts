// SMTP from SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS on connect).
import SMTPConnection from "nodemailer/lib/smtp-connection";

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
};

export function smtpConfig(url = process.env.SMTP_URL): SmtpConfig {
  if (!url)
    throw new Error("SMTP_URL is not set (npm start starts a local mail sink when it is missing)");
  const u = new URL(url);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:")
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${u.protocol}`);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
  };
}

export const mailFrom = () => process.env.MAIL_FROM || "督办系统 <duban@localhost>";

/** An open, authenticated SMTP connection. */
export function openConnection(config: SmtpConfig): Promise<SMTPConnection> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({
      host: config.host,
      port: config.port,
      secure: config.secure,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    connection.once("error", reject);
    connection.connect((err) => {
      if (err) return reject(err);
      if (!config.auth) return resolve(connection);
      connection.login({ user: config.auth.user, pass: config.auth.pass }, (e) =>
        e ? reject(e) : resolve(connection),
      );
    });
  });
}

// Idle connections per server, reused for the next message: opening an SMTP session per email
// costs more than sending it. A connection that failed is closed, never reused.
const idle = new Map<string, Array<{ connection: SMTPConnection; timer: NodeJS.Timeout }>>();
const keyOf = (c: SmtpConfig) =>
  `${c.secure ? "smtps" : "smtp"}://${c.auth?.user ?? ""}@${c.host}:${c.port}`;
const IDLE_MS = 5_000;

export async function acquireConnection(config: SmtpConfig): Promise<SMTPConnection> {
  const list = idle.get(keyOf(config));
  while (list && list.length > 0) {
    const entry = list.pop()!;
    clearTimeout(entry.timer);
    const usable = entry.connection as unknown as { _destroyed?: boolean; _closing?: boolean };
    if (!usable._destroyed && !usable._closing) return entry.connection;
  }
  const connection = await openConnection(config);
  connection.on("error", () => {}); // a broken idle connection is dropped on its next use
  return connection;
}

export function releaseConnection(
  config: SmtpConfig,
  connection: SMTPConnection,
  healthy: boolean,
) {
  if (!healthy) {
    connection.close();
    return;
  }
  const key = keyOf(config);
  const list = idle.get(key) ?? [];
  const entry = {
    connection,
    timer: setTimeout(() => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      connection.quit();
    }, IDLE_MS),
  };
  entry.timer.unref();
  list.push(entry);
  idle.set(key, list);
}
