// Test fixture: a real engine on a temp project with .workflows/*.toml, served by serveHttp on 127.0.0.1:0; the
// suite-local workflow files in `test/workflows/`, and a WebSocket transcript collector.
import { readFileSync } from 'node:fs';
import { createTempProject, fetchJson, type JsonReply, type JsonRequestInit, useSuiteResource } from '@skill/test-kit';
import { createEngine, type Engine, type EngineOptions } from '@skill/workflow-core';
import WebSocket from 'ws';
import { type HttpServerHandle, type ServeHttpOptions, serveHttp } from '../src/index.js';

/** A running server over a fresh project. */
export interface HttpFixture {
  url: string;
  dir: string;
  engine: Engine;
  server: HttpServerHandle;
  /** A JSON request relative to the server (see the kit's `fetchJson`). */
  api(urlPath: string, init?: Omit<JsonRequestInit, 'token'>): Promise<JsonReply>;
  close(): Promise<void>;
}

/** Starts a server; `workflows` maps file names (without .toml) to TOML text. */
export async function startHttpFixture(
  workflows: Record<string, string> = {},
  options: { engine?: Omit<EngineOptions, 'cwd'>; http?: Omit<ServeHttpOptions, 'engine'> } = {},
): Promise<HttpFixture> {
  const project = await createTempProject(workflows, 'skill-http-');
  const engine = createEngine({ cwd: project.dir, ...options.engine });
  const server = await serveHttp({ engine, port: 0, ...options.http });
  return {
    url: server.url,
    dir: project.dir,
    engine,
    server,
    api: (urlPath, init = {}) => fetchJson(`${server.url}${urlPath}`, { timeoutMs: 15_000, ...init }),
    async close() {
      await engine.shutdown({ graceMs: 0 });
      await server.close({ graceMs: 1_000 });
      await project.cleanup();
    },
  };
}

/**
 * A server for the calling suite: started in beforeAll, closed in afterAll. Returns a getter, since the server
 * exists only once the suite has started.
 *
 * @example
 * const fx = useHttpFixture(workflowFixtures('quick'));
 * it('runs it', async () => { expect((await fx().api('/api/workflows/quick/execute', { body: {} })).status).toBe(200); });
 */
export function useHttpFixture(...args: Parameters<typeof startHttpFixture>): () => HttpFixture {
  return useSuiteResource(
    'useHttpFixture',
    () => startHttpFixture(...args),
    (fixture) => fixture.close(),
  );
}

/** The TOML text of `test/workflows/<name>.toml`, a workflow only this package's suites use. */
export function httpWorkflow(name: string): string {
  return readFileSync(new URL(`./workflows/${name}.toml`, import.meta.url), 'utf8');
}

/** Several of this package's workflows as a map (name -> TOML text), for {@link startHttpFixture}. */
export function httpWorkflows(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, httpWorkflow(name)]));
}

/** What a WebSocket client saw until the server closed the socket. */
export interface SocketTranscript {
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  messages: any[];
  code: number;
  reason: string;
}

/**
 * Connects to `path` (e.g. `/ws/executions/<id>?since=2`), collects messages until the close frame.
 * `onMessage` may answer (e.g. send a cancel command). Rejects on an HTTP upgrade refusal or after `timeoutMs`.
 */
export function collectSocket(
  url: string,
  options: {
    headers?: Record<string, string>;
    timeoutMs?: number;
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    onMessage?: (message: any, ws: WebSocket) => void;
  } = {},
): Promise<SocketTranscript> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers: options.headers ?? {} });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    const messages: any[] = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`socket still open after ${options.timeoutMs ?? 15_000} ms: ${JSON.stringify(messages)}`));
    }, options.timeoutMs ?? 15_000);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      messages.push(message);
      options.onMessage?.(message, ws);
    });
    ws.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused: ${response.statusCode}`));
      ws.terminate();
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ messages, code, reason: reason.toString() });
    });
  });
}
