// The environment a host process starts from: the engine's own less its secrets (`inherit`), or only a short allow-list (`clean`).
import type { StepEnvironment } from '@skill/workflow-model';

/** Engine variables that hold secrets (`SKILL_SECRET_<NAME>`): a step gets a secret only through a template. */
const SECRET_VARIABLE = /^SKILL_SECRET_/;

/**
 * What a `clean` environment keeps: where programs and home are, locale and time zone, the temporary folder,
 * the user, shell and terminal, and proxies (any case). Nothing else: not SKILL_TOKEN, not a database URL.
 */
const CLEAN_VARIABLE =
  /^(PATH|HOME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|USER|LOGNAME|SHELL|TERM|(HTTP|HTTPS|NO)_PROXY)$/i;

/**
 * A copy of the engine's environment for a host process. `inherit` (the local CLI: the user's own shell) keeps
 * everything but the `SKILL_SECRET_*` variables, so a step that references `{secrets.A}` cannot read secret B;
 * `clean` (the server) keeps only PATH, HOME, LANG, LC_*, TZ, TMPDIR, USER, LOGNAME, SHELL, TERM and the
 * proxy variables, so the server's credentials never reach a step. The step adds what it declares.
 *
 * @example
 * hostEnvironment('clean'); // { PATH: '/usr/bin:/bin', HOME: '/home/app', LANG: 'C.UTF-8' }
 */
export function hostEnvironment(mode: StepEnvironment = 'inherit'): NodeJS.ProcessEnv {
  const keep =
    mode === 'clean' ? (key: string) => CLEAN_VARIABLE.test(key) : (key: string) => !SECRET_VARIABLE.test(key);
  const env: NodeJS.ProcessEnv = {};
  // Names first, then the values kept: each value read from process.env is a call into the C++ side.
  for (const key of Object.keys(process.env)) if (keep(key)) env[key] = process.env[key];
  return env;
}
