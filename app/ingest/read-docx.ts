// Word (.docx) as paragraphs and tables. mammoth (the well-kept .docx reader) converts the file to
// plain HTML; htmlparser2 walks that HTML into blocks: a paragraph per <p>/<h1…6>/<li>, a table as
// rows of cells with merged cells (rowspan/colspan) spread over the slots they cover.
//
// Word's own list numbering is not text: mammoth writes such paragraphs as <ol><li> without their
// numbers. They get numbers by depth (一、 / （一） / 1． / （1）), so that the structure survives.

import { Parser } from "htmlparser2";
import mammoth from "mammoth";
import type { Table } from "./ledger";

export type Block = { kind: "paragraph"; text: string } | { kind: "table"; table: Table };

export type DocxContent =
  { ok: true; blocks: Block[]; numberedLists: boolean } | { ok: false; reason: string };

export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { ignoreEmptyParagraphs: true },
    );
    html = result.value;
  } catch {
    return { ok: false, reason: "Word 文件已损坏，无法打开" };
  }
  return { ok: true, ...htmlToBlocks(html) };
}

const CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
function chinese(n: number): string {
  if (n <= 10) return CN[n]!;
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${CN[n % 10]}`;
}
const LIST_MARK = [
  (n: number) => `${chinese(n)}、`,
  (n: number) => `（${chinese(n)}）`,
  (n: number) => `${n}．`,
  (n: number) => `（${n}）`,
];

/** The rank of typed numbering at the start of a paragraph: 一、 1 · （一） 2 · 1． 3 · （1） 4. */
function typedRankOf(text: string): number | null {
  if (/^[一二三四五六七八九十]+、/.test(text)) return 1;
  if (/^[（(][一二三四五六七八九十]+[)）]/.test(text)) return 2;
  if (/^\d{1,4}[．.、]/.test(text)) return 3;
  if (/^[（(]\d{1,4}[)）]/.test(text)) return 4;
  return null;
}

type Cell = { text: string; rowspan: number; colspan: number };

/** Exported for tests: the blocks of mammoth's HTML. */
export function htmlToBlocks(html: string): { blocks: Block[]; numberedLists: boolean } {
  const blocks: Block[] = [];
  let text: string | null = null;
  let skip = 0;
  let numberedLists = false;
  const lists: Array<{ ordered: boolean; count: number }> = [];
  // An automatic list continues the typed numbering around it: under a typed 一、 its items are
  // （一）, under （一） they are 1．
  let typedRank = 0;
  let listBase = 0;
  const tables: Array<{ rows: Cell[][]; cell: Cell | null; cellParts: string[] }> = [];

  const flush = () => {
    if (text === null) return;
    const t = text.replace(/[ \t]+\n/g, "\n").trim();
    text = null;
    if (!t) return;
    const table = tables[tables.length - 1];
    if (table?.cell) table.cellParts.push(t);
    else blocks.push({ kind: "paragraph", text: t });
    if (lists.length === 0) typedRank = typedRankOf(t) ?? typedRank;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skip > 0) {
          skip++;
          return;
        }
        if (name === "li" && /^(?:footnote|endnote|comment)-/.test(attrs.id ?? "")) {
          skip = 1;
          return;
        }
        if (name === "ol" || name === "ul") {
          if (lists.length === 0) {
            flush();
            listBase = typedRank;
          }
          lists.push({ ordered: name === "ol", count: 0 });
        } else if (name === "table") {
          flush();
          tables.push({ rows: [], cell: null, cellParts: [] });
        } else if (name === "tr") tables[tables.length - 1]?.rows.push([]);
        else if (name === "td" || name === "th") {
          const t = tables[tables.length - 1];
          if (t) {
            t.cell = {
              text: "",
              rowspan: Number(attrs.rowspan ?? 1) || 1,
              colspan: Number(attrs.colspan ?? 1) || 1,
            };
            t.cellParts = [];
          }
        } else if (name === "p" || /^h[1-6]$/.test(name) || name === "li") {
          flush();
          text = "";
          const list = lists[lists.length - 1];
          if (name === "li" && list?.ordered && !tables[tables.length - 1]?.cell) {
            list.count++;
            numberedLists = true;
            const depth = listBase + lists.filter((l) => l.ordered).length - 1;
            text = LIST_MARK[Math.min(depth, LIST_MARK.length - 1)]!(list.count);
          }
        } else if (name === "br") {
          if (text !== null) text += "\n";
        }
      },
      ontext(data) {
        if (skip > 0) return;
        if (text === null) text = "";
        text += data;
      },
      onclosetag(name) {
        if (skip > 0) {
          skip--;
          return;
        }
        if (name === "p" || /^h[1-6]$/.test(name) || name === "li") flush();
        else if (name === "ol" || name === "ul") lists.pop();
        else if (name === "td" || name === "th") {
          flush();
          const t = tables[tables.length - 1];
          if (t?.cell) {
            t.cell.text = t.cellParts.join("\n");
            t.rows[t.rows.length - 1]?.push(t.cell);
            t.cell = null;
          }
        } else if (name === "table") {
          const t = tables.pop();
          if (!t) return;
          const table = toGrid(t.rows);
          const outer = tables[tables.length - 1];
          // A table inside a cell: its text joins the cell.
          if (outer?.cell) outer.cellParts.push(table.rows.map((r) => r.join(" ")).join("\n"));
          else blocks.push({ kind: "table", table });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { blocks, numberedLists };
}

/** Spreads rowspan/colspan over the slots they cover; covered slots repeat the text, marked merged. */
function toGrid(rows: Cell[][]): Table {
  const grid: string[][] = [];
  const merged: boolean[][] = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    merged[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowspan; dr++) {
        for (let dc = 0; dc < cell.colspan; dc++) {
          grid[r + dr] ??= [];
          merged[r + dr] ??= [];
          grid[r + dr]![c + dc] = cell.text;
          merged[r + dr]![c + dc] = dr > 0 || dc > 0;
        }
      }
      c += cell.colspan;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  return {
    rows: grid
      .slice(0, rows.length)
      .map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")),
    merged: merged
      .slice(0, rows.length)
      .map((r) => Array.from({ length: width }, (_, i) => r[i] ?? false)),
  };
}
