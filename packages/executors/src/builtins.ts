// `@skill/workflow-executors/builtins`: what an engine registers (built-in executors and skills, the skill executor)
// without their runtime: each loads its process runner, sandbox, Docker or HTTP client when its first step runs.
import type { Sandbox } from '@skill/sandbox';
import type { DockerContainerStep, HttpStep, StepExecutor } from '@skill/workflow-model';
import { commandStepProblems } from './command/command-line.js';
import { dockerStepProblems } from './docker/docker-step-checks.js';
import { httpStepProblems } from './http/http-step-checks.js';
import { inlineCodeStepProblems } from './inline/inline-step-checks.js';
import { lazyExecutor, type ProcessRunnerSource, processRunnerOf } from './lazy-executor.js';

export { type EgressTarget, type HttpAllowList, parseHttpAllowList } from './http/egress-allow-list.js';
export type { ProcessRunnerSource } from './lazy-executor.js';
export { type BuiltinSkillsOptions, builtinSkills } from './skill/builtin/builtin-skills.js';
export { defineSkill } from './skill/define-skill.js';
/** Skill Engine manifest skills: a `run` tool on the engine's own command or docker_container executor. */
export { MANIFEST_TOOL, type ManifestRunners, manifestSkill } from './skill/manifest/manifest-skill.js';
/** MCP servers as skills: one connection per server (reused, reopened after it died), tools called as steps; the MCP SDK loads at the first connection. */
export { McpClientPool, type McpClientPoolOptions } from './skill/mcp/mcp-client-pool.js';
export { mcpSkill } from './skill/mcp/mcp-skill.js';
export { McpErrorCode } from './skill/mcp/mcp-tool-call.js';
export { createSkillExecutor, SkillErrorCode, type SkillRegistry } from './skill/skill-executor.js';

/**
 * Runs `http` steps with undici: JSON or text output, `status_code`, `headers`, `url` and `method` in
 * metadata; a status >= 400 (or outside `accept_status`) fails with `HTTP_STATUS`. The HTTP client is
 * loaded at the first request.
 *
 * @example
 * const { output, metadata } = await httpExecutor.run(step, ctx); // metadata.status_code === 200
 */
export const httpExecutor: StepExecutor<HttpStep> = lazyExecutor('http', httpStepProblems, async () =>
  (await import('./http/http-executor.js')).createHttpExecutor(),
);

/**
 * Runs `docker_container` steps: one locked-down container per attempt (network none, user 65534:65534, no
 * capabilities, pids limit), always removed. The Docker client is loaded at the first step.
 */
export const dockerContainerExecutor: StepExecutor<DockerContainerStep> = lazyExecutor(
  'docker_container',
  dockerStepProblems,
  async () => (await import('./docker/docker-executor.js')).createDockerExecutor(),
);

/** What the built-in executors share: the process runner of command steps and native inline code. */
export interface BuiltinExecutorsOptions {
  /**
   * Starts command steps and `unsafe_native` code: a runner, or a function giving one when the first such
   * step runs (default: a new runner of createProcessRunner's choice, made then).
   */
  processRunner?: ProcessRunnerSource;
  /**
   * Runs inline code and `docker_container` steps in containers (default: the shared DockerSandbox; the engine
   * passes its warm pool here).
   */
  dockerSandbox?: Sandbox;
}

/**
 * The executors every engine registers by default (the skill executor needs a registry: see `createSkillExecutor`):
 * `command` and `inline_code` on `processRunner`, `http`, `docker_container`. Each checks steps at once and
 * loads its runtime (process runner, sandbox, HTTP or Docker client) when its first step runs.
 *
 * @example
 * const executors = builtinExecutors({ processRunner: createProcessRunner('in-process') });
 */
export function builtinExecutors(options: BuiltinExecutorsOptions = {}): StepExecutor[] {
  const processRunner = processRunnerOf(options.processRunner);
  return [
    lazyExecutor('command', commandStepProblems, async () =>
      (await import('./command/command-executor.js')).createCommandExecutor({ processRunner: await processRunner() }),
    ),
    httpExecutor,
    lazyExecutor('inline_code', inlineCodeStepProblems, async () =>
      (await import('./inline/inline-code-executor.js')).createInlineCodeExecutor({
        processRunner: await processRunner(),
        ...(options.dockerSandbox ? { docker: options.dockerSandbox } : {}),
      }),
    ),
    options.dockerSandbox
      ? lazyExecutor('docker_container', dockerStepProblems, async () =>
          (await import('./docker/docker-executor.js')).createDockerExecutor({ sandbox: options.dockerSandbox }),
        )
      : dockerContainerExecutor,
  ];
}
