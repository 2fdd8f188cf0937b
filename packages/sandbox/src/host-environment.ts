// The environment a host process inherits from the engine: the engine's own, less the secrets it holds.

/** Engine variables that hold secrets (`SKILL_SECRET_<NAME>`): a step gets a secret only through a template. */
const SECRET_VARIABLE = /^SKILL_SECRET_/;

/**
 * A copy of the engine's environment for a host process, without the `SKILL_SECRET_*` variables:
 * a step that references `{secrets.A}` must not be able to read secret B from its environment.
 */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!SECRET_VARIABLE.test(key)) env[key] = value;
  return env;
}
