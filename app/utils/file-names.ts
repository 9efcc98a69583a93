// Names of files people download or receive: readable Chinese, and valid on Windows (no
// <>:"/\|?*, no control characters, no trailing dot or space, no CON/PRN/…), which is where most
// of them are opened. filenamify knows those rules.
import filenamify from "filenamify";

/** Text made safe as (part of) a file name, cut to maxLength characters. */
export function safeFileName(text: string, maxLength = 60): string {
  return filenamify(text.replace(/\s+/g, " ").trim(), { replacement: "_", maxLength });
}

/**
 * A roll-up report's file name: 督办汇总-<document>-<period>.<ext>, the document by its title (cut
 * to 40 characters) or, for a report of all documents, 全部文件.
 */
export function rollupFileName(
  doc: { title: string; slug: string } | null,
  period: string,
  ext: string,
  /** 督办汇总 (the briefing and the ledger) or 督办通报 (the bulletin). */
  prefix = "督办汇总",
): string {
  const title = doc ? safeFileName(doc.title, 40) : "";
  const what = !doc ? "全部文件" : /[\p{L}\p{N}]/u.test(title) ? title : safeFileName(doc.slug, 40);
  return `${prefix}-${what}-${safeFileName(period, 10)}.${ext.replace(/^\./, "")}`;
}

/** An ASCII stand-in for clients that ignore filename*: the document's slug. */
export function rollupAsciiFileName(
  doc: { slug: string } | null,
  period: string,
  ext: string,
  prefix = "duban-rollup",
): string {
  const what = doc ? doc.slug.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 40) : "all";
  return `${prefix}-${what}-${period.replace(/[^0-9-]/g, "")}.${ext.replace(/^\./, "")}`;
}

/** A Content-Disposition header for a download: the Chinese name, with an ASCII fallback. */
export function attachmentDisposition(name: string, asciiName: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // RFC 5987 attr-char excludes ' ( ) *, which encodeURIComponent leaves as they are.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
