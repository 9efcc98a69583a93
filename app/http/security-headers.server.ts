// Security headers, set by helmet for every response (pages, assets, the queue monitor, refusals).
//
// - Content-Security-Policy: everything from this origin only (no CDN, no font host); scripts from
//   /build and the inline scripts Remix writes (its context and module loader, the scroll
//   restoration) carrying this response's nonce — no other inline script runs. Style attributes
//   are allowed (a few elements set them); style elements and sheets come from this origin.
//   frame-ancestors 'none' (and X-Frame-Options: DENY for older browsers): no other page, on
//   another port of the same host either, may frame Duban's buttons.
// - nosniff, Referrer-Policy same-origin, Cross-Origin-Opener/Resource-Policy same-origin.
// - Strict-Transport-Security only on requests that came over https (directly, or through a
//   trusted proxy: TRUST_PROXY), as browsers ignore it over http and a plain-http intranet
//   install must keep working.
// - No X-Powered-By anywhere (app/cli/serve.ts disables it on the queue monitor's app too).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/** The nonce of this response's inline scripts (a new one per response). */
export const nonceOf = (res: ServerResponse): string =>
  (res as Response).locals?.cspNonce as string;

const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonceOf(res)}'`;

const directives = (styles: string[]) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", nonce],
  styleSrc: styles,
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
});

const common = {
  strictTransportSecurity: false,
  xFrameOptions: { action: "deny" },
  referrerPolicy: { policy: "same-origin" },
} as const;

const pages = helmet({
  ...common,
  contentSecurityPolicy: { useDefaults: false, directives: directives(["'self'"]) },
});

// The queue monitor (Bull Board) writes a <style> element of its own into its page.
const queueMonitor = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: directives(["'self'", "'unsafe-inline'"]),
  },
});

const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600 });

/** Express middleware: a fresh nonce, then the headers. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  // Express apps mounted inside this one (the queue monitor's) set X-Powered-By after this
  // middleware has run; it goes just before the headers are written, whoever set it.
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    this.removeHeader("X-Powered-By");
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
  const headers = req.path.startsWith("/admin/queues") ? queueMonitor : pages;
  headers(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (req.secure) return hsts(req, res, next);
    next();
  });
}
