// Text similarity for Chinese text: the Dice coefficient of character bigrams. Pure.
//
// Chinese has no spaces to split words at, and a policy measure that was reworded keeps most of
// its two-character words (推进, 外贸, 主体 …), so shared bigrams measure how much of the wording
// survived. Punctuation and spaces are ignored; a one-character text is its own bigram.

const IGNORED = /[\s\u3000，。、；：！？“”‘’（）《》〈〉【】〔〕()[\]{}<>,.;:!?'"—…·\-_/\\|]+/g;

/** The bigrams of a text with their counts, for comparing it with many others. */
export type Bigrams = { counts: Map<string, number>; size: number };

export function bigrams(text: string): Bigrams {
  const chars = [...text.replace(IGNORED, "")];
  const counts = new Map<string, number>();
  if (chars.length === 1) counts.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let size = 0;
  for (const n of counts.values()) size += n;
  return { counts, size };
}

/** 0 (nothing shared) to 1 (the same bigrams): 2·|A∩B| / (|A|+|B|), counting repeats. */
export function dice(a: Bigrams, b: Bigrams): number {
  if (a.size === 0 || b.size === 0) return a.size === b.size ? 1 : 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [g, n] of small.counts) {
    const m = large.counts.get(g);
    if (m) shared += Math.min(n, m);
  }
  return (2 * shared) / (a.size + b.size);
}

export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}
