// attachWebSocket(): WS /ws/executions/:id on a node server - replay from ?since=, live events, cancel command.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Engine, hideLocalPaths } from '@skill/workflow-core';
import {
  type ExecutionStreamMessage,
  isTerminalEvent,
  isWorkflowError,
  type WorkflowEvent,
} from '@skill/workflow-model';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { checkAccess } from './access-control.js';
import { statusForCode } from './http-errors.js';
import { checkHttpOptions, type HttpAppOptions } from './http-options.js';
import { streamMessages } from './stream-messages.js';

/** Close codes of the execution socket besides 1000 (finished) and 1001 (server going away). */
export const SocketCloseCode = {
  /** The execution finished and its terminal event was sent, or it was interrupted (its process is gone). */
  Finished: 1000,
  GoingAway: 1001,
  /** The client fell too far behind. */
  TooSlow: 1013,
  BadRequest: 4400,
  NotFound: 4404,
  Internal: 4500,
} as const;

const PATH = /^\/ws\/executions\/([^/]+)\/?$/;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: {} } });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}Connection: close\r\n\r\n${body}`,
  );
}

/** The message of an error for the client: local paths relative to the project (see `hideLocalPaths`). */
function clientMessage(error: unknown, engine: Engine): string {
  return hideLocalPaths(error instanceof Error ? error.message : String(error), engine.cwd);
}

/** Close reasons are limited to 123 bytes. */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}...`;
}

/**
 * Sends text messages on `ws` (upgraded from `socket`) with those of one run of promise jobs in one write: the
 * first corks the connection and it is uncorked once that run is over (`process.nextTick` comes after it), so a
 * replayed or announced batch of events costs one system call, not one per event.
 */
function batchedSender(ws: WebSocket, socket: Duplex): (text: string) => void {
  let corked = false;
  return (text) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    ws.send(text);
  };
}

/**
 * Streams one execution's events, each with the record change it made, to one client through `engine.follow` and
 * closes with 1000 at its end (terminal event sent, or interrupted: its process is gone). Sending happens here, not
 * in the engine's announcement, so one slow or broken client never holds up the others.
 */
async function streamExecution(
  ws: WebSocket,
  socket: Duplex,
  engine: Engine,
  executionId: string,
  since: number,
): Promise<void> {
  const stop = new AbortController();
  ws.on('close', () => stop.abort());
  if (ws.readyState !== WebSocket.OPEN) stop.abort();
  const send = batchedSender(ws, socket);
  let ended = false;
  try {
    // Read before following, so that every event after the record's last_seq reaches the fold; unknown ids fail in follow.
    const opened = await engine.getExecution(executionId);
    const toMessage = opened ? streamMessages(opened) : (event: WorkflowEvent): ExecutionStreamMessage => event;
    for await (const event of engine.follow(executionId, { since, signal: stop.signal })) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(SocketCloseCode.TooSlow, 'client too slow; reconnect with ?since=');
        return;
      }
      send(JSON.stringify(toMessage(event)));
      ended = isTerminalEvent(event);
    }
  } catch (error) {
    const notFound = isWorkflowError(error) && statusForCode(error.code) === 404;
    ws.close(notFound ? SocketCloseCode.NotFound : SocketCloseCode.Internal, closeReason(clientMessage(error, engine)));
    return;
  }
  if (ws.readyState !== WebSocket.OPEN) return;
  // Following stops without a terminal event when the process running the execution is gone.
  const interrupted = !ended && (await engine.getExecution(executionId))?.status === 'interrupted';
  ws.close(SocketCloseCode.Finished, interrupted ? 'execution interrupted: its process is gone' : 'execution finished');
}

function handleCommand(ws: WebSocket, engine: Engine, executionId: string, data: RawData): void {
  let command: unknown;
  try {
    command = (JSON.parse(data.toString()) as { command?: unknown }).command;
  } catch {
    command = undefined;
  }
  if (command === 'cancel') {
    const reply = (result: Record<string, unknown>): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'command_result', command, ...result }));
    };
    engine.cancel(executionId, { reason: 'cancelled through the WebSocket' }).then(
      ({ outcome }) => reply({ ok: outcome !== 'not_running', outcome }),
      (error: unknown) => {
        const code = isWorkflowError(error) ? error.code : 'INTERNAL';
        const message = clientMessage(error, engine);
        reply({ ok: false, error: { code, message, details: {} } });
      },
    );
    return;
  }
  ws.send(
    JSON.stringify({
      type: 'command_result',
      command: typeof command === 'string' ? command : null,
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'send {"command": "cancel"}', details: {} },
    }),
  );
}

type UpgradeTarget =
  | { executionId: string; since: number }
  | { refusal: { status: number; code: string; message: string } };

/** What an upgrade request asks for: undefined for other paths, a refusal, or the execution and `since`. */
function parseUpgrade(request: IncomingMessage, options: HttpAppOptions): UpgradeTarget | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = url.pathname.match(PATH);
  if (!match?.[1]) return undefined;
  const denied = checkAccess(
    { token: options.token, allowedOrigins: options.allowedOrigins },
    {
      host: request.headers.host,
      origin: request.headers.origin,
      authorization: request.headers.authorization,
      queryToken: url.searchParams.get('token') ?? undefined,
    },
  );
  if (denied) return { refusal: { status: statusForCode(denied.code), code: denied.code, message: denied.message } };
  const since = url.searchParams.get('since') ?? '0';
  if (!/^\d{1,15}$/.test(since)) {
    return { refusal: { status: 400, code: 'INVALID_REQUEST', message: '"since" must be a non-negative integer' } };
  }
  try {
    return { executionId: decodeURIComponent(match[1]), since: Number(since) };
  } catch {
    return { refusal: { status: 400, code: 'INVALID_REQUEST', message: 'malformed execution id' } };
  }
}

/**
 * Serves `WS /ws/executions/:id[?since=N][&token=T]` on the node server's `upgrade` event: every event
 * object with `seq > since`, in order, no gaps or duplicates, each with the record `change` it made
 * (`ExecutionStreamMessage`); `{"command":"cancel"}` cancels; closes with 1000 after
 * `workflow_completed`/`workflow_cancelled` (or once the execution is interrupted), 4404 for an unknown id. Upgrades with a wrong
 * token are refused with 401, foreign origins with 403. Other paths are left to other `upgrade` listeners.
 */
export function attachWebSocket(server: Server, options: HttpAppOptions): { close(): Promise<void> } {
  checkHttpOptions(options);
  const { engine } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const target = parseUpgrade(request, options);
    if (target === undefined) {
      // Not ours: another `upgrade` listener may serve it.
      if (server.listeners('upgrade').length <= 1) rejectUpgrade(socket, 404, 'NOT_FOUND', 'no WebSocket here');
      return;
    }
    if ('refusal' in target) {
      const { status, code, message } = target.refusal;
      rejectUpgrade(socket, status, code, message);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('message', (data) => handleCommand(ws, engine, target.executionId, data));
      ws.on('error', () => ws.terminate());
      void streamExecution(ws, socket, engine, target.executionId, target.since).catch((error: unknown) => {
        ws.close(SocketCloseCode.Internal, closeReason(clientMessage(error, engine)));
      });
    });
  };
  server.on('upgrade', onUpgrade);

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, PING_INTERVAL_MS).unref();

  return {
    async close() {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(SocketCloseCode.GoingAway, 'server shutting down');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 2_000).unref();
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
