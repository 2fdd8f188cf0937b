// createHttpApp(): the Hono app - access control, CORS, body limit, the REST routes, mounts and static files.
import { serveStatic } from '@hono/node-server/serve-static';
import { VERSION } from '@skill/workflow-core';
import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { checkAccess, isOriginAllowed } from './access-control.js';
import { apiCaller, approvalRoutes } from './approval-routes.js';
import { executionRoutes } from './execution-routes.js';
import { executionGraphRoutes } from './graph-routes.js';
import { HOOKS_PREFIX, hookRoutes } from './hook-routes.js';
import { HttpErrorCode, httpError, toErrorResponse } from './http-errors.js';
import { checkHttpOptions, DEFAULT_BODY_LIMIT_BYTES, type HttpAppOptions } from './http-options.js';
import { openApiDocument } from './openapi.js';
import { scheduleRoutes } from './schedule-routes.js';
import { skillRoutes } from './skill-routes.js';
import { workerRoutes } from './worker-routes.js';
import { workflowRoutes } from './workflow-routes.js';
import { answerWrongMethod } from './wrong-method.js';

const PUBLIC_PATHS = new Set(['/api/health']);
const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Last-Event-ID, Mcp-Session-Id, Mcp-Protocol-Version';
const CORS_EXPOSE_HEADERS = 'Location, Mcp-Session-Id';

function normalizePrefix(prefix: string): string {
  const withSlash = prefix.startsWith('/') ? prefix : `/${prefix}`;
  return withSlash.replace(/\/+$/, '') || '/';
}

/** The JSON error response; local paths in it are shown relative to the project (see `hideLocalPaths`). */
function errorJson(c: Context, error: unknown, projectDir: string): Response {
  const { status, body } = toErrorResponse(error, projectDir);
  return c.json(body, status);
}

/** Access control for the API and the mounts: Host, Origin, token; answers CORS preflights. */
function guard(options: HttpAppOptions) {
  const projectDir = options.engine.cwd;
  return async (c: Context, next: Next): Promise<Response | undefined> => {
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const crossOrigin = origin !== undefined && isOriginAllowed(origin, host, options.allowedOrigins);
    if (crossOrigin) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin', { append: true });
      c.header('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
    }
    if (c.req.method === 'OPTIONS' && origin !== undefined && c.req.header('access-control-request-method')) {
      if (!crossOrigin)
        return errorJson(c, httpError(HttpErrorCode.OriginForbidden, `origin "${origin}" is not allowed`), projectDir);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      c.header('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    const denied = checkAccess(
      { token: options.token, allowedOrigins: options.allowedOrigins },
      { host, origin, authorization: c.req.header('authorization') },
      // Webhooks check their callers themselves (the workflow's signature secret or token).
      { publicRoute: PUBLIC_PATHS.has(c.req.path) || c.req.path.startsWith(HOOKS_PREFIX) },
    );
    if (denied) {
      if (denied.code === HttpErrorCode.AuthRequired) c.header('WWW-Authenticate', 'Bearer');
      return errorJson(c, denied, projectDir);
    }
    await next();
    return undefined;
  };
}

/**
 * Creates the Hono app of the REST API (see {@link openApiDocument}), the mounts and the static dashboard.
 * The WebSocket endpoint needs the node server: see `attachWebSocket`.
 */
export function createHttpApp(options: HttpAppOptions): Hono {
  checkHttpOptions(options);
  const { engine } = options;
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = new Hono();
  const projectDir = engine.cwd;
  app.onError((error, c) => errorJson(c, error, projectDir));
  app.notFound((c) => {
    // A known path called with another method: 405 with Allow (OPTIONS: 204), not 404.
    const wrongMethod = answerWrongMethod(app, c, (error) => errorJson(c, error, projectDir));
    if (wrongMethod) return wrongMethod;
    return errorJson(
      c,
      httpError(HttpErrorCode.NotFound, `no route for ${c.req.method} ${c.req.path}`, { path: c.req.path }),
      projectDir,
    );
  });

  const protectedPrefixes = [
    '/api',
    ...(options.metrics ? ['/metrics'] : []),
    ...Object.keys(options.mounts ?? {}).map(normalizePrefix),
  ];
  const tooLarge = (c: Context) =>
    errorJson(c, httpError(HttpErrorCode.BodyTooLarge, `request body exceeds ${limit} bytes`, { limit }), projectDir);
  const checkStreamedSize = bodyLimit({ maxSize: limit, onError: tooLarge });
  const limitBody: MiddlewareHandler = async (c, next) => {
    // GET and HEAD carry no body (the Node adapter gives them none); asking would build a full Request per poll.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // A Content-Length is what Node's parser reads, not a byte more: the header alone decides, and the body is
    // later read straight from the socket instead of through a web stream. Chunked bodies are counted as they come.
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d{1,15}$/.test(length)) return Number(length) > limit ? tooLarge(c) : next();
    return checkStreamedSize(c, next);
  };
  // `/prefix/*` matches `/prefix` itself too.
  for (const prefix of protectedPrefixes) app.use(`${prefix}/*`, guard(options), limitBody);

  app.get('/api/health', (c) => c.json({ status: 'ok', version: VERSION }));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument));
  app.route('/api/workflows', workflowRoutes(engine));
  app.route('/api/executions', executionRoutes(engine));
  app.route('/api/executions', executionGraphRoutes(engine));
  app.route('/api/executions', approvalRoutes(engine, apiCaller(options.token)));
  const metrics = options.metrics;
  if (metrics)
    app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType }));
  app.route('/api/skills', skillRoutes(engine));
  app.route('/api/workers', workerRoutes(engine));
  app.route('/api/schedules', scheduleRoutes(engine));
  app.route('/api/hooks', hookRoutes(engine));

  for (const [prefix, handler] of Object.entries(options.mounts ?? {})) {
    const at = normalizePrefix(prefix);
    app.all(`${at}/*`, (c) => handler(c.req.raw));
  }

  if (options.staticDir !== undefined) {
    const root = options.staticDir;
    app.use('*', serveStatic({ root }));
    // Client-side routes of the dashboard fall back to its index.html.
    app.get('*', async (c, next) => {
      if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/ws/')) return next();
      return serveStatic({ root, path: 'index.html' })(c, next);
    });
  }
  return app;
}
