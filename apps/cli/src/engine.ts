// The one place the CLI builds its engine: workflows resolve against cwd, executions go to the project's store.
import { existsSync } from 'node:fs';
import {
  createEngine,
  defaultStorePath,
  type Engine,
  InMemoryExecutionStore,
  openStore,
  resolveStoreUrl,
} from '@skill/workflow-core';
import type { ExecutionStore, StepEnvironment } from '@skill/workflow-model';

/** Where a command keeps executions. */
export interface CliEngineOptions {
  /** `--database-url`: a `postgres://` URL, a `sqlite:` URL or a SQLite file path (relative to cwd). */
  database?: string;
  /** Environment read for `SKILL_DATABASE_URL` (used when `database` is not given). */
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
}

/** An engine and the function that releases its store; call `close` when the command ends. */
export interface CliEngine {
  engine: Engine;
  close(): Promise<void>;
}

/** True for `scheme:...` (but not a Windows drive like `C:\`). */
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
  const store = await openCliStore(cwd, options);
  const engine = createEngine({
    cwd,
    store,
    ...(options.allowUntrusted ? { allowUntrusted: true } : {}),
    ...(options.stepEnvironment ? { stepEnvironment: options.stepEnvironment } : {}),
  });
  let closing: Promise<void> | undefined;
  return {
    engine,
    close() {
      closing ??= engine.closeConnections().then(() => store.close?.());
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
