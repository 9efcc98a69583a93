// Email HTML: every user-supplied text goes through escapeHtml. Pure.

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Tagged template: interpolated values are escaped unless wrapped with raw(). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const piece = Array.isArray(v)
      ? v.map((x) => (x instanceof Raw ? x.html : escapeHtml(String(x)))).join("")
      : v instanceof Raw
        ? v.html
        : escapeHtml(String(v ?? ""));
    out += piece + strings[i + 1]!;
  });
  return new Raw(out);
}

export function layout(title: string, body: Raw, footer: string): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
      </head>
      <body
        style="font-family: 'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif; color:#1f2328; max-width:720px; margin:0 auto; padding:16px"
      >
        <h2 style="color:#b22222; border-bottom:2px solid #b22222; padding-bottom:6px">${title}</h2>
        ${body}
        <p style="color:#656d76; font-size:12px; margin-top:24px">${footer}</p>
      </body>
    </html>`.html;
}

export const td = (s: unknown) =>
  html`<td style="border:1px solid #d8dee4; padding:4px 6px">${String(s ?? "")}</td>`;
export const th = (s: string) =>
  html`<th style="border:1px solid #d8dee4; padding:4px 6px; background:#f6f8fa">${s}</th>`;
export const table = (head: string[], rows: unknown[][]) =>
  html`<table style="border-collapse:collapse; font-size:14px">
    ${raw(`<tr>${head.map((h) => th(h).html).join("")}</tr>`)}${rows.map((r) => raw(`<tr>${r.map((c) => (c instanceof Raw ? `<td style="border:1px solid #d8dee4; padding:4px 6px">${c.html}</td>` : td(c).html)).join("")}</tr>`))}
  </table>`;
