// Where a crafted link may send someone after signing in: only somewhere on this site. Pure.
//
// Not remix-utils' safeRedirect: it compares prefixes of the raw string (starts with "/", not with
// "//" or "/\"), and a browser reads a URL after removing tabs and newlines and treating "\" as
// "/": "/\t/evil.example/" passes that test and lands on http://evil.example/. Here the value is
// parsed as the browser parses it (WHATWG URL), must stay on the origin, and what is returned is
// the parsed path re-serialised — percent-encoded, without control characters (CR/LF in a
// Location header made a 500) — and checked to parse back to the same place.

const BASE = "http://duban.invalid";

export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (!to || typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example" parses to the path "//evil.example", itself a link to another host.
  let again: URL;
  try {
    again = new URL(path, BASE);
  } catch {
    return fallback;
  }
  if (again.origin !== BASE || again.href !== url.href || !path.startsWith("/")) return fallback;
  return path;
}
