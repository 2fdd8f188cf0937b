// Public entry of @skill/workflow-executors: the built-in step executors and the shared output helpers.
import { createProcessRunner, type ProcessRunner, type Sandbox } from '@skill/sandbox';
import type { DockerContainerStep, HttpStep, StepExecutor } from '@skill/workflow-model';
import { createCommandExecutor } from './command/command-executor.js';
import { createDockerExecutor } from './docker/docker-executor.js';
import { createHttpExecutor } from './http/http-executor.js';
import { createInlineCodeExecutor } from './inline/inline-code-executor.js';

export {
  type CommandExecutorOptions,
  createCommandExecutor,
  DEFAULT_KILL_GRACE_MS,
} from './command/command-executor.js';
export { createDockerExecutor, type DockerExecutorOptions, dockerStepProblems } from './docker/docker-executor.js';
export { type EgressTarget, type HttpAllowList, parseHttpAllowList } from './http/egress-allow-list.js';
export { createHttpExecutor, type HttpExecutorOptions } from './http/http-executor.js';
export type { InlineSandboxes } from './inline/default-sandboxes.js';
export { createInlineCodeExecutor, type InlineCodeExecutorOptions } from './inline/inline-code-executor.js';
export { type InlineRunRequest, runInlineCode } from './inline/inline-runner.js';
export { readMetadataFile } from './output/metadata-file.js';
export { parseProcessOutput } from './output/parse-output.js';
export { checkSchema } from './skill/args-schema.js';
export { type BuiltinSkillsOptions, builtinSkills } from './skill/builtin/builtin-skills.js';
export { defineSkill } from './skill/define-skill.js';
export { MANIFEST_TOOL, type ManifestRunners, manifestSkill } from './skill/manifest/manifest-skill.js';
/** MCP servers as skills: one connection per server (reused, reopened after it died), tools called as steps. */
export { McpClientPool, type McpClientPoolOptions } from './skill/mcp/mcp-client-pool.js';
export { mcpSkill } from './skill/mcp/mcp-skill.js';
export { McpErrorCode } from './skill/mcp/mcp-tool-call.js';
export {
  createSkillExecutor,
  type NameSuggest,
  SkillErrorCode,
  type SkillExecutorOptions,
  type SkillRegistry,
} from './skill/skill-executor.js';

/**
 * Runs `http` steps with undici: JSON or text output, `status_code`, `headers`, `url` and `method` in
 * metadata; a status >= 400 (or outside `accept_status`) fails with `HTTP_STATUS`.
 *
 * @example
 * const { output, metadata } = await httpExecutor.run(step, ctx); // metadata.status_code === 200
 */
export const httpExecutor: StepExecutor<HttpStep> = createHttpExecutor();

/** Runs `docker_container` steps: one locked-down container per attempt (network none, user 65534:65534, no capabilities, pids limit), always removed. */
export const dockerContainerExecutor: StepExecutor<DockerContainerStep> = createDockerExecutor();

/** What the built-in executors share: the process runner of command steps and native inline code. */
export interface BuiltinExecutorsOptions {
  /** Starts command steps and `unsafe_native` code (default: a new runner of createProcessRunner's choice). */
  processRunner?: ProcessRunner;
  /**
   * Runs inline code and `docker_container` steps in containers (default: the shared DockerSandbox; the engine
   * passes its warm pool here).
   */
  dockerSandbox?: Sandbox;
}

/**
 * The executors every engine registers by default (the skill executor needs a registry: see `createSkillExecutor`):
 * `command` and `inline_code` on `processRunner`, `http`, `docker_container` (containers on `dockerSandbox`).
 *
 * @example
 * const executors = builtinExecutors({ processRunner: createProcessRunner('in-process') });
 */
export function builtinExecutors(options: BuiltinExecutorsOptions = {}): StepExecutor[] {
  const processRunner = options.processRunner ?? createProcessRunner();
  return [
    createCommandExecutor({ processRunner }),
    httpExecutor,
    createInlineCodeExecutor({ processRunner, docker: options.dockerSandbox }),
    options.dockerSandbox ? createDockerExecutor({ sandbox: options.dockerSandbox }) : dockerContainerExecutor,
  ];
}
