/** Long lists are paged: a page of rows in the DOM, whatever the list's length. */
import { useEffect, useState } from 'preact/hooks';

export function usePage<T>(items: readonly T[], size: number): { rows: readonly T[]; pager: preact.JSX.Element | null } {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(items.length / size));
  useEffect(() => { if (page >= pages) setPage(pages - 1); }, [pages, page]);
  const p = Math.min(page, pages - 1);
  const rows = items.slice(p * size, (p + 1) * size);
  const pager = pages <= 1 ? null : <Pager page={p} pages={pages} total={items.length} onPage={setPage} />;
  return { rows, pager };
}

export function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (p: number) => void }) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>Previous</button>
      <span aria-live="polite">Page {page + 1} of {pages} ({total} rows)</span>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>Next</button>
    </nav>
  );
}
