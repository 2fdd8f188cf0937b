// defineSkill: checks a user-written skill's shape once, when it is defined, with messages naming what is wrong.
import { ErrorCode, isJsonObject, type Skill, WorkflowError } from '@skill/workflow-model';

const SKILL_NAME = /^[A-Za-z][\w.-]*$/;

/** Problems with a skill's shape, as human messages; empty when it is usable. */
export function skillShapeProblems(skill: unknown): string[] {
  if (!isJsonObject(skill)) return ['a skill must be an object with "name" and "tools"'];
  const problems: string[] = [];
  const name = skill.name;
  if (typeof name !== 'string' || !SKILL_NAME.test(name)) {
    problems.push(
      `skill name must be a string of letters, digits, "_", "-" or "." starting with a letter (got ${JSON.stringify(name)})`,
    );
  }
  const label = typeof name === 'string' ? `skill "${name}"` : 'skill';
  if (skill.description !== undefined && typeof skill.description !== 'string') {
    problems.push(`${label}: description must be a string`);
  }
  if (!isJsonObject(skill.tools)) return [...problems, `${label}: tools must be an object of named tools`];
  const toolNames = Object.keys(skill.tools);
  if (toolNames.length === 0) problems.push(`${label} has no tools`);
  for (const toolName of toolNames) {
    const tool = skill.tools[toolName];
    const at = `${label} tool "${toolName}"`;
    if (!isJsonObject(tool)) {
      problems.push(`${at} must be an object with description, inputSchema and run`);
      continue;
    }
    if (typeof tool.description !== 'string' || tool.description.trim() === '') {
      problems.push(`${at}: description must be a non-empty string`);
    }
    if (!isJsonObject(tool.inputSchema)) problems.push(`${at}: inputSchema must be a JSON Schema object`);
    if (typeof tool.run !== 'function')
      problems.push(`${at}: run must be a function (args, ctx) => Promise<StepResult>`);
  }
  return problems;
}

/**
 * Checks a skill's shape (name; tools each with description, inputSchema and run) and returns it
 * unchanged; a malformed skill throws WorkflowError INVALID_VALUE listing every problem.
 *
 * @example
 * export default defineSkill({ name: 'greet', tools: { hello: { description: 'Says hello',
 *   inputSchema: { type: 'object', properties: { who: { type: 'string' } } },
 *   run: async (args) => ({ output: `hello ${args.who}` }) } } });
 */
export function defineSkill(skill: Skill): Skill {
  const problems = skillShapeProblems(skill);
  if (problems.length > 0) {
    throw new WorkflowError(ErrorCode.InvalidValue, `invalid skill: ${problems.join('; ')}`, {
      retryable: false,
      problems,
    });
  }
  return skill;
}
