// The skills every engine has: python, node, bash and ruby (`execute`) and http (`request`).
import type { Sandbox } from '@skill/sandbox';
import type { Skill } from '@skill/workflow-model';
import { codeSkills } from './code-skills.js';
import { httpSkill } from './http-skill.js';

/** Sandboxes of the built-in code skills; each defaults to a shared, lazily created one. */
export interface BuiltinSkillsOptions {
  /** Runs code in containers (default: DockerSandbox). */
  docker?: Sandbox;
  /** Runs `unsafe_native` code on the host (default: NativeSandbox). */
  native?: Sandbox;
}

/**
 * The built-in skills: `python`, `node`, `bash`, `ruby` with tool `execute` (args `script` or `code`,
 * `stdin`, `env`, `image`, `unsafe_native`; runs like an inline_code step, in a container by default)
 * and `http` with tool `request` (args `url`, `method`, `headers`, `body`, `timeout`).
 */
export function builtinSkills(options: BuiltinSkillsOptions = {}): Skill[] {
  return [...codeSkills(options), httpSkill()];
}
