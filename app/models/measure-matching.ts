// Which measure of a document's new version is which task of the version already tracked. Pure.
//
// Refs alone are not enough: a measure inserted early renumbers every one after it, and a
// renumbered measure must keep its task (reports, manual assignments). Text alone is not enough
// either: a measure rewritten in place is still the same measure. So:
// 1. Every pair of an old task and a new measure gets the similarity of their wording (the Dice
//    coefficient of character bigrams, app/utils/similarity.ts, over heading and text without the
//    responsibility note), plus a bonus of 0.2 when their refs are the same.
// 2. Pairs are taken greedily, highest score first, each task and measure once, if their wording
//    is at least 0.5 similar — or 0.3 with the same ref (a measure rewritten where it stood).
// 3. What is left of the same ref is paired too (a measure rewritten beyond recognition, still at
//    its place: the supervising office tracks it as the same item).
// Everything else is new (a task is created) or gone (its task is archived). Archived tasks of
// earlier versions take part, so a measure that comes back gets its old task back.
import { bigrams, type Bigrams } from "../utils/similarity";

export type OldMeasure = {
  id: string;
  ref: string;
  heading: string;
  text: string;
  note?: string | null;
};
export type NewMeasure = { ref: string; heading: string; text: string; note?: string | null };

export type MeasureMatch = {
  oldId: string;
  newRef: string;
  similarity: number;
  /** How it was found: same ref and wording, renumbered (by wording), or same ref only. */
  by: "REF" | "TEXT" | "REF_ONLY";
};

export const SAME_REF_BONUS = 0.2;
export const MIN_SIMILARITY = 0.5;
export const MIN_SIMILARITY_SAME_REF = 0.3;

/** The wording compared: heading and text, the note taken out (units change more than words). */
export function wording(m: { heading: string; text: string; note?: string | null }): string {
  let text = m.text;
  if (m.note) text = text.split(m.note).join("");
  return `${m.heading}\n${text}`;
}

export function matchMeasures(olds: OldMeasure[], news: NewMeasure[]): MeasureMatch[] {
  const oldGrams: Bigrams[] = olds.map((m) => bigrams(wording(m)));
  const newGrams: Bigrams[] = news.map((m) => bigrams(wording(m)));
  // An inverted index of the old wordings' bigrams, so a 300 × 300 comparison only visits the
  // pairs that share something.
  const postings = new Map<string, Array<[number, number]>>();
  oldGrams.forEach((g, i) => {
    for (const [gram, n] of g.counts) {
      let list = postings.get(gram);
      if (!list) postings.set(gram, (list = []));
      list.push([i, n]);
    }
  });
  const oldByRef = new Map(olds.map((m, i) => [m.ref, i]));
  type Pair = { o: number; n: number; sim: number; score: number; sameRef: boolean };
  const pairs: Pair[] = [];
  news.forEach((m, n) => {
    const g = newGrams[n]!;
    const shared = new Map<number, number>();
    for (const [gram, count] of g.counts)
      for (const [o, c] of postings.get(gram) ?? [])
        shared.set(o, (shared.get(o) ?? 0) + Math.min(count, c));
    const sameRefOld = oldByRef.get(m.ref);
    for (const [o, s] of shared) {
      const total = g.size + oldGrams[o]!.size;
      const sim = total === 0 ? 1 : (2 * s) / total;
      const sameRef = o === sameRefOld;
      if (sim >= MIN_SIMILARITY || (sameRef && sim >= MIN_SIMILARITY_SAME_REF))
        pairs.push({ o, n, sim, score: sim + (sameRef ? SAME_REF_BONUS : 0), sameRef });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.n - b.n || a.o - b.o);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const matches: MeasureMatch[] = [];
  for (const p of pairs) {
    if (usedOld.has(p.o) || usedNew.has(p.n)) continue;
    usedOld.add(p.o);
    usedNew.add(p.n);
    matches.push({
      oldId: olds[p.o]!.id,
      newRef: news[p.n]!.ref,
      similarity: p.sim,
      by: p.sameRef ? "REF" : "TEXT",
    });
  }
  // The same ref, whatever the words, when neither found a better partner.
  news.forEach((m, n) => {
    const o = oldByRef.get(m.ref);
    if (usedNew.has(n) || o === undefined || usedOld.has(o)) return;
    usedOld.add(o);
    usedNew.add(n);
    const total = newGrams[n]!.size + oldGrams[o]!.size;
    let shared = 0;
    for (const [gram, count] of newGrams[n]!.counts)
      shared += Math.min(count, oldGrams[o]!.counts.get(gram) ?? 0);
    matches.push({
      oldId: olds[o]!.id,
      newRef: m.ref,
      similarity: total === 0 ? 1 : (2 * shared) / total,
      by: "REF_ONLY",
    });
  });
  return matches;
}
