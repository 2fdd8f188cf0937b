// The `skill` step executor: looks the tool up in a skill registry, checks args against its input schema, runs it.
import {
  ErrorCode,
  type ExecutorContext,
  type Skill,
  type SkillStep,
  type SkillTool,
  type StepExecutor,
  type StepResult,
  type ValidationContext,
  WorkflowError,
} from '@skill/workflow-model';
import { checkSchema } from './args-schema.js';

/** Where the skill executor finds skills (core's SkillRegistry fits). */
export interface SkillRegistry {
  get(name: string): Skill | undefined;
  /** The names of every registered skill, for messages. */
  names(): string[];
}

/** Stable error codes of skill steps (args problems use INVALID_VALUE). */
export const SkillErrorCode = {
  UnknownSkill: 'UNKNOWN_SKILL',
  UnknownTool: 'UNKNOWN_TOOL',
  /** The skill's tools are unknown (an MCP server whose tool list could not be fetched). */
  SkillUnavailable: 'SKILL_UNAVAILABLE',
} as const;

function listed(names: string[]): string {
  return names.length === 0 ? '(none)' : names.join(', ');
}

/** Names the candidate closest to a mistyped name (core passes the parser's "did you mean"). */
export type NameSuggest = (word: string, candidates: readonly string[]) => string | undefined;

/** Options of {@link createSkillExecutor}. */
export interface SkillExecutorOptions {
  /** Suggests the closest skill or tool name in messages. */
  suggest?: NameSuggest;
}

function unknownName(word: string, names: string[], what: string, suggest: NameSuggest | undefined): string {
  const closest = suggest?.(word, names);
  return closest ? `did you mean "${closest}"? ${what}: ${listed(names)}` : `${what}: ${listed(names)}`;
}

/** The tool a step names, or the message saying what exists instead. */
function findTool(
  registry: SkillRegistry,
  step: SkillStep,
  suggest?: NameSuggest,
): { tool: SkillTool } | { code: string; message: string } {
  if (typeof step.skill !== 'string' || step.skill === '') {
    return {
      code: ErrorCode.InvalidValue,
      message: `\`skill\` must name a skill; available skills: ${listed(registry.names())}`,
    };
  }
  const skill = registry.get(step.skill);
  if (skill === undefined) {
    return {
      code: SkillErrorCode.UnknownSkill,
      message: `unknown skill "${step.skill}"; ${unknownName(step.skill, registry.names(), 'available skills', suggest)}`,
    };
  }
  if (skill.unavailable !== undefined) {
    return {
      code: SkillErrorCode.SkillUnavailable,
      message: `skill "${skill.name}" is unavailable: ${skill.unavailable}`,
    };
  }
  const tools = Object.keys(skill.tools).sort();
  if (typeof step.tool !== 'string' || step.tool === '') {
    return {
      code: ErrorCode.InvalidValue,
      message: `\`tool\` must name a tool of skill "${skill.name}": ${listed(tools)}`,
    };
  }
  const tool = Object.hasOwn(skill.tools, step.tool) ? skill.tools[step.tool] : undefined;
  if (tool === undefined) {
    return {
      code: SkillErrorCode.UnknownTool,
      message: `skill "${skill.name}" has no tool "${step.tool}"; ${unknownName(step.tool, tools, 'its tools', suggest)}`,
    };
  }
  return { tool };
}

function argsOf(step: SkillStep): unknown {
  return step.args ?? {};
}

function argsProblems(tool: SkillTool, args: unknown, partial: boolean, context?: ValidationContext): string[] {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return ['args: must be a table (an object)'];
  return checkSchema(tool.inputSchema, args, 'args', {
    partial,
    ...(context ? { templateType: (value: string) => context.templateType(value) } : {}),
  });
}

/** Static checks: the skill and tool exist, and the args fit the tool's schema as far as templates allow. */
function skillStepProblems(
  registry: SkillRegistry,
  step: SkillStep,
  suggest?: NameSuggest,
  context?: ValidationContext,
): string[] {
  const found = findTool(registry, step, suggest);
  if (!('tool' in found)) return [found.message];
  return argsProblems(found.tool, argsOf(step), true, context).map(
    (problem) => `${step.skill}.${step.tool} ${problem}`,
  );
}

async function runSkillStep(
  registry: SkillRegistry,
  step: SkillStep,
  ctx: ExecutorContext,
  suggest?: NameSuggest,
): Promise<StepResult> {
  const found = findTool(registry, step, suggest);
  if (!('tool' in found)) throw new WorkflowError(found.code, found.message, { retryable: false });
  const args = argsOf(step);
  const problems = argsProblems(found.tool, args, false);
  if (problems.length > 0) {
    const message = `${step.skill}.${step.tool}: invalid args: ${problems.join('; ')}`;
    throw new WorkflowError(ErrorCode.InvalidValue, message, { retryable: false, problems });
  }
  return found.tool.run(args as Record<string, unknown>, withStepLimits(ctx, step));
}

/** `ctx` with the step's memory and CPU limits, so tools that run containers (the code skills) apply them. */
function withStepLimits(ctx: ExecutorContext, step: SkillStep): ExecutorContext {
  const limits: NonNullable<ExecutorContext['limits']> = {};
  if (step.memory_limit_bytes !== undefined) limits.memory_limit_bytes = step.memory_limit_bytes;
  if (step.cpu_limit !== undefined) limits.cpu_limit = step.cpu_limit;
  return Object.keys(limits).length === 0 ? ctx : { ...ctx, limits };
}

/**
 * Creates a `skill` executor over `registry`. validate() names an unknown skill (listing the
 * available ones, and the closest name when `options.suggest` finds one) or tool (listing the skill's tools), a
 * skill whose tools are unavailable, and checks literal args against the tool's
 * `inputSchema`; run() checks the resolved args fully, then calls `tool.run(args, ctx)` with the
 * step's `memory_limit` / `cpu_limit` in `ctx.limits`.
 */
export function createSkillExecutor(
  registry: SkillRegistry,
  options: SkillExecutorOptions = {},
): StepExecutor<SkillStep> {
  return {
    type: 'skill',
    validate: (step, context) => skillStepProblems(registry, step, options.suggest, context),
    run: (step, ctx) => runSkillStep(registry, step, ctx, options.suggest),
  };
}
