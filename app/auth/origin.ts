// Cross-site request check for mutating requests. Pure, so it is tested without a server.
// SameSite=Lax cookies already stop most cross-site POSTs; this also refuses forms posted from
// another origin (or a sibling subdomain) that the browser would send the cookie with.

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function originAllowed(
  method: string,
  host: string | undefined,
  origin: string | undefined,
  referer: string | undefined,
  allowed: string[] = [],
): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  // "null" is what a browser sends from an opaque origin (a sandboxed frame, a data: page, a
  // cross-site redirect): never ours, whatever the Referer says.
  if (origin === "null") return false;
  const source = origin || referer;
  if (!source || !host) return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return false;
  }
  return sourceHost === host || allowed.some((a) => a === source || a === sourceHost);
}
