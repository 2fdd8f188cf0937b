// startServer(): the store, the engine (resuming unfinished executions), HTTP with MCP at /mcp, graceful close.
import {
  createEngine,
  type Engine,
  openStore,
  type Scheduler,
  STEP_NICE_VARIABLE,
  startScheduler,
} from '@skill/workflow-core';
import { isLoopbackHost, serveHttp } from '@skill/workflow-http';
import { createMcpHttpHandler } from '@skill/workflow-mcp';
import { type EngineTelemetry, ErrorCode, WorkflowError } from '@skill/workflow-model';
import { createMetrics, startTracing, type Tracing } from '@skill/workflow-telemetry';
import { assertStrongToken, type ServerConfig } from './server-config.js';

/** How long open HTTP connections may outlive the engine's shutdown before they are cut. */
const HTTP_DRAIN_MS = 5_000;
/** The watchdog's period: step processes and containers of engines that died on this host are cleared this often. */
const ORPHAN_SWEEP_MS = 30_000;
/** How long the start waits for the first sweep (a Docker engine that does not answer must not hold it up). */
const FIRST_SWEEP_MS = 10_000;

/** What a coordinating server says about leases, on stderr (operators see takeovers; tests wait for them). */
const coordinationLog = {
  onTakeover: (id: string) => process.stderr.write(`skill server: took over execution ${id}\n`),
  onLeaseLost: (id: string) =>
    process.stderr.write(`skill server: lost the lease of execution ${id}; stopped it here\n`),
};

/** A started server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  engine: Engine;
  /** Ids of the executions left unfinished by a previous process and resumed at start. */
  resumed: string[];
  /**
   * Graceful stop: stops accepting connections, lets running executions go on for `shutdownGraceMs`, leaves the
   * rest in the store to resume at the next start, then closes MCP sessions and the store. Idempotent.
   */
  close(): Promise<void>;
}

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/**
 * Starts the server described by `config` (see `configFromEnv`). Executions left `pending` or `running` in the
 * store by a stopped or crashed server are resumed before the port opens. Throws `WorkflowError` when a
 * non-loopback host has no token (`AUTH_REQUIRED`), or when the store or the port cannot be opened.
 *
 * @example
 * const server = await startServer(configFromEnv(process.env, { port: 0 }));
 * console.log(server.url);
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  assertStrongToken(config.token);
  if (!config.token && !isLoopbackHost(config.host)) {
    throw new WorkflowError(
      ErrorCode.AuthRequired,
      `refusing to listen on ${config.host} without a token: set SKILL_TOKEN_FILE, --token-file or SKILL_TOKEN (or use 127.0.0.1)`,
      { host: config.host },
    );
  }
  // The process runners read it when they spawn (the spawners when they start): steps yield the CPU to the server.
  process.env[STEP_NICE_VARIABLE] = String(config.stepNice);
  const store = await openStore(config.databaseUrl);
  const metrics = config.metrics ? createMetrics() : undefined;
  let tracing: Tracing | undefined;
  let engine: Engine | undefined;
  let mcp: ReturnType<typeof createMcpHttpHandler> | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  try {
    tracing = config.tracing ? await startTracing(config.tracing) : undefined;
    const telemetry: EngineTelemetry[] = [];
    if (tracing) telemetry.push(tracing.telemetry);
    if (metrics) telemetry.push(metrics.telemetry);
    engine = createEngine({
      cwd: config.cwd,
      workflowsDir: config.workflowsDir,
      store,
      allowUntrusted: config.allowUntrusted,
      untrustedSecrets: config.untrustedSecrets,
      untrustedMcpServers: config.untrustedMcpServers,
      apiTrust: config.apiTrust,
      ...(config.dataDir ? { dataDir: config.dataDir } : {}),
      allowedNetworks: config.allowedNetworks,
      httpAllowList: config.httpAllowList,
      stepEnvironment: 'clean',
      telemetry,
      warmPool: config.warmPool,
      ...(config.maxRunningExecutions ? { maxRunningExecutions: config.maxRunningExecutions } : {}),
      ...(config.coordination ? { coordination: { ...coordinationLog, ...config.coordination } } : {}),
      ...(config.stepDispatcher ? { stepDispatcher: config.stepDispatcher } : {}),
    });
    // What the previous server (or a killed CLI) left running goes first, so resumed steps do not run twice.
    const sweeping = engine;
    await within(sweeping.reapOrphans(), FIRST_SWEEP_MS);
    watchdog = setInterval(() => void sweeping.reapOrphans(), ORPHAN_SWEEP_MS);
    watchdog.unref();
    const resumed = await engine.resumeUnfinished();
    for (const execution of resumed) execution.done.catch(() => {});
    const handler = createMcpHttpHandler({
      engine,
      cwd: config.cwd,
      ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    });
    mcp = handler;
    const http = await serveHttp({
      engine,
      port: config.port,
      host: config.host,
      mounts: { '/mcp': (request: Request) => handler.handle(request) },
      ...(config.token ? { token: config.token } : {}),
      ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
      ...(config.staticDir ? { staticDir: config.staticDir } : {}),
      ...(metrics ? { metrics } : {}),
    });
    // Schedules fire once the API answers; the store's claims keep servers sharing it from firing a tick twice.
    const scheduler: Scheduler | undefined = config.schedules === false ? undefined : await startScheduler(engine);
    const running = engine;
    const exporting = tracing;
    let closing: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      engine: running,
      resumed: resumed.map((r) => r.executionId),
      close() {
        closing ??= (async () => {
          clearInterval(watchdog);
          await scheduler?.stop(); // no tick starts an execution while the engine shuts down
          // In-flight requests (a sync execute) may wait for the engine's grace period, and a little more.
          const httpClosed = http.close({ graceMs: config.shutdownGraceMs + HTTP_DRAIN_MS });
          await running.shutdown({ graceMs: config.shutdownGraceMs });
          await handler.close();
          await exporting?.shutdown(); // the spans of the executions that ended
          await within(httpClosed, HTTP_DRAIN_MS);
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    clearInterval(watchdog);
    await engine?.shutdown({ graceMs: 0 }).catch(() => {});
    await mcp?.close().catch(() => {});
    await tracing?.shutdown();
    await store.close().catch(() => {});
    throw error;
  }
}
