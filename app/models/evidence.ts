// 佐证材料: the kinds of file a report may carry and how they are named. Pure and light (the
// report form's page bundles it); telling a file's kind by its bytes is evidence-type.ts, storing
// and serving them evidence.server.ts.

export type EvidenceKind = "PDF" | "IMAGE" | "WORD" | "EXCEL";

export const EVIDENCE_KIND_LABEL: Record<EvidenceKind, string> = {
  PDF: "PDF",
  IMAGE: "图片",
  WORD: "Word",
  EXCEL: "Excel",
};

/** What the file picker offers (a hint only: the server decides by the bytes). */
export const EVIDENCE_ACCEPT =
  ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx,application/pdf,image/*";

/** Files one report may carry; their sizes together stay within the upload limit. */
export const EVIDENCE_MAX_FILES = 10;

/** A size for people: 312 KB, 4.2 MB. */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
