// The skill registry: built-in skills, skills given to createEngine, and modules in the project's `skills/` folder.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Skill, WorkflowError } from '@skill/workflow-model';

/**
 * Where a skill comes from: built into the engine, a JavaScript module (skills/ or createEngine), an MCP server
 * (skills.toml) or a Skill Engine manifest (.skill-engine.toml).
 */
export type SkillOrigin = 'builtin' | 'module' | 'mcp' | 'manifest';

/**
 * Which origin wins when two skills share a name: a module (the project's `skills/` folder or createEngine)
 * over an MCP server over a manifest skill over a built-in.
 */
const PRECEDENCE: Record<SkillOrigin, number> = { builtin: 0, manifest: 1, mcp: 2, module: 3 };

/** Skills by name, one per name: of two with the same name, the origin of higher precedence wins. */
export class SkillRegistry {
  readonly #skills = new Map<string, { skill: Skill; origin: SkillOrigin }>();

  /**
   * Registers `skill` unless a skill of the same name comes from an origin of higher precedence; a later
   * registration from the same origin replaces the earlier one. True when registered.
   */
  add(skill: Skill, origin: SkillOrigin = 'module'): boolean {
    const current = this.#skills.get(skill.name);
    if (current && PRECEDENCE[current.origin] > PRECEDENCE[origin]) return false;
    this.#skills.set(skill.name, { skill, origin });
    return true;
  }

  get(name: string): Skill | undefined {
    return this.#skills.get(name)?.skill;
  }

  /** Removes the skill named `name`. */
  remove(name: string): void {
    this.#skills.delete(name);
  }

  /** Where the skill named `name` comes from. */
  originOf(name: string): SkillOrigin | undefined {
    return this.#skills.get(name)?.origin;
  }

  names(): string[] {
    return [...this.#skills.keys()].sort();
  }
}

function isSkill(value: unknown): value is Skill {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Skill>;
  return typeof candidate.name === 'string' && !!candidate.tools && typeof candidate.tools === 'object';
}

/**
 * Imports every `*.js` / `*.mjs` module of `dir` and returns the skills they export (the default export,
 * or any named export that is a skill). A folder that does not exist gives no skills; a module that fails
 * to load is an error naming the file.
 */
export async function loadSkillsFolder(dir: string): Promise<Skill[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(m?js)$/.test(n)).sort();
  } catch {
    return [];
  }
  const skills: Skill[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new WorkflowError('SKILL_LOAD_FAILED', `cannot load skill module ${file}: ${(error as Error).message}`);
    }
    const found = Object.values(module).filter(isSkill);
    if (found.length === 0) {
      throw new WorkflowError('SKILL_LOAD_FAILED', `${file} exports no skill (an object with "name" and "tools")`);
    }
    skills.push(...found);
  }
  return skills;
}
