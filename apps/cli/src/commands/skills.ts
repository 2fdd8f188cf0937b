// `skill skills list|describe|refresh`: the catalogue of skills (built-in, skills/ modules, MCP servers of
// skills.toml) with their tools' argument schemas, and refreshing the MCP servers' cached tool lists.
import type { SkillSummary } from '@skill/workflow-core';
import type { CliIo } from '../cli-io.js';
import { withWorkflowEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { terminalJson, terminalSafe, terminalSafeDeep } from '../render/terminal-safe.js';
import { colorEnabled, createStyle } from '../terminal-style.js';

type Tool = SkillSummary['tools'][number];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `a (number, required), b (string)`: the top-level properties of a tool's argument schema. */
export function argumentSummary(schema: Record<string, unknown>): string {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const parts = Object.entries(properties).map(([name, spec]) => {
    const type = Array.isArray(spec?.type) ? spec.type.join('|') : typeof spec?.type === 'string' ? spec.type : 'any';
    return `${name} (${type}${required.includes(name) ? ', required' : ''})`;
  });
  return parts.length === 0 ? '(no arguments)' : parts.join(', ');
}

/** Prints every skill: name, origin, tool count, description, and why it is unavailable. */
export async function skillsListCommand(cmd: { json: boolean }, io: CliIo): Promise<ExitCode> {
  const skills = await withWorkflowEngine(io.cwd, (engine) => engine.listSkills());
  if (cmd.json) {
    io.stdout.write(`${terminalJson(skills, 2)}\n`);
    return ExitCode.Completed;
  }
  const style = createStyle(colorEnabled(io.stdout, io.env));
  const width = Math.max(4, ...skills.map((skill) => skill.name.length));
  io.stdout.write(`${style.bold(`${'NAME'.padEnd(width)}  ORIGIN    TOOLS  DESCRIPTION`)}\n`);
  for (const skill of terminalSafeDeep(skills)) {
    const about = skill.unavailable ? style.red(`unavailable: ${skill.unavailable}`) : (skill.description ?? '');
    io.stdout.write(
      `${skill.name.padEnd(width)}  ${skill.origin.padEnd(8)}  ${String(skill.tools.length).padStart(5)}  ${about}`.trimEnd() +
        '\n',
    );
  }
  return ExitCode.Completed;
}

function toolLines(tool: Tool): string[] {
  return [`  ${tool.name}: ${tool.description}`.trimEnd(), `    args: ${argumentSummary(tool.input_schema)}`];
}

/** Prints one skill's tools with their arguments (`--json`: the full schemas); exit 2 for an unknown skill or tool. */
export async function skillsDescribeCommand(cmd: { names: string[]; json: boolean }, io: CliIo): Promise<ExitCode> {
  const [name, toolName] = cmd.names;
  const skills = await withWorkflowEngine(io.cwd, (engine) => engine.listSkills());
  if (name === undefined) {
    io.stderr.write(`error: name a skill: ${skills.map((skill) => skill.name).join(', ')}\n`);
    return ExitCode.Invalid;
  }
  const skill = skills.find((candidate) => candidate.name === name);
  if (!skill) {
    io.stderr.write(`error: unknown skill "${terminalSafe(name)}"; skills: ${skills.map((s) => s.name).join(', ')}\n`);
    return ExitCode.Invalid;
  }
  const tools = toolName === undefined ? skill.tools : skill.tools.filter((tool) => tool.name === toolName);
  if (tools.length === 0 && toolName !== undefined) {
    const names = skill.tools.map((tool) => tool.name).join(', ') || '(none)';
    io.stderr.write(`error: skill "${skill.name}" has no tool "${terminalSafe(toolName)}"; its tools: ${names}\n`);
    return ExitCode.Invalid;
  }
  if (cmd.json) {
    io.stdout.write(`${terminalJson(toolName === undefined ? skill : tools[0], 2)}\n`);
    return ExitCode.Completed;
  }
  const shown = terminalSafeDeep({ ...skill, tools });
  const lines = [`${shown.name} (${shown.origin}${shown.description ? `: ${shown.description}` : ''})`];
  if (shown.unavailable) lines.push(`  unavailable: ${shown.unavailable}`);
  for (const tool of shown.tools) lines.push(...toolLines(tool));
  io.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Completed;
}

/** Fetches the MCP servers' tool lists again; exit 1 when one could not be fetched. */
export async function skillsRefreshCommand(cmd: { servers: string[]; json: boolean }, io: CliIo): Promise<ExitCode> {
  const results = await withWorkflowEngine(io.cwd, (engine) => engine.refreshSkills(cmd.servers));
  if (cmd.json) {
    io.stdout.write(`${terminalJson(results, 2)}\n`);
  } else if (results.length === 0) {
    io.stdout.write('no MCP servers in skills.toml\n');
  } else {
    const style = createStyle(colorEnabled(io.stdout, io.env));
    for (const result of terminalSafeDeep(results)) {
      io.stdout.write(
        result.error === undefined
          ? `${style.green('✓')} ${result.server}: ${plural(result.tools ?? 0, 'tool')}\n`
          : `${style.red('✗')} ${result.server}: ${result.error}\n`,
      );
    }
  }
  return results.some((result) => result.error !== undefined) ? ExitCode.Failed : ExitCode.Completed;
}
