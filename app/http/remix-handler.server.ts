// Express → Remix, as @remix-run/express does it, except for the body: it is read here, bounded
// (app/http/body-limit.server.ts), and checked to be a form before Remix sees it. Remix's own
// adapter hands the raw socket stream to request.formData(), which reads it whole whatever its
// size, and throws (a 500) on a body that is not a form.
import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { readBoundedBody } from "./body-limit.server";
import { nonceOf } from "./security-headers.server";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

function remixHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else headers.set(key, values);
  }
  return headers;
}

async function send(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function refuse(res: Response, status: number, message: string) {
  res.status(status).type("text/plain; charset=utf-8").send(message);
}

export function remixHandler(build: ServerBuild, mode?: string) {
  const handle = createRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const headers = remixHeaders(req);
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const body = await readBoundedBody(req);
        const type = req.headers["content-type"];
        if (body.length === 0 && !type) {
          // An empty POST (a button with no fields, a script's bare POST) is an empty form.
          headers.set("content-type", "application/x-www-form-urlencoded");
        } else if (!type || !FORM_TYPES.test(type)) {
          return refuse(
            res,
            415,
            "只接受表单提交（application/x-www-form-urlencoded 或 multipart/form-data）。",
          );
        }
        init.body = body as unknown as BodyInit;
      }
      const controller = new AbortController();
      init.signal = controller.signal;
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const url = new URL(`${req.protocol}://${req.get("host")}${req.originalUrl}`);
      const response = await handle(new Request(url.href, init), { cspNonce: nonceOf(res) });
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}
