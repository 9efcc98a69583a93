// The client's address for rate limiting. Behind a proxy, set TRUST_PROXY=1 to read X-Forwarded-For.
export function clientAddress(request: Request): string {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get("x-duban-remote-address") ?? "unknown";
}
