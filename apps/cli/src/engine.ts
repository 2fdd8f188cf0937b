// The one place the CLI builds its engine: workflows resolve against cwd, executions go to the project's store.
import { existsSync } from 'node:fs';
import {
  createEngine,
  defaultStorePath,
  type Engine,
  InMemoryExecutionStore,
  openStore,
  resolveStoreUrl,
  WARM_POOL_DEFAULTS,
  warmPoolFromEnv,
} from '@skill/workflow-core';
import type { EngineTelemetry, ExecutionStore, StepEnvironment } from '@skill/workflow-model';

/** Where a command keeps executions. */
export interface CliEngineOptions {
  /** `--database-url`: a `postgres://` URL, a `sqlite:` URL or a SQLite file path (relative to cwd). */
  database?: string;
  /**
   * Environment read for `SKILL_DATABASE_URL` (used when `database` is not given) and the warm pool settings
   * (`SKILL_WARM_POOL` size, off by default for one-shot commands; `SKILL_WARM_POOL_IDLE`, `SKILL_WARM_POOL_MEMORY`).
   */
  env?: Record<string, string | undefined>;
  /**
   * `read`: the project's default SQLite file is not created when it is missing (reading commands).
   * `write` (default): the store is opened, and created if needed.
   */
  store?: 'read' | 'write';
  /** Let untrusted workflows run `command` steps and `unsafe_native` code (`skill mcp --allow-untrusted`). */
  allowUntrusted?: boolean;
  /** What host steps inherit: `inherit` (default: `skill workflow run` in the user's own shell) or `clean` (`skill mcp`). */
  stepEnvironment?: StepEnvironment;
  /**
   * Export traces of the executions this command runs when `env` sets OTEL_EXPORTER_OTLP_ENDPOINT (or
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); `close` then sends the last spans. Commands that only read leave it off.
   */
  tracing?: boolean;
  /** `--queue`: steps run on `skill worker`s through this Redis or PostgreSQL queue (its client is loaded only then). */
  queue?: string;
}

/** An engine and the function that releases its store; call `close` when the command ends. */
export interface CliEngine {
  engine: Engine;
  close(): Promise<void>;
}

/** How long the CLI's last export may take at exit (retries included) when the collector is slow or down. */
const CLI_EXPORT_TIMEOUT_MS = 2_000;

/**
 * The tracing of a command, when `env` names an OTLP endpoint: the telemetry package (and the OpenTelemetry SDK)
 * is loaded only then, so commands without it load none of it.
 */
async function startCliTracing(env: Record<string, string | undefined> = {}) {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) return undefined;
  const { startTracing, tracingSettings } = await import('@skill/workflow-telemetry');
  const settings = tracingSettings(env);
  return settings ? startTracing({ ...settings, exportTimeoutMs: CLI_EXPORT_TIMEOUT_MS }) : undefined;
}

/** The store of a command: `--database-url`, else SKILL_DATABASE_URL, else the project's SQLite file. */
async function openCliStore(cwd: string, options: CliEngineOptions): Promise<ExecutionStore> {
  const mode = options.store ?? 'write';
  const configured = options.database ?? options.env?.SKILL_DATABASE_URL;
  if (configured) return openStore(resolveStoreUrl(cwd, configured));
  const file = defaultStorePath(cwd);
  // Reading a project that never ran anything: no executions, and no database file left behind.
  if (mode === 'read' && !existsSync(file)) return new InMemoryExecutionStore();
  return openStore(file);
}

/**
 * Runs `use` with an engine for commands that only read workflow files (validate, list, graph, skills): nothing is
 * recorded; the MCP servers it started to list their tools are closed afterwards, whatever happens.
 */
export async function withWorkflowEngine<T>(cwd: string, use: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = createEngine({ cwd });
  try {
    return await use(engine);
  } finally {
    await engine.closeConnections();
  }
}

/**
 * The engine `skill` commands use: workflows and `.workflows/` resolve against `cwd`; executions are recorded in
 * `--database-url`, else `SKILL_DATABASE_URL`, else the embedded SQLite file `<cwd>/.skill/executions.db`.
 */
export async function createCliEngine(cwd: string, options: CliEngineOptions = {}): Promise<CliEngine> {
  // A one-shot command rarely runs the same image twice: the pool is off unless SKILL_WARM_POOL sizes it.
  const warmPool = warmPoolFromEnv(options.env ?? {}, { ...WARM_POOL_DEFAULTS, size: 0 });
  const store = await openCliStore(cwd, options);
  const tracing = options.tracing ? await startCliTracing(options.env) : undefined;
  const telemetry: EngineTelemetry[] = tracing ? [tracing.telemetry] : [];
  const dispatcher = options.queue
    ? await (await import('@skill/workflow-queue')).createQueueDispatcher(options.queue)
    : undefined;
  const engine = createEngine({
    cwd,
    store,
    ...(dispatcher ? { stepDispatcher: dispatcher } : {}),
    ...(options.allowUntrusted ? { allowUntrusted: true } : {}),
    ...(options.stepEnvironment ? { stepEnvironment: options.stepEnvironment } : {}),
    ...(telemetry.length > 0 ? { telemetry } : {}),
    ...(warmPool.size > 0 ? { warmPool } : {}),
  });
  let closing: Promise<void> | undefined;
  return {
    engine,
    close() {
      // With a warm pool, its containers go with the engine (the command's executions are over by now); the
      // spans go before the process ends: a CLI run is over before the exporter's next batch.
      closing ??= (async () => {
        if (warmPool.size > 0) await engine.shutdown({ graceMs: 0 });
        else await engine.closeConnections();
        await tracing?.shutdown();
        await store.close?.();
        await dispatcher?.close();
      })();
      return closing;
    },
  };
}

/** Runs `use` with a fresh engine and closes its store afterwards, whatever happens. */
export async function withCliEngine<T>(
  cwd: string,
  options: CliEngineOptions,
  use: (engine: Engine) => Promise<T>,
): Promise<T> {
  const cli = await createCliEngine(cwd, options);
  try {
    return await use(cli.engine);
  } finally {
    await cli.close();
  }
}
