// Requests no browser of ours sends are answered 4xx here, before they reach code that would
// fail on them with a 500: a NUL in the URL (it broke the full-text search inside SQLite's FTS5),
// a Host header that is not a host name, or one not in ALLOWED_HOSTS when that is set.
import type { NextFunction, Request, Response } from "express";

// Underscores too: container and compose service names carry them, if no DNS name may.
const HOST = /^([a-z0-9_-]+(\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** ALLOWED_HOSTS: comma-separated host names (with :port when not the default) this site answers. */
export function allowedHosts(env = process.env.ALLOWED_HOSTS): Set<string> | null {
  const hosts = (env ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return hosts.length ? new Set(hosts) : null;
}

function refuse(res: Response, status: number, message: string) {
  res.status(status).type("text/plain; charset=utf-8").send(message);
}

export function refuseMalformed(hosts: Set<string> | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    const host = (req.headers.host ?? "").toLowerCase();
    if (!HOST.test(host)) return refuse(res, 400, "请求的主机名无效。");
    if (hosts && !hosts.has(host) && !hosts.has(host.replace(/:\d+$/, "")))
      return refuse(res, 421, "此服务器不为该主机名提供服务。");
    // A raw control character cannot arrive (Node's parser refuses it); an encoded NUL can.
    if (/%00/i.test(req.originalUrl)) return refuse(res, 400, "请求地址含有非法字符。");
    next();
  };
}

/** The last error handler: a refusal Express or a middleware raised (400, 413…), or a 500. */
export function answerErrors(
  error: Error & { status?: number; statusCode?: number },
  req: Request,
  res: Response,
  next: NextFunction,
) {
  const status = error.status ?? error.statusCode ?? 500;
  if (status >= 500)
    console.error(`web: ${req.method} ${req.path}: ${error.stack ?? error.message}`);
  else console.warn(`web: refused ${req.method} ${req.path} (${status}): ${error.message}`);
  if (res.headersSent) return next(error);
  refuse(res, status, status >= 500 ? "服务器出错，请稍后重试。" : "请求无效。");
}
