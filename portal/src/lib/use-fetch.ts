import { useCallback, useEffect, useState } from 'react';
import { get } from './api';

export interface Fetched<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
  setData: React.Dispatch<React.SetStateAction<T | undefined>>;
}

/** GETs path (null = not yet) and re-GETs whenever it changes; stale answers are dropped. */
export function useFetch<T>(path: string | null): Fetched<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    get<T>(path)
      .then((d) => {
        if (!current) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: Error) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}
