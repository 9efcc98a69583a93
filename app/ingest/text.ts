// Text utilities shared by the document parser. Pure functions, no I/O.

/** Opening → closing bracket pairs that can enclose a unit name or a note. */
export const BRACKETS: Record<string, string> = {
  "（": "）",
  "(": ")",
  "〔": "〕",
  "[": "]",
  "【": "】",
  "〈": "〉",
  "<": ">",
  "《": "》",
};
const OPENERS = new Set(Object.keys(BRACKETS));
const CLOSERS = new Set(Object.values(BRACKETS));

export function isOpening(ch: string): boolean {
  return OPENERS.has(ch);
}
export function isClosing(ch: string): boolean {
  return CLOSERS.has(ch);
}

// Whitespace a document may carry: ASCII, full-width space (U+3000), NBSP, zero-width chars.
const EDGE_SPACE = /^[\s\u3000\u00a0\u200b\ufeff]+|[\s\u3000\u00a0\u200b\ufeff]+$/g;

export function trimAll(s: string): string {
  return s.replace(EDGE_SPACE, "");
}

/** BOM, CRLF/CR line ends, and trailing/leading blanks of each line. */
export function normalizeLines(raw: string): string[] {
  const text = raw.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  return text.split("\n").map(trimAll);
}

/**
 * Half-width punctuation as full-width, for reading notes and numbering the same way whichever
 * the author typed. A period only counts as 。 when it is not a decimal point.
 */
export function toFullWidthPunctuation(s: string): string {
  return s
    .replace(/,/g, "，")
    .replace(/:/g, "：")
    .replace(/;/g, "；")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/(?<!\d)\.|\.(?!\d)/g, "。");
}

/** Removes spaces between CJK characters (layout artefacts in titles: "建设的 实施意见"). */
export function collapseCjkSpaces(s: string): string {
  return s.replace(
    /([\u3000-\u9fff\uff00-\uffef])[\s\u3000]+(?=[\u3000-\u9fff\uff00-\uffef])/g,
    "$1",
  );
}

/** Sentence-ending punctuation: a paragraph that ends otherwise was broken mid-sentence. */
export function endsSentence(s: string): boolean {
  // An ASCII period ends a sentence after Chinese text, never after a digit (1.5).
  return /[。；！？：:;!?…）)〕】”"’』」]$|[\u4e00-\u9fff]\.$/.test(s);
}

/**
 * Splits at any of the separator characters that sit outside brackets.
 * 各市（州）、县（市、区）人民政府 splits into 各市（州） and 县（市、区）人民政府.
 */
export function splitTopLevel(s: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of s) {
    if (isOpening(ch)) depth++;
    else if (isClosing(ch) && depth > 0) depth--;
    if (depth === 0 && separators.includes(ch)) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
