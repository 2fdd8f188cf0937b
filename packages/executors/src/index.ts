// Public entry of @skill/workflow-executors: the built-in step executors and the shared output helpers.
export {
  type BuiltinExecutorsOptions,
  builtinExecutors,
  dockerContainerExecutor,
  httpExecutor,
  MANIFEST_TOOL,
  type ManifestRunners,
  McpClientPool,
  type McpClientPoolOptions,
  McpErrorCode,
  manifestSkill,
  mcpSkill,
  type ProcessRunnerSource,
} from './builtins.js';
export {
  type CommandExecutorOptions,
  createCommandExecutor,
  DEFAULT_KILL_GRACE_MS,
} from './command/command-executor.js';
export { createDockerExecutor, type DockerExecutorOptions } from './docker/docker-executor.js';
export { dockerStepProblems } from './docker/docker-step-checks.js';
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
export {
  createSkillExecutor,
  type NameSuggest,
  SkillErrorCode,
  type SkillExecutorOptions,
  type SkillRegistry,
} from './skill/skill-executor.js';
