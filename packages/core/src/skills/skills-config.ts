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
import { parseSkillManifest, parseSkillMd, parseSkillsConfig } from '@skill/workflow-parser';

/** The name of the declarations file in a project folder. */
export const SKILLS_CONFIG_FILE = 'skills.toml';
/** The name of the Skill Engine manifest in a project folder. */
export const SKILL_MANIFEST_FILE = '.skill-engine.toml';

/** The file a native skill's tools are documented in, in its program's folder. */
const SKILL_MD_FILE = 'SKILL.md';

/** Throws `SKILLS_CONFIG_INVALID` listing each error of `diagnostics` (read from `file`) with its location. */
function refuseErrors(file: string, diagnostics: Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const lines = errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n');
  throw new WorkflowError('SKILLS_CONFIG_INVALID', `${file} is invalid:\n${lines}`, {
    retryable: false,
    diagnostics: errors,
  });
}

/** The text of `file`, or undefined when it does not exist. */
async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new WorkflowError('SKILLS_CONFIG_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
}

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
  const text = await readIfPresent(file);
  if (text === undefined) return missing;
  const { value, diagnostics } = parse(text, file);
  refuseErrors(file, diagnostics);
  return value;
}

/** The MCP servers declared in `<projectDir>/skills.toml` (none when the file does not exist). */
export function readSkillsConfig(projectDir: string): Promise<McpServerDeclaration[]> {
  return readDeclarations(projectDir, SKILLS_CONFIG_FILE, [], (text, file) => {
    const { mcpServers, diagnostics } = parseSkillsConfig(text, file);
    return { value: mcpServers, diagnostics };
  });
}

/** A native skill with a SKILL.md next to its program gets the tools that file documents. */
async function withSkillMdTools(declaration: ManifestSkillDeclaration): Promise<ManifestSkillDeclaration> {
  if (declaration.runtime !== 'native' || declaration.program === undefined) return declaration;
  const file = path.join(path.dirname(declaration.program), SKILL_MD_FILE);
  const text = await readIfPresent(file);
  if (text === undefined) return declaration;
  const { tools, description, diagnostics } = parseSkillMd(text, file);
  refuseErrors(file, diagnostics);
  const described = declaration.description ?? description;
  return { ...declaration, tools, ...(described === undefined ? {} : { description: described }) };
}

/**
 * The skills declared in `<projectDir>/.skill-engine.toml` (none when the file does not exist); a native skill whose
 * program's folder holds a SKILL.md has the tools it documents. Throws `SKILLS_CONFIG_INVALID` with located problems.
 */
export async function readSkillManifest(projectDir: string): Promise<ManifestSkillDeclaration[]> {
  const declared = await readDeclarations(projectDir, SKILL_MANIFEST_FILE, [], (text, file) => {
    const { skills, diagnostics } = parseSkillManifest(text, projectDir, file);
    return { value: skills, diagnostics };
  });
  return Promise.all(declared.map(withSkillMdTools));
}
