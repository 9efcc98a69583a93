// Request bodies: one bound for every request, in one place, and what may be sent back of them.
//
// Every body is bounded before any of it is parsed: a Content-Length over the bound is answered
// 413 at once, without reading (and the connection closed, so the rest is not read either); a
// body without one is read up to the bound and refused as soon as it passes it. Forms are small
// (four texts of 5,000 characters, percent-encoded, are ~180 KB); uploads — a document to import,
// an evidence file — go to the routes listed in UPLOAD_ROUTES and share UPLOAD_LIMIT.
import type { NextFunction, Request, Response } from "express";

/** Any form: urlencoded or multipart, to any route. */
export const FORM_LIMIT = 256 * 1024;
/** A file upload, to a route of UPLOAD_ROUTES. */
export const UPLOAD_LIMIT = 20 * 1024 * 1024;

/** Paths whose multipart bodies may carry a file of up to UPLOAD_LIMIT (features that take files add theirs). */
export const UPLOAD_ROUTES: RegExp[] = [
  // 导入文件: a document or ledger to import (app/routes/import._index.tsx).
  /^\/import\/?$/,
  // 佐证材料: files attached to a progress report (app/routes/tasks.$taskId.report.tsx).
  /^\/tasks\/[^/]+\/report\/?$/,
];

/**
 * The bound of a request's body. An upload's bound is the file's and its form's together, so that
 * a file of up to UPLOAD_LIMIT arrives and the reader refuses a larger one with its own message
 * (the file's size, the limit); far larger bodies are cut off here.
 */
export function bodyLimitOf(path: string, contentType: string | undefined): number {
  const multipart = /^multipart\/form-data\b/i.test(contentType ?? "");
  return multipart && UPLOAD_ROUTES.some((r) => r.test(path))
    ? UPLOAD_LIMIT + FORM_LIMIT
    : FORM_LIMIT;
}

const TOO_LARGE = "请求内容过大，已拒绝。";

function refuseTooLarge(res: Response, limit: number) {
  res
    .status(413)
    .set("Connection", "close")
    .type("text/plain; charset=utf-8")
    .send(`${TOO_LARGE}（上限 ${Math.round(limit / 1024)} KB）`);
}

/** Express middleware: 413 before reading a body whose declared length is over its bound. */
export function refuseLargeBodies(req: Request, res: Response, next: NextFunction) {
  const length = Number(req.headers["content-length"] ?? 0);
  const limit = bodyLimitOf(req.path, req.headers["content-type"]);
  if (length > limit) return refuseTooLarge(res, limit);
  next();
}

/** Reads the body (bounded) into a Buffer; 413 as soon as it passes its bound. */
export function readBoundedBody(req: Request): Promise<Buffer> {
  const limit = bodyLimitOf(req.path, req.headers["content-type"]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (error: Error & { status?: number }) => {
      req.off("data", onData);
      req.off("end", onEnd);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        req.pause();
        fail(Object.assign(new Error(TOO_LARGE), { status: 413, limit }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, bytes));
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", fail);
  });
}

/** Express error middleware for a body refused while reading. */
export function bodyErrors(
  error: Error & { status?: number; limit?: number },
  _req: Request,
  res: Response,
  next: NextFunction,
) {
  if (error.status !== 413 || res.headersSent) return next(error);
  refuseTooLarge(res, error.limit ?? FORM_LIMIT);
}
