// SMTP from SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS on connect).
import SMTPConnection from "nodemailer/lib/smtp-connection";

export type SmtpConfig = { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };

export function smtpConfig(url = process.env.SMTP_URL): SmtpConfig {
  if (!url) throw new Error("SMTP_URL is not set (npm start starts a local mail sink when it is missing)");
  const u = new URL(url);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${u.protocol}`);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 587)),
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

export const mailFrom = () => process.env.MAIL_FROM || "督办系统 <duban@localhost>";

/** An open, authenticated SMTP connection. */
export function openConnection(config: SmtpConfig): Promise<SMTPConnection> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({ host: config.host, port: config.port, secure: config.secure, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    connection.once("error", reject);
    connection.connect((err) => {
      if (err) return reject(err);
      if (!config.auth) return resolve(connection);
      connection.login({ user: config.auth.user, pass: config.auth.pass }, (e) => (e ? reject(e) : resolve(connection)));
    });
  });
}
