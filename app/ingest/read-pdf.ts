// The text layer of a PDF, as paragraphs. unpdf (a maintained packaging of Mozilla's PDF.js for
// servers) gives positioned text items; lines are rebuilt from their positions and joined into
// paragraphs the way the page shows them: a line that starts at the left margin after a full line
// continues its paragraph; an indented line, or one after a short line, starts a new one. Page
// numbers (— 3 —) are dropped.

import { extractTextItems, getDocumentProxy, type StructuredTextItem } from "unpdf";

export type PdfText =
  | { ok: true; text: string; pages: number }
  | {
      ok: false;
      code: "PDF_NO_TEXT" | "PDF_ENCRYPTED" | "PDF_UNREADABLE" | "PDF_TOO_LONG";
      reason: string;
    };

export const MAX_PDF_PAGES = 500;

type Line = { text: string; x: number; right: number; y: number; size: number };

const NUMBERING =
  /^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,4}[．、]|\d{1,4}\.(?!\d)|第[一二三四五六七八九十百]+[章条]|[①-⑳]|附件)/;
const PAGE_NUMBER =
  /^(?:[-—－–~]\s*\d{1,4}\s*[-—－–~]|\d{1,4}|第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页)?)$/;

export async function readPdf(bytes: Uint8Array, maxPages = MAX_PDF_PAGES): Promise<PdfText> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js takes ownership of (detaches) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (name === "PasswordException")
      return { ok: false, code: "PDF_ENCRYPTED", reason: "PDF 设有密码，请去除密码后再上传" };
    return { ok: false, code: "PDF_UNREADABLE", reason: "PDF 文件已损坏，无法打开" };
  }
  try {
    if (pdf.numPages > maxPages)
      return {
        ok: false,
        code: "PDF_TOO_LONG",
        reason: `PDF 共 ${pdf.numPages} 页，超过 ${maxPages} 页的上限，请拆分后再上传`,
      };
    const { items } = await extractTextItems(pdf);
    const pages = items.map(pageLines);
    const text = toParagraphs(pages);
    const visible = text.replace(/[\s\u3000]/g, "");
    if (visible.length < 10 * Math.max(1, Math.min(pdf.numPages, 3)))
      return {
        ok: false,
        code: "PDF_NO_TEXT",
        reason: "这个 PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR）后再上传",
      };
    // Fonts without a Unicode map give private-use or control characters instead of text.
    const readable = [...visible].filter((ch) => {
      const c = ch.codePointAt(0)!;
      return c >= 0x20 && c !== 0xfffd && !(c >= 0xe000 && c <= 0xf8ff);
    });
    if (readable.length < visible.length * 0.9)
      return {
        ok: false,
        code: "PDF_NO_TEXT",
        reason: "这个 PDF 的文字层无法读出（字体缺少编码信息），需要先做文字识别（OCR）后再上传",
      };
    return { ok: true, text, pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

/** Items grouped into lines by their baseline, top to bottom, each line left to right. */
function pageLines(items: StructuredTextItem[]): Line[] {
  const lines: Array<{ y: number; size: number; items: StructuredTextItem[] }> = [];
  for (const item of items) {
    if (!item.str) continue;
    const size = item.fontSize || item.height || 10;
    const line = lines.find((l) => Math.abs(l.y - item.y) < Math.max(l.size, size) * 0.5);
    if (line) line.items.push(item);
    else lines.push({ y: item.y, size, items: [item] });
  }
  lines.sort((a, b) => b.y - a.y);
  return lines.map((l) => {
    l.items.sort((a, b) => a.x - b.x);
    let text = "";
    let end = -Infinity;
    for (const it of l.items) {
      // A visible gap between two Latin words is a space; Chinese text has none.
      if (
        text &&
        it.x - end > l.size * 0.3 &&
        /[A-Za-z0-9]$/.test(text) &&
        /^[A-Za-z0-9]/.test(it.str)
      )
        text += " ";
      text += it.str;
      end = it.x + it.width;
    }
    const first = l.items[0]!;
    return { text: text.replace(/[\s\u3000]+$/, ""), x: first.x, right: end, y: l.y, size: l.size };
  });
}

function toParagraphs(pages: Line[][]): string {
  const paragraphs: string[] = [];
  let previous: { line: Line; full: boolean } | null = null;
  for (const raw of pages) {
    const lines = raw.filter((l, i) => {
      const edge = i === 0 || i === raw.length - 1;
      return l.text.trim() && !(edge && PAGE_NUMBER.test(l.text.trim()));
    });
    if (lines.length === 0) continue;
    const margin = Math.min(...lines.map((l) => l.x));
    const right = Math.max(...lines.map((l) => l.right));
    for (const line of lines) {
      const text = line.text.replace(/^[\s\u3000]+/, "");
      // Indented by position, or by leading full-width spaces kept in the text layer.
      const indented = line.x > margin + line.size * 0.8 || /^[\s\u3000]{2}/.test(line.text);
      const continues = previous !== null && previous.full && !indented && !NUMBERING.test(text);
      if (continues) paragraphs[paragraphs.length - 1] += text;
      else paragraphs.push(text);
      previous = { line, full: line.right >= right - line.size * 1.5 };
    }
  }
  return paragraphs.join("\n");
}
