// A known path called with a method it does not answer gets 405 with an `Allow` header (OPTIONS: 204 with it), not
// the 404 of an unknown path. Read from the app's routes when a request finds no handler, so routes added late count.
import type { Context, Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';

/** One concrete path of the app (`/api/workflows/:name`) as a regular expression, with the methods it answers. */
interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

const known = new WeakMap<Hono, { routeCount: number; paths: PathMethods[] }>();

/** `/api/workflows/:name` -> `^/api/workflows/[^/]+$` (other characters matched as they are). */
function pathPattern(routePath: string): RegExp {
  const parts = routePath
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.+^$|()[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('/')}$`);
}

/** The concrete paths of `app` with their methods; wildcard, optional and regex-constrained routes and `all` left out. */
function pathsOf(app: Hono): PathMethods[] {
  const cached = known.get(app);
  if (cached?.routeCount === app.routes.length) return cached.paths;
  const byPath = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || /[*?{]/.test(route.path)) continue;
    byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
  }
  const paths = [...byPath].map(([routePath, methods]) => ({ pattern: pathPattern(routePath), methods }));
  known.set(app, { routeCount: app.routes.length, paths });
  return paths;
}

/**
 * The methods `app` answers on `requestPath` (HEAD with GET since Hono answers it, and OPTIONS), or undefined when
 * no route of `app` has this path.
 */
function allowedMethods(app: Hono, requestPath: string): string[] | undefined {
  const allowed = new Set<string>();
  for (const { pattern, methods } of pathsOf(app)) {
    if (pattern.test(requestPath)) for (const method of methods) allowed.add(method);
  }
  if (allowed.size === 0) return undefined;
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  return [...allowed].sort();
}

/**
 * For a request no route answered: when a route of `app` has its path, the answer with an `Allow` header (204 for
 * OPTIONS, else 405 `METHOD_NOT_ALLOWED` written by `answerError`); undefined for an unknown path (a 404).
 */
export function answerWrongMethod(
  app: Hono,
  c: Context,
  answerError: (error: unknown) => Response,
): Response | undefined {
  const allowed = allowedMethods(app, c.req.path);
  const method = c.req.method;
  if (allowed === undefined || (method !== 'OPTIONS' && allowed.includes(method))) return undefined;
  const allow = allowed.join(', ');
  c.header('Allow', allow);
  if (method === 'OPTIONS') return c.body(null, 204);
  const message = `${method} is not allowed on ${c.req.path} (allowed: ${allow})`;
  return answerError(httpError(HttpErrorCode.MethodNotAllowed, message, { allowed }));
}
