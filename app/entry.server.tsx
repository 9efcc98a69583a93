// Documents are rendered to one string and sent as bytes. No route streams deferred data, and
// Remix's default streaming entry pipes every page through a Node stream, a web stream and a
// timer; a string body would also be checked character by character for lone surrogates.
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceContext } from "./http/nonce";

export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  context: EntryContext,
  loadContext?: AppLoadContext,
) {
  // The Express server passes the CSP nonce of this response (app/http/security-headers.server.ts).
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const html = Buffer.from(
    "<!DOCTYPE html>" +
      renderToString(
        <NonceContext.Provider value={nonce}>
          <RemixServer context={context} url={request.url} nonce={nonce} />
        </NonceContext.Provider>,
      ),
  );
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { status, headers });
}

// A request the router itself refuses (no such route or method) is the client's mistake: one line,
// not the router's stack trace. Errors of our own code keep their stack.
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error)) {
    console.warn(`web: ${error.status} ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  console.error(error);
};
