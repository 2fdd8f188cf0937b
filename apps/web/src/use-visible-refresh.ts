// useVisibleRefresh(): calls a refresh every so often while the tab is visible, and at once when it becomes
// visible again (a hidden tab makes no requests).
import { useEffect, useRef } from 'react';

/** Calls `refresh` every `everyMs` while the document is visible, and as soon as it becomes visible again. */
export function useVisibleRefresh(refresh: () => void, everyMs: number): void {
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      timer ??= setInterval(() => refreshRef.current(), everyMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') return stop();
      refreshRef.current();
      // Restarted, so the next refresh comes a full interval after this one.
      stop();
      start();
    };
    if (document.visibilityState !== 'hidden') start();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [everyMs]);
}
