import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, errorMessage } from './client';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedState<T, P extends Page<T>> {
  items: T[];
  /** The first page's whole answer (e.g. the inbox's counts). */
  first: P | undefined;
  loading: boolean;
  error: string | undefined;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (update: (items: T[]) => T[]) => void;
}

/**
 * A cursor-paged list: the first page of `path`, then "load more" appends the page after `nextCursor`. Changing
 * `path` (new filters) starts over and drops answers still in flight for the old one.
 */
export function usePaged<T, P extends Page<T> = Page<T>>(path: string): PagedState<T, P> {
  const [items, setItemsState] = useState<T[]>([]);
  const [first, setFirst] = useState<P>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const current = useRef<AbortController | undefined>(undefined);

  const fetchPage = useCallback(
    (after: string | null, replace: boolean) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      setLoading(true);
      setError(undefined);
      const sep = path.includes('?') ? '&' : '?';
      const url = after ? `${path}${sep}cursor=${encodeURIComponent(after)}` : path;
      api
        .get<P>(url, { signal: controller.signal })
        .then((page) => {
          if (controller.signal.aborted) return;
          if (replace) setFirst(page);
          setItemsState((old) => (replace ? page.items : [...old, ...page.items]));
          setCursor(page.nextCursor);
          setLoading(false);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          setError(errorMessage(err));
          setLoading(false);
        });
    },
    [path],
  );

  useEffect(() => {
    setItemsState([]);
    setFirst(undefined);
    setCursor(null);
    fetchPage(null, true);
    return () => current.current?.abort();
  }, [fetchPage, generation]);

  return {
    items,
    first,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor !== null && !loading) fetchPage(cursor, false);
    },
    reload: () => setGeneration((g) => g + 1),
    setItems: (update) => setItemsState(update),
  };
}
