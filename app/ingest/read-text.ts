// Decoding uploaded or seeded files: UTF-8 only, refused clearly otherwise. Pure.

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: "the file is empty" };
  if (bytes.includes(0)) return { ok: false, reason: "not a text file (contains NUL bytes)" };
  try {
    // fatal: a GBK or binary file must be refused, not turned into replacement characters.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "not UTF-8 text (convert it to UTF-8 first, e.g. from GBK)" };
  }
}
