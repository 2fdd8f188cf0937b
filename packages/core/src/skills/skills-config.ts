// Reads the project's `skills.toml` (next to `.workflows/`): the MCP servers its workflows may call.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, type McpServerDeclaration, WorkflowError } from '@skill/workflow-model';
import { parseSkillsConfig } from '@skill/workflow-parser';

/** The name of the declarations file in a project folder. */
export const SKILLS_CONFIG_FILE = 'skills.toml';

/**
 * The MCP servers declared in `<projectDir>/skills.toml` (none when the file does not exist). Throws
 * `SKILLS_CONFIG_INVALID`, listing each problem with its file, line and column, when the file has mistakes.
 */
export async function readSkillsConfig(projectDir: string): Promise<McpServerDeclaration[]> {
  const file = path.join(projectDir, SKILLS_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new WorkflowError('SKILLS_CONFIG_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
  const { mcpServers, diagnostics } = parseSkillsConfig(text, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n');
    throw new WorkflowError('SKILLS_CONFIG_INVALID', `${file} is invalid:\n${lines}`, {
      retryable: false,
      diagnostics: errors,
    });
  }
  return mcpServers;
}
