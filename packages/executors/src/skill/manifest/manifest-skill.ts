// A `.skill-engine.toml` skill as a Skill: its `run` tool hands argv, stdin and the instance's env to the command
// executor (native: the ProcessRunner, argv without a shell) or the docker executor (the sandbox and its policy).
import type {
  CommandStep,
  DockerContainerStep,
  ExecutorContext,
  ManifestSkillDeclaration,
  Skill,
  StepExecutor,
  StepResult,
} from '@skill/workflow-model';
import { ErrorCode, WorkflowError } from '@skill/workflow-model';
import { instanceProperty, skillMdTools } from './skill-md-tools.js';

/** The executors that run manifest skills (the engine's own `command` and `docker_container` executors). */
export interface ManifestRunners {
  command: StepExecutor<CommandStep>;
  docker: StepExecutor<DockerContainerStep>;
}

/** The name of the one tool a manifest skill offers. */
export const MANIFEST_TOOL = 'run';

function inputSchema(declaration: ManifestSkillDeclaration): Record<string, unknown> {
  const instances = Object.keys(declaration.instances).sort();
  return {
    type: 'object',
    properties: {
      args: {
        type: 'array',
        items: { type: 'string' },
        description: 'Arguments given to the program as argv entries (never through a shell).',
      },
      stdin: { description: 'Written to stdin: a string as is, anything else as JSON.' },
      instance: instanceProperty(instances, declaration.default_instance),
    },
    additionalProperties: false,
  };
}

/** The environment of one call: the instance's `env`, its `config` as JSON in SKILL_CONFIG, its name. */
function instanceEnv(declaration: ManifestSkillDeclaration, requested: unknown): Record<string, string> {
  const name = typeof requested === 'string' ? requested : declaration.default_instance;
  const instance = Object.hasOwn(declaration.instances, name) ? declaration.instances[name] : undefined;
  if (!instance) return {};
  const env: Record<string, string> = { ...instance.env, SKILL_INSTANCE: name };
  if (Object.keys(instance.config).length > 0) env.SKILL_CONFIG = JSON.stringify(instance.config);
  return env;
}

/** The fields every step has; the skill step itself owns retries, timeout and continue_on_error. */
function stepBase(ctx: ExecutorContext) {
  const retry = { max_attempts: 1, backoff: 'none', initial_delay_ms: 0, max_delay_ms: 0 } as const;
  return { id: ctx.step_id, depends_on: [], retry, continue_on_error: false };
}

function argvOf(args: Record<string, unknown>): string[] {
  return Array.isArray(args.args) ? args.args.map(String) : [];
}

/** The native program with `argv` after it, as a `command` step (argv, no shell) with the instance's env. */
function runProgram(
  declaration: ManifestSkillDeclaration,
  argv: string[],
  instance: unknown,
  stdin: unknown,
  ctx: ExecutorContext,
  runners: ManifestRunners,
): Promise<StepResult> {
  const step: CommandStep = {
    ...stepBase(ctx),
    step_type: 'command',
    command: [declaration.program ?? declaration.source, ...argv],
    env: instanceEnv(declaration, instance),
    working_dir: declaration.base_dir,
    ...(stdin === undefined ? {} : { stdin }),
  };
  return runners.command.run(step, ctx);
}

function runNative(
  declaration: ManifestSkillDeclaration,
  args: Record<string, unknown>,
  ctx: ExecutorContext,
  runners: ManifestRunners,
): Promise<StepResult> {
  return runProgram(declaration, argvOf(args), args.instance, args.stdin, ctx, runners);
}

function runDocker(
  declaration: ManifestSkillDeclaration,
  args: Record<string, unknown>,
  ctx: ExecutorContext,
  runners: ManifestRunners,
): Promise<StepResult> {
  const docker = declaration.docker;
  if (!docker) {
    const message = `skill "${declaration.name}" has no [skills.${declaration.name}.docker] table`;
    throw new WorkflowError(ErrorCode.InvalidValue, message, { retryable: false });
  }
  const step: DockerContainerStep = {
    ...stepBase(ctx),
    step_type: 'docker_container',
    docker: {
      image: docker.image,
      // Arrays: argv after the entrypoint, never `/bin/sh -c`.
      command: argvOf(args),
      ...(docker.entrypoint === undefined ? {} : { entrypoint: [docker.entrypoint] }),
      volumes: docker.volumes,
      environment: instanceEnv(declaration, args.instance),
      ...(docker.network === undefined ? {} : { network: docker.network }),
      ...(docker.user === undefined ? {} : { user: docker.user }),
      ...(docker.working_dir === undefined ? {} : { working_dir: docker.working_dir }),
      ...(docker.memory_limit_bytes === undefined ? {} : { memory_limit_bytes: docker.memory_limit_bytes }),
      ...(docker.cpu_limit === undefined ? {} : { cpu_limit: docker.cpu_limit }),
    },
    ...(ctx.limits?.memory_limit_bytes === undefined ? {} : { memory_limit_bytes: ctx.limits.memory_limit_bytes }),
    ...(ctx.limits?.cpu_limit === undefined ? {} : { cpu_limit: ctx.limits.cpu_limit }),
  };
  return runners.docker.run(step, ctx);
}

/**
 * The skill a `.skill-engine.toml` declares: one tool, `run`, whose `args` array becomes the program's argv, or, for a
 * native skill with a SKILL.md, the tools it documents (`<program> <tool> name=value...`). A `wasm` skill has no tools and says why (steps naming it are refused at validation with the manifest's line).
 *
 * @example
 * registry.add(manifestSkill(declaration, { command: commandExecutor, docker: dockerExecutor }), 'manifest');
 */
export function manifestSkill(declaration: ManifestSkillDeclaration, runners: ManifestRunners): Skill {
  const { file, line, column } = declaration.location;
  const where = `${file ?? '.skill-engine.toml'}:${line}:${column}`;
  const description = declaration.description ?? `${declaration.runtime} skill from ${declaration.source}`;
  if (declaration.runtime === 'wasm') {
    return {
      name: declaration.name,
      description,
      tools: {},
      unavailable: `runtime "wasm" is not supported (${where}: [skills.${declaration.name}]); use runtime = "docker" or "native"`,
    };
  }
  const withRuntime = (result: StepResult): StepResult => ({
    ...result,
    metadata: { ...result.metadata, skill_runtime: declaration.runtime },
  });
  if (declaration.runtime === 'native' && declaration.tools) {
    const instances = Object.keys(declaration.instances).sort();
    const run = async (argv: string[], instance: unknown, ctx: ExecutorContext) =>
      withRuntime(await runProgram(declaration, argv, instance, undefined, ctx, runners));
    return {
      name: declaration.name,
      description,
      tools: skillMdTools(declaration.tools, instances, declaration.default_instance, run),
    };
  }
  const runOn = declaration.runtime === 'native' ? runNative : runDocker;
  const program =
    declaration.runtime === 'native'
      ? declaration.program
      : `${declaration.docker?.image} ${declaration.docker?.entrypoint ?? ''}`;
  return {
    name: declaration.name,
    description,
    tools: {
      [MANIFEST_TOOL]: {
        description: `Runs ${program?.trim()} (${declaration.runtime}) with \`args\` as its arguments; stdout is the output.`,
        inputSchema: inputSchema(declaration),
        run: async (args, ctx) => withRuntime(await runOn(declaration, args, ctx, runners)),
      },
    },
  };
}
