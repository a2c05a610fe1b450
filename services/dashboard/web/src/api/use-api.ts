import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from './client';

export interface ApiState<T> {
  data: T | undefined;
  error: string | undefined;
  /** The HTTP status of a failed request (404: not there, or not yours). */
  errorStatus: number | undefined;
  loading: boolean;
  /** Fetch again (keeps showing the current data meanwhile). */
  reload: () => void;
  /** Replace the data locally (after an action answered with the new state, or a live event). */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * GET `path` whenever it changes (null: nothing to fetch yet). A request that a newer one replaced is aborted, so a
 * slow answer for old filters never overwrites the new ones.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [errorStatus, setErrorStatus] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const lastPath = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    if (lastPath.current !== path) setDataState(undefined);
    lastPath.current = path;
    setLoading(true);
    setError(undefined);
    setErrorStatus(undefined);
    api
      .get<T>(path, { signal: controller.signal })
      .then((result) => {
        if (controller.signal.aborted) return;
        setDataState(result);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorMessage(err));
        setErrorStatus(err instanceof ApiError ? err.status : undefined);
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) => setDataState(update),
    [],
  );
  return { data, error, errorStatus, loading, reload, setData };
}
