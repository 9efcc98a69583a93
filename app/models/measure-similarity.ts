// Which national measure a provincial measure carries out, suggested by text similarity. Pure:
// measures in, ranked suggestions out — used by a document's links page and by an import's
// preview, and confirmed by a reviewer, never applied on its own.
//
// How: each measure's heading and text, without its responsibility note (unit names say who, not
// what), as character bigrams (Chinese has no spaces; a bigram is roughly a word or half of one),
// weighted by TF-IDF over both documents' measures — so that 加工、贸易、企业, in nearly every
// measure, count for little and 梯度转移、总部经济、内销 for much — and compared by cosine. The
// heading counts twice: it names the measure's subject. Measured on the seeds (README "National
// measures"): tests/bench/link-suggestions.ts prints precision and coverage.

export type MeasureText = { id: string; ref: string; heading: string; text: string };

export type LinkSuggestion = { id: string; ref: string; heading: string; score: number };

export type SuggestOptions = {
  /** Suggestions kept per measure, best first. */
  limit?: number;
  /** Below this cosine a candidate is not suggested at all. */
  minScore?: number;
};

/** Below this score, top suggestions were wrong more often than right on the seeds. */
export const DEFAULT_MIN_SCORE = 0.07;

// A note in brackets that names who is responsible: （责任单位：…）, （A、B负责）, 〔…〕.
const NOTE = /[（(〔[][^（）()〔〕[\]]*(?:责任单位|牵头|配合|负责|分工)[^（）()〔〕[\]]*[）)〕\]]/g;
const NOT_WORD = /[^\p{Script=Han}A-Za-z]+/gu;

/** The measure's words as compared: its note removed, only Han characters and letters, in runs. */
export function comparableRuns(text: string): string[] {
  return text.replace(NOTE, "。").split(NOT_WORD).filter(Boolean);
}

/** Character bigrams of each run (a one-character run counts as itself), with their counts. */
export function bigrams(text: string, into = new Map<string, number>(), weight = 1) {
  for (const run of comparableRuns(text)) {
    const chars = [...run];
    if (chars.length === 1) into.set(chars[0]!, (into.get(chars[0]!) ?? 0) + weight);
    for (let i = 0; i + 1 < chars.length; i++) {
      const g = chars[i]! + chars[i + 1]!;
      into.set(g, (into.get(g) ?? 0) + weight);
    }
  }
  return into;
}

function termCounts(m: MeasureText): Map<string, number> {
  // The text usually opens with the heading; the heading is added once more on its own.
  return bigrams(m.heading, bigrams(m.text), 1);
}

type Vector = { weights: Map<string, number>; norm: number };

function vectors(measures: MeasureText[]): Map<string, Vector> {
  const counts = measures.map((m) => [m.id, termCounts(m)] as const);
  const df = new Map<string, number>();
  for (const [, c] of counts) for (const g of c.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = counts.length;
  const out = new Map<string, Vector>();
  for (const [id, c] of counts) {
    const weights = new Map<string, number>();
    let sum = 0;
    for (const [g, tf] of c) {
      // Sublinear term frequency, and the usual inverse document frequency (never below 1).
      const w = (1 + Math.log(tf)) * (1 + Math.log(n / df.get(g)!));
      weights.set(g, w);
      sum += w * w;
    }
    out.set(id, { weights, norm: Math.sqrt(sum) });
  }
  return out;
}

function cosine(a: Vector, b: Vector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size < b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [g, w] of small.weights) {
    const v = large.weights.get(g);
    if (v !== undefined) dot += w * v;
  }
  return dot / (a.norm * b.norm);
}

/**
 * For each measure of the carrying (provincial) document, the measures of the carried (national)
 * document it most resembles, best first, each with its cosine (0–1, rounded to 3 places).
 */
export function suggestLinks(
  carriers: MeasureText[],
  targets: MeasureText[],
  options: SuggestOptions = {},
): Map<string, LinkSuggestion[]> {
  const limit = options.limit ?? 3;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  // Ids are only unique within a side; the vectors are keyed apart.
  const all = [
    ...carriers.map((m) => ({ ...m, id: `c:${m.id}` })),
    ...targets.map((m) => ({ ...m, id: `t:${m.id}` })),
  ];
  const vs = vectors(all);
  const result = new Map<string, LinkSuggestion[]>();
  for (const c of carriers) {
    const cv = vs.get(`c:${c.id}`)!;
    const ranked = targets
      .map((t) => ({
        id: t.id,
        ref: t.ref,
        heading: t.heading,
        score: Math.round(cosine(cv, vs.get(`t:${t.id}`)!) * 1000) / 1000,
      }))
      .filter((s) => s.score >= minScore)
      .sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : 1))
      .slice(0, limit);
    result.set(c.id, ranked);
  }
  return result;
}
