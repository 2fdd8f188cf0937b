// A known path called with a method it does not answer gets 405 with an `Allow` header (OPTIONS: 204 with it), not
// the 404 of an unknown path.
import type { Context, Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';

/** The methods each concrete path of `app` answers (`/api/workflows/:name` -> GET, PUT), wildcards and `all` left out. */
function methodsByPath(app: Hono): Map<string, Set<string>> {
  const methods = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const known = methods.get(route.path) ?? new Set<string>();
    known.add(route.method);
    methods.set(route.path, known);
  }
  return methods;
}

/** The `Allow` header value: the path's methods, HEAD with GET (Hono answers it), and OPTIONS. */
function allowHeader(methods: ReadonlySet<string>): string {
  const allowed = new Set(methods);
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  return [...allowed].sort().join(', ');
}

/**
 * Adds, for every path `app` has routes for so far, a catch-all that answers the other methods: 405
 * `METHOD_NOT_ALLOWED` with `Allow`, or 204 with `Allow` for OPTIONS (CORS preflights are answered before, by the
 * access guard). Call it after the routes; `answerError` writes the JSON error body.
 */
export function answerWrongMethods(app: Hono, answerError: (c: Context, error: unknown) => Response): void {
  for (const [path, methods] of methodsByPath(app)) {
    const allow = allowHeader(methods);
    app.all(path, (c) => {
      c.header('Allow', allow);
      if (c.req.method === 'OPTIONS') return c.body(null, 204);
      return answerError(
        c,
        httpError(
          HttpErrorCode.MethodNotAllowed,
          `${c.req.method} is not allowed on ${c.req.path} (allowed: ${allow})`,
          {
            allowed: allow.split(', '),
          },
        ),
      );
    });
  }
}
