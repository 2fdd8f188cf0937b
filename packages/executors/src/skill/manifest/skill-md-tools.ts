// The tools a native skill's SKILL.md documents, as skill tools: each parameter becomes a JSON schema property, and
// a call becomes the argv `<program> <tool> name=value...` (the format's `skill run <skill> <tool> name=value`).
import type {
  ExecutorContext,
  ManifestTool,
  ManifestToolParameter,
  SkillTool,
  StepResult,
} from '@skill/workflow-model';

/** Runs the skill's program with `argv` (after the program) and the env of `instance` (undefined: the default). */
type RunArgv = (argv: string[], instance: unknown, ctx: ExecutorContext) => Promise<StepResult>;

/** The argument that picks an `[instances.<name>]` when no parameter of the tool is called that. */
const INSTANCE_ARG = 'instance';

/** The schema of the `instance` argument: one of the skill's `[instances.<name>]`. */
export function instanceProperty(instances: string[], defaultInstance: string): Record<string, unknown> {
  return {
    type: 'string',
    ...(instances.length > 0 ? { enum: instances } : {}),
    description: `The [instances.<name>] whose env and config apply (default "${defaultInstance}").`,
  };
}

function parameterSchema(parameter: ManifestToolParameter): Record<string, unknown> {
  return { type: parameter.type, ...(parameter.description ? { description: parameter.description } : {}) };
}

function inputSchema(tool: ManifestTool, instances: string[], defaultInstance: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const parameter of tool.parameters) properties[parameter.name] = parameterSchema(parameter);
  if (!Object.hasOwn(properties, INSTANCE_ARG)) {
    properties[INSTANCE_ARG] = instanceProperty(instances, defaultInstance);
  }
  const required = tool.parameters.filter((p) => p.required).map((p) => p.name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** One argv entry per given parameter, in the order SKILL.md lists them: `name=value` (arrays and objects as JSON). */
function toolArgv(tool: ManifestTool, args: Record<string, unknown>): string[] {
  const argv = [tool.name];
  for (const { name } of tool.parameters) {
    const value = args[name];
    if (value === undefined || value === null) continue;
    argv.push(`${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return argv;
}

/**
 * The skill tools of a SKILL.md's `tools`: checked against their parameters by the skill step's schema seam, run as
 * `<program> <tool> name=value...` (each one argv entry, never through a shell).
 *
 * @example
 * skillMdTools(declaration.tools, ['default'], 'default', (argv, instance, ctx) => runProgram(argv, instance, ctx));
 */
export function skillMdTools(
  tools: ManifestTool[],
  instances: string[],
  defaultInstance: string,
  run: RunArgv,
): Record<string, SkillTool> {
  const made: Record<string, SkillTool> = {};
  for (const tool of tools) {
    const usesInstance = !tool.parameters.some((p) => p.name === INSTANCE_ARG);
    made[tool.name] = {
      description: tool.description || `The ${tool.name} tool of this skill's SKILL.md.`,
      inputSchema: inputSchema(tool, instances, defaultInstance),
      run: (args, ctx) => run(toolArgv(tool, args), usesInstance ? args[INSTANCE_ARG] : undefined, ctx),
    };
  }
  return made;
}
