// Test fixture: a real engine on a temp project with .workflows/*.toml, served by serveHttp on 127.0.0.1:0.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '@skill/workflow-core';
import WebSocket from 'ws';
import { type HttpServerHandle, type ServeHttpOptions, serveHttp } from '../src/index.js';

/** A running server over a fresh project. */
export interface HttpFixture {
  url: string;
  dir: string;
  engine: Engine;
  server: HttpServerHandle;
  /** fetch() relative to the server, JSON in and out. */
  api(urlPath: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiReply>;
  close(): Promise<void>;
}

/** Status, headers and the parsed JSON body of a response. */
export interface ApiReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
}

/** Starts a server; `workflows` maps file names (without .toml) to TOML text. */
export async function startHttpFixture(
  workflows: Record<string, string> = {},
  options: { engine?: Omit<EngineOptions, 'cwd'>; http?: Omit<ServeHttpOptions, 'engine'> } = {},
): Promise<HttpFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skill-http-'));
  await mkdir(path.join(dir, '.workflows'));
  for (const [name, toml] of Object.entries(workflows)) {
    await writeFile(path.join(dir, '.workflows', `${name}.toml`), toml);
  }
  const engine = createEngine({ cwd: dir, ...options.engine });
  const server = await serveHttp({ engine, port: 0, ...options.http });
  const api: HttpFixture['api'] = async (urlPath, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${server.url}${urlPath}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url: server.url,
    dir,
    engine,
    server,
    api,
    async close() {
      await engine.shutdown({ graceMs: 0 });
      await server.close({ graceMs: 1_000 });
      await rm(dir, { recursive: true, force: true });
    },
  };
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

/** Polls `check` every 25 ms until it returns a value other than undefined, up to `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
