// What the parts of an engine share: its store and executors, where workflows live, trust rules, and who listens.
import path from 'node:path';
import type { ProcessRunner } from '@skill/sandbox';
import {
  builtinExecutors,
  builtinSkills,
  createSkillExecutor,
  type ManifestRunners,
  manifestSkill,
} from '@skill/workflow-executors/builtins';
import {
  type CommandStep,
  type DockerContainerStep,
  type EngineTelemetry,
  type ExecutionRecord,
  type ExecutionStore,
  type Skill,
  type StepExecutor,
  TRUST_RULES,
  TRUSTED_BOUNDARY,
  type TrustBoundary,
  type TrustLevel,
  type WorkflowDefinition,
  type WorkflowEvent,
} from '@skill/workflow-model';
import { closestName } from '@skill/workflow-parser';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import type { DecisionDeps } from './approvals/approval-decision.js';
import { approvalExecutor, sleepExecutor } from './approvals/wait-executors.js';
import { checkDataDir } from './data-dir.js';
import { combineTelemetry } from './engine-telemetry.js';
import type { EngineOptions } from './engine-types.js';
import { SecretMasker } from './secrets/secret-masker.js';
import { loadSecrets } from './secrets/secret-source.js';
import { loadSkillsFolder, SkillRegistry } from './skill-registry.js';
import { type EngineMcpSkills, lazyMcpSkills } from './skills/lazy-mcp-skills.js';
import { readSkillManifest } from './skills/skills-config.js';
import { executionTrust } from './trust-check.js';
import { type LazyWarmSandbox, lazyWarmSandbox } from './warm-sandbox-source.js';
import type { LoaderContext } from './workflow-loader.js';

/** What an execution may read as `{secrets.*}`, and every secret value to mask. */
export interface ExecutionSecrets {
  secrets: Record<string, string>;
  maskedSecrets: string[];
}

/** An execution this engine runs now. */
export interface RunningExecution {
  controller: AbortController;
  done: Promise<ExecutionRecord>;
}

/** The state and rules every part of one engine works with. */
export interface EngineContext {
  readonly options: EngineOptions;
  readonly cwd: string;
  readonly store: ExecutionStore;
  /** Executors by step type (registerExecutor adds to it). */
  readonly executors: Map<string, StepExecutor>;
  /** Where workflows are looked up and what they may use. */
  readonly loader: LoaderContext;
  /**
   * Starts the host processes of steps: the injected one, or one this engine makes when the first host step
   * runs (imported then: validating loads no process code) and closes at shutdown.
   */
  processRunner(): Promise<ProcessRunner>;
  /** Closes the process runner this engine made, if it made one. */
  closeProcessRunner(): Promise<void>;
  /** The warm pool of containers, when `options.warmPool` turns it on (made at the first container step, closed at shutdown). */
  readonly warmSandbox: LazyWarmSandbox | undefined;
  /** Executions run by this engine, by id. */
  readonly running: Map<string, RunningExecution>;
  /** The tracing and metrics hooks, combined; undefined without any. */
  readonly telemetry: EngineTelemetry | undefined;
  /** Loads `<cwd>/skills/` once; skills given to createEngine keep precedence over the folder's. */
  /** Every skill by name, with where it comes from. */
  readonly skills: SkillRegistry;
  /** The project's MCP servers (skills.toml) and the connections to them. */
  readonly mcp: EngineMcpSkills;
  /**
   * Loads `<cwd>/skills/`, the skills of `<cwd>/.skill-engine.toml` and the MCP servers of `<cwd>/skills.toml` once;
   * skills given to createEngine keep precedence over the folder's, which keep precedence over manifest and MCP skills.
   */
  ensureSkills(): Promise<void>;
  /**
   * Registers MCP servers' skills (a module skill of the same name keeps precedence) and their names for trust
   * checks; with `replaceAll`, MCP skills not among `servers` are removed (they left skills.toml).
   */
  addMcpSkills(servers: readonly Skill[], replaceAll?: boolean): void;
  /** Passes a recorded event to `onEvent`, the engine's listeners and the followers of its execution. */
  announce(event: WorkflowEvent, onEvent?: (event: WorkflowEvent) => void): void;
  /** Listens to every execution's events; returns the unsubscribe function. */
  listen(listener: (event: WorkflowEvent) => void): () => void;
  /** Listens to one execution's events; returns the unsubscribe function. */
  subscribe(executionId: string, listener: (event: WorkflowEvent) => void): () => void;
  /** The level of an execution whose workflow comes from a trusted place (or not). */
  levelOf(sourceTrusted: boolean, definition: WorkflowDefinition): TrustLevel;
  /** The secrets an execution at `level` may read (below trusted: only those allowed by name) and every value to mask. */
  secretsFor(level: TrustLevel): ExecutionSecrets;
  /** True while this engine runs the execution. */
  isRunningHere(executionId: string): boolean;
  /** Aborts an execution this engine runs; false when it does not run it. */
  cancelHere(executionId: string, reason: string): boolean;
  /** What recording an approval's decision needs (the store, secret masking, the listeners). */
  readonly decisions: DecisionDeps;
}

/** Builds the shared context of an engine from its options. */
export function createEngineContext(options: EngineOptions): EngineContext {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const store = options.store ?? new InMemoryExecutionStore();
  const executors = new Map<string, StepExecutor>();
  const skills = new SkillRegistry();
  let madeRunner: Promise<ProcessRunner> | undefined;
  const processRunner = (): Promise<ProcessRunner> => {
    if (options.processRunner) return Promise.resolve(options.processRunner);
    madeRunner ??= import('@skill/sandbox').then((sandbox) => sandbox.createProcessRunner());
    return madeRunner;
  };
  const warmSandbox = (options.warmPool?.size ?? 0) > 0 ? lazyWarmSandbox(options.warmPool ?? {}) : undefined;
  const docker = warmSandbox?.sandbox;
  for (const skill of builtinSkills({ processRunner, ...(docker ? { docker } : {}) })) skills.add(skill, 'builtin');
  for (const skill of options.skills ?? []) skills.add(skill);
  const builtins = builtinExecutors({ processRunner, ...(docker ? { dockerSandbox: docker } : {}) });
  // Manifest skills run through the engine's own command and docker executors: one path for each.
  const runners = {
    command: builtins.find((executor) => executor.type === 'command') as StepExecutor<CommandStep>,
    docker: builtins.find((executor) => executor.type === 'docker_container') as StepExecutor<DockerContainerStep>,
  } satisfies ManifestRunners;
  const nativeSkills = new Set<string>();
  const skillExecutor = createSkillExecutor(skills, { suggest: (word, names) => closestName(word, names) });
  const secretsFile = path.resolve(cwd, options.secretsFile ?? '.skill/secrets.env');
  const decisions: DecisionDeps = {
    store,
    mask: (value) => new SecretMasker(loadSecrets({ file: secretsFile }).values()).maskValue(value),
    announce: (event) => context.announce(event),
  };
  const waits = [approvalExecutor(decisions), sleepExecutor(decisions)] as StepExecutor[];
  for (const executor of [...builtins, skillExecutor, ...waits, ...(options.executors ?? [])]) {
    executors.set(executor.type, executor);
  }
  let skillsFolder: Promise<void> | undefined;
  const workflowsDir = path.resolve(cwd, options.workflowsDir ?? '.workflows');
  const untrustedDir = path.resolve(cwd, options.untrustedWorkflowsDir ?? '.skill/workflows');
  const mcp = lazyMcpSkills({ projectDir: cwd, secrets: () => loadSecrets({ file: secretsFile }) });
  const mcpServers = new Set<string>();
  const addMcpSkills = (servers: readonly Skill[], replaceAll = false) => {
    if (replaceAll) {
      const kept = new Set(servers.map((skill) => skill.name));
      for (const name of skills.names()) if (skills.originOf(name) === 'mcp' && !kept.has(name)) skills.remove(name);
    }
    for (const skill of servers) {
      // Named like an MCP server, a skill is refused below trusted whichever implementation wins.
      mcpServers.add(skill.name);
      skills.add(skill, 'mcp');
    }
  };
  // Checked once: a data folder where trusted work lives would let containers make themselves trusted.
  const dataDir = options.dataDir ? checkDataDir(options.dataDir, { cwd, workflowsDir, untrustedDir }) : undefined;

  /** The trust boundary of an execution at `level`: the level and what the server grants below `trusted`. */
  const boundaryOf = (level: TrustLevel): TrustBoundary => {
    if (level === 'trusted') return TRUSTED_BOUNDARY;
    return {
      level,
      ...(dataDir ? { dataDir } : {}),
      allowedNetworks: options.allowedNetworks ?? [],
      allowedHttpTargets: options.httpAllowList ?? [],
    };
  };
  const loader: LoaderContext = {
    cwd,
    workflowsDir,
    untrustedDir,
    apiTrust: options.apiTrust ?? 'user-provided',
    untrustedPolicy: {
      allowUntrusted: options.allowUntrusted ?? false,
      untrustedSecrets: options.untrustedSecrets ?? [],
      untrustedMcpServers: options.untrustedMcpServers ?? [],
      mcpServers,
      nativeSkills,
    },
    boundaryOf,
    executors,
    // Skill steps' checks need the project's skills: a workflow without any validates without reading them.
    loadSkills: () => context.ensureSkills(),
  };
  const listeners = new Set<(event: WorkflowEvent) => void>();
  const followers = new Map<string, Set<(event: WorkflowEvent) => void>>();
  const running = new Map<string, RunningExecution>();

  const context: EngineContext = {
    options,
    decisions,
    cwd,
    store,
    executors,
    loader,
    processRunner,
    async closeProcessRunner() {
      (await madeRunner)?.close(); // the spawner it started, if any
    },
    warmSandbox,
    running,
    telemetry: combineTelemetry(options.telemetry ?? []),
    skills,
    mcp,
    async ensureSkills() {
      skillsFolder ??= Promise.all([
        loadSkillsFolder(path.join(cwd, 'skills')),
        mcp.load(),
        readSkillManifest(cwd),
      ]).then(([found, servers, declared]) => {
        for (const skill of found) skills.add(skill);
        for (const skill of options.skills ?? []) skills.add(skill);
        for (const declaration of declared) {
          // Named like a native manifest skill, a step is refused below trusted whichever implementation wins.
          if (declaration.runtime === 'native') nativeSkills.add(declaration.name);
          skills.add(manifestSkill(declaration, runners), 'manifest');
        }
        addMcpSkills(servers);
      });
      // A first load that failed (a broken skills file) is tried again at the next call, not kept for good.
      skillsFolder.catch(() => {
        skillsFolder = undefined;
      });
      await skillsFolder;
      // A long-lived engine (the server) picks up `skill skills refresh`, skills.toml edits and servers back up,
      // in the background: a run never waits on a slow or unreachable server's tool list.
      mcp.reloadInBackground((reloaded) => addMcpSkills(reloaded, true));
    },
    addMcpSkills,
    announce(event, onEvent) {
      onEvent?.(event);
      for (const listener of listeners) listener(event);
      for (const follower of followers.get(event.execution_id) ?? []) follower(event);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe(executionId, listener) {
      const set = followers.get(executionId) ?? new Set();
      set.add(listener);
      followers.set(executionId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) followers.delete(executionId);
      };
    },
    levelOf: (sourceTrusted, definition) => executionTrust(sourceTrusted, definition, loader.apiTrust),
    secretsFor(level) {
      const all = loadSecrets({ file: secretsFile });
      const allowed = TRUST_RULES[level].allSecrets ? undefined : new Set(options.untrustedSecrets ?? []);
      const secrets: Record<string, string> = {};
      for (const [name, value] of all) if (!allowed || allowed.has(name)) secrets[name] = value;
      return { secrets, maskedSecrets: [...all.values()] };
    },
    isRunningHere: (executionId) => running.has(executionId),
    cancelHere(executionId, reason) {
      const entry = running.get(executionId);
      if (!entry) return false;
      entry.controller.abort(reason);
      return true;
    },
  };
  return context;
}
