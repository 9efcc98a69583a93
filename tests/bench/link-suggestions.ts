// Measures the link suggestions (app/models/measure-similarity.ts) against a person's reading of
// the seeds (national-links-gold.ts): Sichuan's 2016 opinions and Tianjin's 2017 opinions, each
// against 国发〔2016〕4号. Prints, per document: precision of the top suggestion (right / made),
// coverage (measures that got one), whether a right one is among the three shown, and the same
// for plain bigram Jaccard, the baseline the issue names.
//   npm run bench:links            (also: --min-score 0.1)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "../../app/ingest/parse-document";
import {
  bigrams,
  DEFAULT_MIN_SCORE,
  suggestLinks,
  type LinkSuggestion,
  type MeasureText,
} from "../../app/models/measure-similarity";
import { GOLD, NATIONAL_SLUG } from "./national-links-gold";

const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../seeds");
const manifest = JSON.parse(readFileSync(path.join(seeds, "documents.json"), "utf8")) as {
  documents: Array<{ slug: string; file: string }>;
};

export function seededMeasures(slug: string): MeasureText[] {
  const entry = manifest.documents.find((d) => d.slug === slug)!;
  const doc = parseDocument(readFileSync(path.join(seeds, entry.file), "utf8"));
  return doc.measures.map((m) => ({ id: m.ref, ref: m.ref, heading: m.heading, text: m.text }));
}

/** Plain Jaccard over bigram sets: the baseline. */
function jaccardLinks(carriers: MeasureText[], targets: MeasureText[], minScore: number) {
  const set = (m: MeasureText) => new Set(bigrams(`${m.heading}。${m.text}`).keys());
  const ts = targets.map((t) => ({ t, s: set(t) }));
  const out = new Map<string, LinkSuggestion[]>();
  for (const c of carriers) {
    const cs = set(c);
    const ranked = ts
      .map(({ t, s }) => {
        let both = 0;
        for (const g of cs) if (s.has(g)) both++;
        return {
          id: t.id,
          ref: t.ref,
          heading: t.heading,
          score: both / (cs.size + s.size - both),
        };
      })
      .filter((x) => x.score >= minScore)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3);
    out.set(c.id, ranked);
  }
  return out;
}

export type Figures = {
  measures: number;
  withCounterpart: number;
  suggested: number;
  right: number;
  precision: number;
  coverage: number;
  rightInTop3: number;
};

export function score(slug: string, suggestions: Map<string, LinkSuggestion[]>): Figures {
  const gold = GOLD[slug]!;
  let suggested = 0;
  let right = 0;
  let inTop3 = 0;
  for (const [ref, want] of Object.entries(gold)) {
    const got = suggestions.get(ref) ?? [];
    if (got.length > 0) {
      suggested++;
      if (want.includes(got[0]!.ref)) right++;
    }
    if (got.some((s) => want.includes(s.ref))) inTop3++;
  }
  const withCounterpart = Object.values(gold).filter((w) => w.length > 0).length;
  return {
    measures: Object.keys(gold).length,
    withCounterpart,
    suggested,
    right,
    precision: suggested ? right / suggested : 0,
    coverage: suggested / Object.keys(gold).length,
    rightInTop3: inTop3 / withCounterpart,
  };
}

function main() {
  const at = process.argv.indexOf("--min-score");
  const minScore = at > 0 ? Number(process.argv[at + 1]) : DEFAULT_MIN_SCORE;
  const national = seededMeasures(NATIONAL_SLUG);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  console.log(`min score ${minScore} (cosine); Jaccard at 0.05\n`);
  console.log(
    "| document | method | suggested | right top | precision | coverage | right in top 3 |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const slug of Object.keys(GOLD)) {
    const own = seededMeasures(slug);
    const started = performance.now();
    const tfidf = suggestLinks(own, national, { minScore });
    const ms = performance.now() - started;
    for (const [method, s] of [
      [`TF-IDF cosine (${ms.toFixed(1)} ms)`, tfidf],
      ["bigram Jaccard", jaccardLinks(own, national, 0.05)],
    ] as const) {
      const f = score(slug, s);
      console.log(
        `| ${slug} | ${method} | ${f.suggested}/${f.measures} | ${f.right} | ${pct(f.precision)} | ${pct(f.coverage)} | ${pct(f.rightInTop3)} |`,
      );
    }
    if (process.argv.includes("--wrong") || process.argv.includes("--all"))
      for (const [ref, want] of Object.entries(GOLD[slug]!)) {
        const got = tfidf.get(ref) ?? [];
        if (process.argv.includes("--all") || !got[0] || !want.includes(got[0].ref))
          console.log(
            `  ${ref}: want ${want.join(" ") || "none"}; got ${got.map((g) => `${g.ref} ${g.score}`).join(", ")}`,
          );
      }
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
