import { useCallback, useEffect, useState } from 'react';
import { errorMessage, get, query } from './api';
import { type LiveEvent, useLive } from './live';
import type { Page } from './types';

type Filters = Record<string, string | null>;

export interface PagedList<T> {
  items: T[];
  setItems: React.Dispatch<React.SetStateAction<T[]>>;
  loading: boolean;
  error: string | null;
  /** Loads the next page; null when there is none. */
  loadMore: (() => void) | null;
  /** Some filter is set: an empty list then means "nothing matches", not "nothing yet". */
  filtered: boolean;
}

/** Each filter that is set names a field of the item and the value it must have. */
function byFields<T>(filters: Filters): (item: T) => boolean {
  return (item) => Object.entries(filters).every(([k, v]) => v === null || v === '' || (item as Record<string, unknown>)[k] === v);
}

/**
 * A cursor-paged list that reloads when its filters change and stays live: an event for a row
 * that matches the filters updates it in place (or adds it on top), one that no longer matches
 * removes it. Shared by Sessions and Deliveries. Filters are query parameters named like the
 * item's fields, so by default a row matches when every set filter equals its field.
 */
export function usePagedList<T extends { id: string }>(
  path: string,
  filters: Filters,
  event: LiveEvent,
  matches: (item: T) => boolean = byFields<T>(filters),
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filters);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const page = await get<Page<T>>(`${path}${query({ ...(JSON.parse(key) as Filters), limit: 50, cursor: after })}`);
        setItems((cur) => (after ? [...cur, ...page.items] : page.items));
        setCursor(page.nextCursor ?? null);
        setError(null);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setLoading(false);
      }
    },
    [path, key],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  useLive<T>(event, (x) => {
    const fits = matches(x);
    setItems((cur) => {
      const i = cur.findIndex((y) => y.id === x.id);
      if (i >= 0) return fits ? cur.map((y) => (y.id === x.id ? { ...y, ...x } : y)) : cur.filter((y) => y.id !== x.id);
      return fits ? [x, ...cur] : cur;
    });
  });

  return {
    items,
    setItems,
    loading,
    error,
    loadMore: cursor ? () => void load(cursor) : null,
    filtered: Object.values(filters).some((v) => v !== null && v !== ''),
  };
}
