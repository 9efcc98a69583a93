// Pieces shared by the ledger and the review page: the document and unit selects, and the pager.

type Choices = {
  documents: Array<{ slug: string; title: string }>;
  units: Array<{ id: string; name: string; successorId: string | null; jurisdiction: { name: string } }>;
};

export function DocumentUnitSelects({ choices, document, unit }: { choices: Choices; document?: string; unit?: string }) {
  return (
    <>
      <label>
        文件
        <select name="document" defaultValue={document ?? ""}>
          <option value="">全部文件</option>
          {choices.documents.map((d) => (
            <option key={d.slug} value={d.slug}>
              {d.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        单位
        <select name="unit" defaultValue={unit ?? ""}>
          <option value="">全部单位</option>
          {choices.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.jurisdiction.name} · {u.name}
              {u.successorId ? "（已更名/撤并）" : ""}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function Pager({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label="分页">
      {page > 1 ? <a href={href(page - 1)}>上一页</a> : null}
      <span>
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? <a href={href(page + 1)}>下一页</a> : null}
    </nav>
  );
}
