// Bodies of the workflow tools: list_workflows (name_pattern regex, guarded), validate_workflow, list_skills and
// list_schedules.
import { type Engine, hideLocalPathsDeep, listSchedules } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';
import { type ReferenceScope, resolveWorkflowReference } from './workflow-reference.js';

/** Longest accepted `name_pattern`: short patterns keep regex backtracking bounded on short names. */
export const MAX_PATTERN_LENGTH = 200;

function compilePattern(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new WorkflowError('INVALID_VALUE', `name_pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new WorkflowError(
      'INVALID_VALUE',
      `name_pattern is not a valid regular expression: ${(error as Error).message}`,
      { pattern },
    );
  }
}

/** list_workflows: `{workflows: [{name, description, step_count, valid, trust}]}`, filtered by a regex on the name. */
export async function listWorkflows(engine: Engine, namePattern?: string): Promise<Record<string, unknown>> {
  const regex = namePattern === undefined ? undefined : compilePattern(namePattern);
  const summaries = await engine.listWorkflows();
  return {
    workflows: summaries
      .filter((s) => !regex || regex.test(s.name.slice(0, 200)))
      .map((s) => ({
        name: s.name,
        description: s.description ?? null,
        step_count: s.step_count,
        valid: s.valid,
        trust: s.trust,
      })),
  };
}

/** Arguments of validate_workflow: exactly one of a name/path or TOML text. */
export interface ValidateWorkflowArgs {
  workflow?: string | undefined;
  content?: string | undefined;
}

/** validate_workflow: `{ok, diagnostics}`; workflow problems are diagnostics, not errors; paths relative to the project. */
export async function validateWorkflow(
  engine: Engine,
  scope: ReferenceScope,
  args: ValidateWorkflowArgs,
): Promise<Record<string, unknown>> {
  if ((args.workflow === undefined) === (args.content === undefined)) {
    throw new WorkflowError(
      'INVALID_VALUE',
      'give exactly one of "workflow" (a name or path) or "content" (TOML text)',
    );
  }
  // The engine reads a string without "=" or a line break as a path: a newline keeps content as text.
  const source =
    args.content !== undefined
      ? `${args.content}\n`
      : (await resolveWorkflowReference(args.workflow ?? '', scope)).source;
  // Content sent over MCP is untrusted text: judged at the API level, with the tighter size limits.
  const report = await engine.validate(source, { untrusted: args.content !== undefined });
  return { ok: report.ok, diagnostics: hideLocalPathsDeep(report.diagnostics, scope.root) };
}

/**
 * list_skills: every skill with its tools (names and descriptions); with `skill`, only that one and each tool's
 * argument schema. Throws SKILL_NOT_FOUND for an unknown name; paths are shown relative to the project.
 */
export async function listSkills(engine: Engine, skill?: string): Promise<Record<string, unknown>> {
  const all = await engine.listSkills();
  if (skill === undefined) {
    const brief = all.map(({ tools, ...rest }) => ({
      ...rest,
      tools: tools.map(({ name, description }) => ({ name, description })),
    }));
    return { skills: hideLocalPathsDeep(brief, engine.cwd) };
  }
  const found = all.find((candidate) => candidate.name === skill);
  if (!found) {
    const names = all.map((candidate) => candidate.name).join(', ');
    throw new WorkflowError('SKILL_NOT_FOUND', `no skill named "${skill}"; skills: ${names}`, { skill });
  }
  return { skills: [hideLocalPathsDeep(found, engine.cwd)] };
}

/** list_schedules: the schedules of the project's workflows (all, or one workflow's), next fire times, latest ticks. */
export async function listWorkflowSchedules(engine: Engine, workflowName?: string): Promise<Record<string, unknown>> {
  const all = await listSchedules(engine);
  return { schedules: workflowName === undefined ? all : all.filter((s) => s.workflow_name === workflowName) };
}
