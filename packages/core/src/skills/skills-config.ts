// Reads the project's skill declarations next to `.workflows/`: `skills.toml` (the MCP servers its workflows may
// call) and `.skill-engine.toml` (Skill Engine skills).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Diagnostic,
  formatDiagnostic,
  type ManifestSkillDeclaration,
  type McpServerDeclaration,
  WorkflowError,
} from '@skill/workflow-model';
import { parseSkillManifest, parseSkillsConfig } from '@skill/workflow-parser';

/** The name of the declarations file in a project folder. */
export const SKILLS_CONFIG_FILE = 'skills.toml';
/** The name of the Skill Engine manifest in a project folder. */
export const SKILL_MANIFEST_FILE = '.skill-engine.toml';

/**
 * What `parse` reads from the file `name` of `projectDir` (`missing` when the file does not exist). Throws
 * `SKILLS_CONFIG_INVALID`, listing each problem with its file, line and column, when the file has mistakes.
 */
async function readDeclarations<T>(
  projectDir: string,
  name: string,
  missing: T,
  parse: (text: string, file: string) => { value: T; diagnostics: Diagnostic[] },
): Promise<T> {
  const file = path.join(projectDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw new WorkflowError('SKILLS_CONFIG_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
  const { value, diagnostics } = parse(text, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n');
    throw new WorkflowError('SKILLS_CONFIG_INVALID', `${file} is invalid:\n${lines}`, {
      retryable: false,
      diagnostics: errors,
    });
  }
  return value;
}

/** The MCP servers declared in `<projectDir>/skills.toml` (none when the file does not exist). */
export function readSkillsConfig(projectDir: string): Promise<McpServerDeclaration[]> {
  return readDeclarations(projectDir, SKILLS_CONFIG_FILE, [], (text, file) => {
    const { mcpServers, diagnostics } = parseSkillsConfig(text, file);
    return { value: mcpServers, diagnostics };
  });
}

/** The skills declared in `<projectDir>/.skill-engine.toml` (none when the file does not exist). */
export function readSkillManifest(projectDir: string): Promise<ManifestSkillDeclaration[]> {
  return readDeclarations(projectDir, SKILL_MANIFEST_FILE, [], (text, file) => {
    const { skills, diagnostics } = parseSkillManifest(text, projectDir, file);
    return { value: skills, diagnostics };
  });
}
