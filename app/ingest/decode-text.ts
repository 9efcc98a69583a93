// Text files in the encodings Chinese offices produce: UTF-8 (with or without BOM), GB18030/GBK
// (what Windows Notepad in Chinese saves as "ANSI"), UTF-16 LE/BE (Notepad's "Unicode"), Big5.
// Pure: bytes in, text out.
//
// The order matters: a BOM decides; then UTF-16 by where its zero bytes fall (chardet does not
// detect UTF-16 without a BOM); then strict UTF-8 (GBK text is practically never valid UTF-8);
// then chardet (the npm package) chooses among the legacy CJK encodings and iconv-lite decodes.
// A result full of replacement or control characters is refused rather than guessed.

import * as chardet from "chardet";
import iconv from "iconv-lite";

export type TextEncoding = "UTF-8" | "UTF-16LE" | "UTF-16BE" | "GB18030" | "Big5";

export type DecodedText =
  | {
      ok: true;
      text: string;
      encoding: TextEncoding;
      bom: boolean;
      /** Bytes that could not be decoded, shown as U+FFFD (a damaged UTF-8 file). */
      replaced: number;
    }
  | { ok: false; reason: string };

const NOT_TEXT = "无法识别的文件格式：既不是文本，也不是 Word、PDF 或 Excel 文件";

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: false, reason: "文件是空的" };
  const bom = readBom(bytes);
  if (bom) return finish(decodeAs(bytes.subarray(bom.length), bom.encoding), bom.encoding, true);

  const utf16 = guessUtf16(bytes);
  if (utf16) return finish(decodeAs(bytes, utf16), utf16, false);
  if (bytes.includes(0)) return { ok: false, reason: NOT_TEXT };

  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return finish(text, "UTF-8", false);
  } catch {
    // not UTF-8, or UTF-8 with a few damaged bytes
  }
  // A UTF-8 file with a damaged byte or two stays UTF-8: read as GBK it would be mojibake.
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const replaced = lenient.split("\ufffd").length - 1;
  // GBK read as UTF-8 breaks at nearly every character; real UTF-8 damage is a byte here and there.
  if (replaced * 50 <= lenient.length) return finish(lenient, "UTF-8", false, replaced);
  const legacy = chooseLegacy(bytes);
  const decoded = finish(decodeAs(bytes, legacy), legacy, false);
  if (!decoded.ok && decoded.reason === NOT_TEXT) return { ok: false, reason: UNKNOWN_ENCODING };
  return decoded;
}

const UNKNOWN_ENCODING =
  "无法识别文本的编码（不是 UTF-8、GBK/GB18030 或 UTF-16），请用记事本另存为 UTF-8 后再上传";

function readBom(b: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "UTF-8", length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "UTF-16LE", length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "UTF-16BE", length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: ASCII characters (digits, punctuation, line ends) put a zero byte on one
 * side of each pair. Chinese text has some ASCII in every line, so the zeros show on one parity;
 * then the decoding must read as text in one byte order only.
 */
function guessUtf16(b: Uint8Array): TextEncoding | null {
  if (b.length < 4 || b.length % 2 !== 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = b.length / 2;
  if (even + odd < pairs * 0.02) return null;
  const candidate: TextEncoding | null =
    odd > even * 4 ? "UTF-16LE" : even > odd * 4 ? "UTF-16BE" : null;
  if (!candidate) return null;
  return plausibility(decodeAs(b, candidate)) > 0.9 ? candidate : null;
}

function chooseLegacy(bytes: Uint8Array): TextEncoding {
  const matches = chardet.analyse(bytes);
  const big5 = matches.find((m) => m.name === "Big5")?.confidence ?? 0;
  const gb = matches.find((m) => m.name === "GB18030")?.confidence ?? 0;
  // GB18030 is a superset of GBK and GB2312; Big5 only when the detector clearly prefers it.
  if (big5 > gb + 20 && plausibility(decodeAs(bytes, "Big5")) > 0.95) return "Big5";
  return "GB18030";
}

function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  const name = { "UTF-8": "utf8", "UTF-16LE": "utf16le", "UTF-16BE": "utf16be" }[
    encoding as string
  ];
  return iconv.decode(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    name ?? encoding,
  );
}

/** Share of characters that belong in a document: CJK, punctuation, letters, digits, spaces. */
function plausibility(text: string): number {
  if (text.length === 0) return 0;
  let good = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0)!;
    const control =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f;
    const bad = control || c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff);
    if (!bad) good++;
  }
  return good / total;
}

function finish(text: string, encoding: TextEncoding, bom: boolean, replaced = 0): DecodedText {
  const content = text.replace(/^\ufeff/, "");
  if (!content.trim()) return { ok: false, reason: "文件是空的" };
  // Replacement characters already counted are damage, not a wrong guess.
  const clean = replaced > 0 ? content.replace(/\ufffd/g, "") : content;
  if (plausibility(clean) < 0.98) return { ok: false, reason: NOT_TEXT };
  return { ok: true, text: content, encoding, bom, replaced };
}
