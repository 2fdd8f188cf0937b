// Public types of the engine facade: options, run options, loaded workflows and validation reports.

import type { ProcessRunner, WarmPoolOptions, WarmPoolStats } from '@skill/sandbox';
import type {
  Diagnostic,
  EngineTelemetry,
  ExecutionFilter,
  ExecutionPage,
  ExecutionRecord,
  ExecutionStore,
  ExecutionTrigger,
  Skill,
  StepDispatcher,
  StepEnvironment,
  StepExecutor,
  TrustLevel,
  WorkerInfo,
  WorkflowDefinition,
  WorkflowEvent,
} from '@skill/workflow-model';
import type { DecisionRequest, RecordedDecision } from './approvals/approval-decision.js';
import type { CoordinationOptions } from './coordination/coordination-options.js';
import type { OrphanReport } from './orphan-reaper.js';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Where executions are recorded; an in-memory store by default. */
  store?: ExecutionStore;
  /** Extra executors (custom step types, or replacements of built-in ones). */
  executors?: StepExecutor[];
  /**
   * Starts the host processes of command steps, `unsafe_native` code and native skills. Default: a new runner of
   * `createProcessRunner()`'s choice (SKILL_SPAWNER: the C spawner where built, `node`, or `0` for in-process).
   */
  processRunner?: ProcessRunner;
  /** Project folder: bare workflow names resolve to `<cwd>/.workflows/<name>.toml`. Default `process.cwd()`. */
  cwd?: string;
  /** Folder of named workflows. Default `<cwd>/.workflows`. */
  workflowsDir?: string;
  /** Cap per captured stream in bytes, overriding `config.output_limit`. */
  outputLimitBytes?: number;
  /**
   * Total of the step outputs (and metadata) one execution keeps in memory and in the store; a step
   * whose result would go over fails with `OUTPUT_TOO_LARGE`. Default 64 MiB.
   */
  executionOutputBudgetBytes?: number;
  /** Skills for `step_type = "skill"` steps, besides the built-in ones and those in `<cwd>/skills/`. */
  skills?: Skill[];
  /** Let untrusted workflows (created through the API or MCP) run `command` steps and `unsafe_native` code. */
  allowUntrusted?: boolean;
  /** Folder of workflows created through the API/MCP (untrusted). Default `<cwd>/.skill/workflows`. */
  untrustedWorkflowsDir?: string;
  /**
   * The secrets file (`NAME=value` lines), relative to `cwd`; default `.skill/secrets.env`. Refused
   * when group or others may read it. `SKILL_SECRET_<NAME>` environment variables add to it and win.
   */
  secretsFile?: string;
  /** Names of the secrets that untrusted workflows may read (none by default). */
  untrustedSecrets?: string[];
  /** Names of the MCP servers (skills.toml) that workflows below trusted may call (none by default). */
  untrustedMcpServers?: string[];
  /**
   * The level of workflows created through the API or MCP: `user-provided` (the default) or
   * `community`. See TRUST_RULES.
   */
  apiTrust?: 'community' | 'user-provided';
  /** The only host folder community and user-provided containers may bind-mount from (below it). */
  dataDir?: string;
  /** Docker networks user-provided containers may join by name (besides `none`). */
  allowedNetworks?: string[];
  /** Hosts, addresses or CIDR ranges untrusted `http` steps may reach although they are private or loopback. */
  httpAllowList?: string[];
  /**
   * What `command` steps and `unsafe_native` code inherit from this process's environment: `inherit` (the
   * default, for the local CLI: all but `SKILL_SECRET_*`) or `clean` (servers: PATH, HOME, LANG, LC_*, TZ,
   * TMPDIR, USER, SHELL, TERM and proxies only, so SKILL_TOKEN or a database URL never reach a step).
   */
  stepEnvironment?: StepEnvironment;
  /**
   * Tracing and metrics hooks (see `@skill/workflow-telemetry`): told of every execution and step attempt this
   * engine runs, with secrets masked. A hook that throws is ignored.
   */
  telemetry?: readonly EngineTelemetry[];
  /**
   * Pre-started sandbox containers (idle or starting), as metrics report it. Default: the engine's own warm pool
   * (see `warmPool`), 0 without one.
   */
  sandboxPoolSize?: () => number;
  /**
   * Warm sandboxes for `inline_code` steps, the built-in code skills and `docker_container` steps with a command
   * and no volumes: pre-started containers per (image, limits, network, user, mounts ...), each used for one
   * step and removed, refilled in the background,
   * all removed at {@link Engine.shutdown}. Off when absent or `size` is 0, and with a remote Docker engine.
   * The server and the CLI read SKILL_WARM_POOL, SKILL_WARM_POOL_IDLE and SKILL_WARM_POOL_MEMORY (see `warmPoolFromEnv`).
   */
  warmPool?: Partial<WarmPoolOptions>;
  /**
   * How many executions this engine runs at once (default: no limit); more wait their turn as `pending`, in the
   * order they were started. Whatever the limit, a burst of executions starts a few per event-loop turn.
   */
  maxRunningExecutions?: number;
  /**
   * Share the store's executions with other engines (coordinators): each execution runs under a lease renewed on
   * a heartbeat, writes carry the lease, and `resumeUnfinished` keeps taking over the executions of coordinators
   * that stopped renewing (see docs/coordinators.md). Needs a store with leases; ignored otherwise.
   */
  coordination?: CoordinationOptions;
  /**
   * Where leaf step attempts run: absent (the default), in this process; a queue dispatcher
   * (`@skill/workflow-queue`) sends them to `skill worker` processes. See docs/distributed.md.
   */
  stepDispatcher?: StepDispatcher;
}

/** Options of {@link Engine.retry}. */
export interface RetryOptions {
  /** The step to rerun; default: the first step that failed. Outputs of everything upstream are reused. */
  from?: string;
  /** Rerun the steps downstream of `from` too (default true). */
  downstream?: boolean;
}

/** Options of one run. */
export interface RunOptions {
  /** Aborting it cancels the execution (steps killed, status `cancelled`). */
  signal?: AbortSignal;
  /** Called with every event of this execution, in `seq` order, after it is recorded. */
  onEvent?: (event: WorkflowEvent) => void;
  /** Use this id instead of a new UUID. */
  executionId?: string;
  /** Workflows from the local CLI or the server's own folder are trusted (default true). */
  trusted?: boolean;
  /**
   * Records the execution (pending) and calls this with its id instead of running it here: another process runs
   * it with {@link Engine.resume} (e.g. a detached `skill executions resume <id>`, so it outlives this process).
   * `done` then resolves at once with the pending record.
   */
  handOff?: (executionId: string) => void;
  /** What started it, when a trigger did (the scheduler's ticks); recorded with the execution. */
  trigger?: ExecutionTrigger;
}

/** A workflow reference: a file path, a bare name in the workflows folder, TOML text, or a definition. */
export type WorkflowSource = string | WorkflowDefinition;

/** A workflow read from disk or text, validated. */
export interface LoadedWorkflow {
  definition: WorkflowDefinition;
  /** Absolute path of the file, when it came from one. */
  file?: string;
  /** False for workflows created through the API or MCP. */
  trusted: boolean;
  /** The level it runs at: its place's level, lowered by its `trust` key. */
  trust: TrustLevel;
}

/** Result of validating a workflow without running it. */
export interface ValidationReport {
  ok: boolean;
  /** False for workflows created through the API or MCP. */
  trusted?: boolean;
  /** The level it would run at (files only; text and definitions run as trusted unless their `trust` key lowers it). */
  trust?: TrustLevel;
  diagnostics: Diagnostic[];
  definition?: WorkflowDefinition;
  file?: string;
}

/** One entry of {@link Engine.listWorkflows}. */
export interface WorkflowSummary {
  name: string;
  description?: string;
  file: string;
  step_count: number;
  valid: boolean;
  /** False for workflows created through the API or MCP. */
  trusted: boolean;
  /** The level it runs at: trusted, community or user-provided. */
  trust: TrustLevel;
  diagnostics: Diagnostic[];
}

/** One entry of {@link Engine.listSkills}: a skill and the argument schema of each of its tools. */
export interface SkillSummary {
  name: string;
  /** `builtin`, `module` (skills/ folder or createEngine), `mcp` (a server of skills.toml) or `manifest` (.skill-engine.toml). */
  origin: 'builtin' | 'module' | 'mcp' | 'manifest';
  description?: string;
  /** Why its tools are unknown (an MCP server whose tool list could not be fetched). */
  unavailable?: string;
  tools: { name: string; description: string; input_schema: Record<string, unknown> }[];
}

/** What refreshing one MCP server's tool list gave ({@link Engine.refreshSkills}). */
export interface SkillRefreshResult {
  server: string;
  /** The number of tools listed, when it worked. */
  tools?: number;
  /** Why the list could not be fetched. */
  error?: string;
}

/** A started execution: its id at once, its final record later. */
export interface StartedExecution {
  executionId: string;
  /** Resolves with the final record; never rejects for step failures. */
  done: Promise<ExecutionRecord>;
}

/**
 * What a cancel did: `cancelling` (this engine runs it and is stopping it), `requested` (recorded in the store for
 * the process that runs it, which polls every half second), `cancelled` (no process ran it any more: marked
 * cancelled in the store at once), `not_running` (it had ended).
 */
export type CancelOutcome = 'cancelling' | 'requested' | 'cancelled' | 'not_running';

/** Options of {@link Engine.cancel}. */
export interface CancelOptions {
  /** Recorded as the execution's error message; default `execution cancelled`. */
  reason?: string;
  /** Resolve only once the execution has ended, or `timeoutMs` passed (see {@link CancelResult.ended}). */
  wait?: boolean;
  /** How long `wait` waits at most, in milliseconds; default 15,000. */
  timeoutMs?: number;
}

/** What {@link Engine.cancel} did and where the execution stands. */
export interface CancelResult {
  outcome: CancelOutcome;
  /** The execution when cancel resolved (with `wait`: its final record once it ended). */
  record: ExecutionRecord;
  /** True when the execution has ended (cancelled, or it had ended before); with `wait`, false means it did not stop in time. */
  ended: boolean;
}

/** Options of {@link Engine.follow}. */
export interface FollowOptions {
  /** Yield only events with a greater `seq` (default 0: all of them). */
  since?: number;
  /** Aborting it ends the iteration, also while it waits for the next event. */
  signal?: AbortSignal;
}

/** The engine: load, validate and run workflows; follow and cancel executions. */
export interface Engine {
  readonly store: ExecutionStore;
  /** Runs to the end and returns the final record. Throws `WorkflowError` for an invalid workflow or invalid inputs (no step runs). */
  run(workflow: WorkflowSource, inputs?: Record<string, unknown>, options?: RunOptions): Promise<ExecutionRecord>;
  /** Validates, creates the execution and returns at once. Throws like {@link Engine.run} before anything starts. */
  start(workflow: WorkflowSource, inputs?: Record<string, unknown>, options?: RunOptions): Promise<StartedExecution>;
  /**
   * Cancels an execution wherever it runs: here at once (before the first await), through the store for another
   * process sharing it (a CLI run watched from the dashboard, another server), or in the store when the process
   * that ran it is gone. With `wait`, resolves once it has ended or `timeoutMs` passed. Throws
   * `EXECUTION_NOT_FOUND` for an unknown id.
   */
  cancel(executionId: string, options?: CancelOptions): Promise<CancelResult>;
  /** Reads and validates a workflow; throws `WorkflowError` (code `WORKFLOW_INVALID` with diagnostics, or `WORKFLOW_NOT_FOUND`). */
  load(workflow: WorkflowSource): Promise<LoadedWorkflow>;
  /** Validates without throwing for workflow problems. */
  validate(workflow: WorkflowSource, options?: ValidateOptions): Promise<ValidationReport>;
  /** The workflows of the workflows folder (invalid ones included, with diagnostics). */
  listWorkflows(): Promise<WorkflowSummary[]>;
  /** Adds or replaces the executor of a step type. */
  registerExecutor(executor: StepExecutor): void;
  /** Listens to the events of every execution; returns an unsubscribe function. */
  onEvent(listener: (event: WorkflowEvent) => void): () => void;
  /** The execution (status `interrupted` when the process that ran it is gone), or undefined. */
  getExecution(id: string): Promise<ExecutionRecord | undefined>;
  /**
   * Like {@link Engine.getExecution}, but throws `EXECUTION_NOT_FOUND` for an unknown id; the record lists the
   * sub-workflow executions it started (`children`).
   */
  requireExecution(id: string): Promise<ExecutionRecord>;
  /** Executions in the store, newest first. */
  listExecutions(filter?: ExecutionFilter): Promise<ExecutionPage>;
  /** Stored events of an execution with `seq > since`. */
  listEvents(executionId: string, since?: number): Promise<WorkflowEvent[]>;
  /**
   * Follows one execution: its stored events after `since`, then live ones, in `seq` order with no gap or
   * duplicate, also when another process sharing the store runs it. The iteration returns after the terminal
   * event (`workflow_completed`, `workflow_cancelled`), at once when it ended before `since`, when the process
   * running it is gone (interrupted) or when `signal` aborts; breaking out of the loop stops following. Throws
   * `EXECUTION_NOT_FOUND` for an unknown id (on the first step).
   *
   * @example
   * for await (const event of engine.follow(id)) console.log(event.seq, event.type);
   * const record = await engine.requireExecution(id);
   */
  follow(executionId: string, options?: FollowOptions): AsyncIterable<WorkflowEvent>;
  /** A new execution of the same workflow and inputs that reuses the outputs upstream of `from`. */
  retry(executionId: string, options?: RetryOptions): Promise<StartedExecution>;
  /**
   * Resumes the store's unfinished executions (after a crash) that no live process on this host runs: completed
   * steps are kept, the rest rerun.
   */
  resumeUnfinished(): Promise<StartedExecution[]>;
  /**
   * Continues one interrupted execution (its process is gone) under the same id, keeping its completed steps.
   * Throws `INVALID_VALUE` when it is finished or still running elsewhere.
   */
  resume(executionId: string): Promise<StartedExecution>;
  /**
   * Kills the step processes and removes the sandbox containers that engines which died on this host left behind
   * (a server calls it at start and then periodically); never throws.
   */
  reapOrphans(): Promise<OrphanReport>;
  /**
   * Validates and stores an untrusted workflow (created through the API or MCP) under its name. Throws
   * `WORKFLOW_EXISTS` (details `{name, trusted}`) for the name of a trusted workflow, and for the name of
   * an untrusted one unless `replace` is true.
   */
  saveWorkflow(toml: string, options?: { replace?: boolean }): Promise<ValidationReport>;
  /**
   * The warm sandbox pool's counters (runs served warm or cold, failed starts, idle and starting containers),
   * or undefined when `warmPool` is off.
   */
  warmPoolStats(): WarmPoolStats | undefined;
  /** The live `skill worker`s of the engine's step dispatcher (none when steps run in this process). */
  listWorkers(): Promise<WorkerInfo[]>;
  /**
   * Stops accepting runs, waits up to `graceMs` for running executions, then leaves the rest to resume later;
   * removes every warm pool container and closes the connections to MCP servers.
   */
  shutdown(options?: { graceMs?: number }): Promise<void>;
  /** Every skill (built-in, JavaScript modules, MCP servers of skills.toml) with its tools' argument schemas. */
  listSkills(): Promise<SkillSummary[]>;
  /**
   * Fetches the tool lists of the MCP servers of skills.toml again (all, or those named) and rewrites their cache
   * in `.skill/mcp-tools/`; a server that cannot be reached gets an `error`, never a throw.
   */
  refreshSkills(servers?: string[]): Promise<SkillRefreshResult[]>;
  /** Closes the connections to MCP servers (stdio servers exit); a later tool call reconnects. */
  closeConnections(): Promise<void>;
  /**
   * The value of one secret as trusted workflows see it (the secrets file and `SKILL_SECRET_<NAME>`), read now;
   * undefined when it is not set. Webhook triggers check their callers with it.
   */
  trustedSecret(name: string): string | undefined;
  /**
   * Approves or rejects a waiting approval step, wherever its execution runs (the decision is recorded in the store;
   * the first one recorded counts). Throws `EXECUTION_NOT_FOUND`, `STEP_NOT_FOUND`, `STEP_NOT_WAITING` (not waiting,
   * or decided already) or `FIELDS_INVALID` (every problem of the form, in `details.diagnostics`).
   *
   * @example
   * await engine.decideApproval(id, 'approve-deploy', { decision: 'approve', fields: { replicas: 3 }, decidedBy: 'cli:ada' });
   */
  decideApproval(executionId: string, stepId: string, request: DecisionRequest): Promise<RecordedDecision>;
  /** The trusted workflows folder. */
  readonly workflowsDir: string;
  /** The project folder: relative paths and bare names resolve against it. */
  readonly cwd: string;
}

/** Options of `engine.validate`. */
export interface ValidateOptions {
  /**
   * Validate TOML text as an untrusted workflow (API or MCP): the tighter size limits apply (1 MiB,
   * 5,000 steps). Files are judged by where they are; this only matters for text.
   */
  untrusted?: boolean;
}
