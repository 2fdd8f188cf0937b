// Options shared by createHttpApp, attachWebSocket and serveHttp.
import type { Engine } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** What `GET /metrics` answers with (e.g. `createMetrics()` of `@skill/workflow-telemetry`). */
export interface MetricsSource {
  /** The Content-Type of the text, e.g. `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** The metrics in the Prometheus text format. */
  render(): Promise<string>;
}

/** Options of the HTTP app and the WebSocket endpoint. */
export interface HttpAppOptions {
  engine: Engine;
  /** Required bearer token (HTTP `Authorization: Bearer`, WebSocket `?token=` or the header, mounts). When undefined, no auth. */
  token?: string;
  /** Allowed browser origins for the API, WebSocket, mounts and CORS (default: same host only). `*` allows any. */
  allowedOrigins?: string[];
  /** Folder of the built dashboard (static files) served at `/`; optional. */
  staticDir?: string;
  /** Extra fetch-style handlers mounted at a path prefix, e.g. `{ '/mcp': mcpHandler }`. Auth applies to them too. */
  mounts?: Record<string, (request: Request) => Promise<Response>>;
  /** Max request body size in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Served at `GET /metrics`, under the same access rules as the API (the bearer token when one is set). */
  metrics?: MetricsSource;
}

/** Throws `INVALID_VALUE` for an empty token or a body limit that is not a positive integer. */
export function checkHttpOptions(options: HttpAppOptions): void {
  if (options.token !== undefined && options.token.trim() === '') {
    throw new WorkflowError('INVALID_VALUE', 'the token must not be empty (leave it undefined for no auth)');
  }
  const limit = options.bodyLimitBytes;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit <= 0)) {
    throw new WorkflowError('INVALID_VALUE', `bodyLimitBytes must be a positive integer (got ${limit})`);
  }
}
