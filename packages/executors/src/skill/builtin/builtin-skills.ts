// The skills every engine has: python, node, bash and ruby (`execute`) and http (`request`).
import type { Skill } from '@skill/workflow-model';
import { type CodeSkillSandboxes, codeSkills } from './code-skills.js';
import { httpSkill } from './http-skill.js';

/** Sandboxes of the built-in code skills: Docker defaults to a shared one, native to one on `processRunner`. */
export type BuiltinSkillsOptions = CodeSkillSandboxes;

/**
 * The built-in skills: `python`, `node`, `bash`, `ruby` with tool `execute` (args `script` or `code`,
 * `stdin`, `env`, `image`, `unsafe_native`; runs like an inline_code step, in a container by default)
 * and `http` with tool `request` (args `url`, `method`, `headers`, `body`, `timeout`).
 */
export function builtinSkills(options: BuiltinSkillsOptions = {}): Skill[] {
  return [...codeSkills(options), httpSkill()];
}
