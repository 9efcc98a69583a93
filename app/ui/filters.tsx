// Pieces shared by the ledger and the review page: the document and unit selects, and the pager.
import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { loader as choicesLoader } from "~/routes/filters.choices";

type Choice = { value: string; label: string };
export type SelectedChoices = { version: string; document: Choice | null; unit: Choice | null };

/**
 * The page renders only the selected document and unit; the full lists come from
 * /filters/choices, which the browser keeps per version, so no page carries hundreds of options.
 */
export function DocumentUnitSelects({ selected }: { selected: SelectedChoices }) {
  const fetcher = useFetcher<typeof choicesLoader>();
  const href = `/filters/choices?v=${selected.version}`;
  const { load } = fetcher;
  useEffect(() => {
    load(href);
  }, [href, load]);
  const all = fetcher.data;
  return (
    <>
      <ChoiceSelect
        name="document"
        label="文件"
        emptyLabel="全部文件"
        selected={selected.document}
        options={all?.documents}
      />
      <ChoiceSelect
        name="unit"
        label="单位"
        emptyLabel="全部单位"
        selected={selected.unit}
        options={all?.units}
      />
    </>
  );
}

function ChoiceSelect({
  name,
  label,
  emptyLabel,
  selected,
  options,
}: {
  name: string;
  label: string;
  emptyLabel: string;
  selected: Choice | null;
  options?: Choice[];
}) {
  // Until the list arrives, the selected choice alone; it keeps its key, so it stays selected.
  const list = options ?? (selected ? [selected] : []);
  const shown =
    selected && !list.some((c) => c.value === selected.value) ? [selected, ...list] : list;
  return (
    <label>
      {label}
      <select
        name={name}
        defaultValue={selected?.value ?? ""}
        aria-busy={options ? undefined : true}
      >
        <option value="">{emptyLabel}</option>
        {shown.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Pager({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
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
