// `skill init [dir]`: scaffolds a project through core's initProject and says what it created and what it kept.
import path from 'node:path';
import { initProject } from '@skill/workflow-core/project-init';
import type { CliIo } from '../cli-io.js';
import type { InitCommand } from '../command-types.js';
import { ExitCode } from '../exit-codes.js';
import { terminalSafe } from '../render/terminal-safe.js';

const VERB = { created: 'created', exists: 'kept   ', updated: 'updated' } as const;
const NOTE = {
  created: '',
  exists: ' (exists, not overwritten)',
  updated: " (this skill version's JSON Schema)",
} as const;

/** Creates the missing project files; exits 0 (a file that exists is kept and listed). */
export async function initCommand(cmd: InitCommand, io: CliIo): Promise<ExitCode> {
  const result = await initProject(path.resolve(io.cwd, cmd.dir[0] ?? '.'));
  const lines = result.files.map((f) => `${VERB[f.outcome]} ${f.path}${NOTE[f.outcome]}`);
  if (result.gitignoreMissesSkill)
    lines.push('note: add ".skill/" to .gitignore (it holds execution history and secrets)');
  const relative = path.relative(io.cwd, result.dir);
  const where = relative.startsWith('..') ? result.dir : relative;
  const cd = where === '' ? '' : `cd ${where} && `;
  lines.push('', `Next: ${cd}skill workflow run hello`);
  io.stdout.write(`${terminalSafe(lines.join('\n'))}\n`);
  return ExitCode.Completed;
}
