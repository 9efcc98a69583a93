import type { SeedSummary } from "./seed.server";

/** A few lines for the console: what seeding did, and what needs a person's attention. */
export function formatSeedSummary(s: SeedSummary): string {
  const lines = [
    `seed: units +${s.units.created} (~${s.units.updated}${s.units.keptEdits ? `, ${s.units.keptEdits} kept as people edited them` : ""}); documents +${s.documents.created} ~${s.documents.updated} =${s.documents.unchanged}; ` +
      `tasks +${s.tasks.created} ~${s.tasks.updated} =${s.tasks.unchanged}; assignments +${s.assignments.created} ~${s.assignments.updated} -${s.assignments.removed}`,
  ];
  const unknown = [...new Set(s.unrecognizedUnits)];
  if (unknown.length > 0)
    lines.push(
      `seed: ${unknown.length} unit name(s) not in seeds/units.json, kept and flagged:\n  ${unknown.join("\n  ")}`,
    );
  if (s.tasks.missingFromText.length > 0)
    lines.push(
      `seed: measures no longer in their document (kept): ${s.tasks.missingFromText.join(", ")}`,
    );
  for (const w of s.warnings) lines.push(`seed: warning: ${w}`);
  return lines.join("\n");
}
