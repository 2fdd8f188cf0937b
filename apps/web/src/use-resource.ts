// useResource(): loads data from the API, with loading/error state, reload and optional polling.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.js';

/** The state of a loaded resource. */
export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Calls `load` when `key` changes (and every `pollMs` when given); keeps the last data while reloading. */
export function useResource<T>(key: string, load: () => Promise<T>, pollMs?: number): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError; loading: boolean }>({
    key,
    loading: true,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-runs the load on purpose
  useEffect(() => {
    let live = true;
    const run = () =>
      loadRef.current().then(
        (data) => live && setState({ key, data, loading: false }),
        (error: unknown) =>
          live &&
          setState((old) => ({
            key,
            ...(old.key === key && old.data !== undefined ? { data: old.data } : {}),
            error: error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error)),
            loading: false,
          })),
      );
    setState((old) => (old.key === key ? { ...old, loading: true } : { key, loading: true }));
    void run();
    const timer = pollMs === undefined ? undefined : setInterval(() => void run(), pollMs);
    return () => {
      live = false;
      if (timer !== undefined) clearInterval(timer);
    };
  }, [key, tick, pollMs]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || state.loading,
    reload,
  };
}
