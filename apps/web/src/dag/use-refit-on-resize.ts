// useRefitOnResize(): fits the graph to its canvas again when the canvas changes width (the step panel opens or
// closes beside it, the window is resized), so that no step is left cut off at an edge.
import { type RefObject, useEffect, useRef } from 'react';

/** Calls `refit` after the width of `ref`'s element changes (not on the first measure, not for height changes). */
export function useRefitOnResize(ref: RefObject<HTMLElement | null>, refit: () => void): void {
  const latest = useRef(refit);
  latest.current = refit;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let width = element.getBoundingClientRect().width;
    const observer = new ResizeObserver(() => {
      const now = element.getBoundingClientRect().width;
      if (Math.abs(now - width) < 1) return;
      width = now;
      latest.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
}
