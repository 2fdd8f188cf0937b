// useWindowFill(): an element's distance from the top of the page, kept current, as the CSS variable
// --fill-top, so its stylesheet can make it reach the bottom of the window (calc(100vh - var(--fill-top))).
import { type CSSProperties, type RefObject, useCallback, useEffect, useLayoutEffect, useState } from 'react';

/**
 * Measures how far `ref`'s element sits from the top of the page after every render (what is above it may have
 * grown) and on window resizes; returns the style that sets --fill-top to it (empty until measured).
 */
export function useWindowFill(ref: RefObject<HTMLElement | null>): CSSProperties {
  const [top, setTop] = useState<number>();
  const measure = useCallback(() => {
    const element = ref.current;
    if (element) setTop(Math.ceil(element.getBoundingClientRect().top + window.scrollY));
  }, [ref]);
  // No dependencies on purpose: any render of the page can move the element; setTop ignores an unchanged value.
  useLayoutEffect(() => measure());
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);
  return top === undefined ? {} : ({ '--fill-top': `${top}px` } as CSSProperties);
}
