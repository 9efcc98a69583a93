// 佐证材料: a file's kind told by its bytes. Pure (the bytes in, a verdict out).
//
// The name a file was uploaded with says what the person thinks it is; the bytes say what it is.
// A mismatch (a photo renamed 报告.pdf, a program renamed 台账.xlsx) is refused with both named,
// so the person can pick the right file, and the type served is always the one the bytes show.
import JSZip from "jszip";
import { sniff } from "../ingest/parse-file";
import { EVIDENCE_KIND_LABEL, type EvidenceKind } from "./evidence";

const EXTENSIONS: Record<string, EvidenceKind> = {
  pdf: "PDF",
  jpg: "IMAGE",
  jpeg: "IMAGE",
  png: "IMAGE",
  gif: "IMAGE",
  webp: "IMAGE",
  doc: "WORD",
  docx: "WORD",
  xls: "EXCEL",
  xlsx: "EXCEL",
};

export type SniffedEvidence = { kind: EvidenceKind; mime: string };

export type EvidenceVerdict = ({ ok: true } & SniffedEvidence) | { ok: false; message: string };

const ALLOWED =
  "只能上传 PDF、图片（JPG、PNG、GIF、WEBP）、Word（.doc/.docx）或 Excel（.xls/.xlsx）文件";

function imageMime(b: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(b.subarray(0, 16));
  if (b[0] === 0x89 && head.slice(1, 4) === "PNG") return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (head.startsWith("GIF8")) return "image/gif";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "image/webp";
  return null;
}

async function officeOf(bytes: Uint8Array): Promise<SniffedEvidence | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return null;
  }
  if (zip.file("word/document.xml"))
    return {
      kind: "WORD",
      mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };
  if (zip.file("xl/workbook.xml"))
    return {
      kind: "EXCEL",
      mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
  return null;
}

function oldOfficeOf(bytes: Uint8Array): SniffedEvidence | null {
  const has = (name: string) => Buffer.from(bytes).includes(Buffer.from(name, "utf16le"));
  if (has("WordDocument")) return { kind: "WORD", mime: "application/msword" };
  if (has("Workbook") || has("Book")) return { kind: "EXCEL", mime: "application/vnd.ms-excel" };
  return null;
}

/** What the bytes are, if they are one of the kinds evidence may be; null otherwise. */
export async function sniffEvidence(bytes: Uint8Array): Promise<SniffedEvidence | null> {
  switch (sniff(bytes)) {
    case "pdf":
      // parse-file looks for %PDF- anywhere in the first KB; a file served as PDF must start with it.
      return new TextDecoder("latin1").decode(bytes.subarray(0, 5)) === "%PDF-"
        ? { kind: "PDF", mime: "application/pdf" }
        : null;
    case "image": {
      const mime = imageMime(bytes);
      return mime ? { kind: "IMAGE", mime } : null;
    }
    case "zip":
      return officeOf(bytes);
    case "ole":
      return oldOfficeOf(bytes);
    default:
      return null;
  }
}

/** The file's kind by its bytes, refused (in Chinese, naming the file) if not allowed or not what its name says. */
export async function checkEvidence(bytes: Uint8Array, fileName: string): Promise<EvidenceVerdict> {
  const name = `“${fileName}”`;
  if (bytes.length === 0) return { ok: false, message: `文件${name}是空的，请重新选择` };
  const ext = fileName.match(/\.([A-Za-z0-9]+)$/)?.[1]?.toLowerCase() ?? "";
  const claimed = EXTENSIONS[ext];
  if (!claimed) return { ok: false, message: `文件${name}的类型不支持：${ALLOWED}` };
  const found = await sniffEvidence(bytes);
  if (!found)
    return {
      ok: false,
      message: `文件${name}的内容不是有效的 ${EVIDENCE_KIND_LABEL[claimed]} 文件（可能已损坏或被改了扩展名），${ALLOWED}`,
    };
  if (found.kind !== claimed)
    return {
      ok: false,
      message: `文件${name}的扩展名是 ${EVIDENCE_KIND_LABEL[claimed]}，内容却是 ${EVIDENCE_KIND_LABEL[found.kind]}，请检查后重新选择`,
    };
  return { ok: true, ...found };
}
