// A minimal history router: real URLs (the server falls back to index.html), route matching and links.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/** The pages of the dashboard, parsed from the URL path. */
export type Route =
  | { page: 'workflows' }
  | { page: 'workflow'; name: string }
  | { page: 'executions' }
  | { page: 'execution'; id: string; step?: string; item?: number }
  | { page: 'skills' }
  | { page: 'schedules' }
  | { page: 'workers' }
  | { page: 'skill'; name: string; tool?: string }
  | { page: 'not-found'; path: string };

/** Parses a URL path into a {@link Route}. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id, sub, step, itemsSegment, index] = parts;
  if (parts.length === 0 || (head === 'workflows' && parts.length === 1)) return { page: 'workflows' };
  if (head === 'workflows' && id !== undefined && parts.length === 2) return { page: 'workflow', name: id };
  if (head === 'executions' && parts.length === 1) return { page: 'executions' };
  if (head === 'skills' && parts.length === 1) return { page: 'skills' };
  if (head === 'schedules' && parts.length === 1) return { page: 'schedules' };
  if (head === 'workers' && parts.length === 1) return { page: 'workers' };
  if (head === 'skills' && id !== undefined && parts.length === 2) return { page: 'skill', name: id };
  if (head === 'skills' && id !== undefined && sub !== undefined && parts.length === 3) {
    return { page: 'skill', name: id, tool: sub };
  }
  if (head === 'executions' && id !== undefined && parts.length === 2) return { page: 'execution', id };
  if (head === 'executions' && id !== undefined && sub === 'steps' && step !== undefined && parts.length === 4) {
    return { page: 'execution', id, step };
  }
  if (
    head === 'executions' &&
    id !== undefined &&
    sub === 'steps' &&
    step !== undefined &&
    itemsSegment === 'items' &&
    index !== undefined &&
    /^\d+$/.test(index) &&
    parts.length === 6
  ) {
    return { page: 'execution', id, step, item: Number(index) };
  }
  return { page: 'not-found', path: pathname };
}

/** Builds a path from segments, encoding each. */
export function pathOf(...segments: string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

const listeners = new Set<() => void>();

/** Goes to `to` (pushState, or replaceState with `replace`). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === `${location.pathname}${location.search}`) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

/** The current location (path and search), re-rendering on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { pathname: location.pathname, search: location.search };
}

/** An `<a>` that navigates without reloading (modified clicks keep the browser's behaviour). */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest} />;
}
