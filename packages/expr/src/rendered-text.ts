// What rendering templates into shell or code text produces: the text, and the variables carrying the values.
import type { Reference } from './reference.js';

/**
 * Shell or code text whose templates were replaced by quoted references or literals, and the
 * environment variables that must be set for it (values that travel outside the text).
 */
export interface RenderedText {
  text: string;
  env: Record<string, string>;
}

/** A template standing where the engine cannot quote it safely: a located validation error. */
export interface TemplatePlaceProblem {
  ref: Reference;
  message: string;
  hint?: string;
}

/** Prefix of the environment variables that carry template values into a shell (`SKILL_TPL_1`, ...). */
export const TEMPLATE_ENV_PREFIX = 'SKILL_TPL_';

/** Prefix of the environment variables that carry secrets into code (`SKILL_SECRET_TOKEN`). */
export const SECRET_ENV_PREFIX = 'SKILL_SECRET_';
