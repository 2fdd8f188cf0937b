// A command's environment as a difference from the spawner's base environment: a few keys instead of all of them.

/** A base environment: variables without a prototype (so `__proto__` stays a variable) and their count. */
export interface EnvBase {
  vars: Record<string, string>;
  count: number;
}

/** Keys to set (new or changed) and keys to remove, relative to a base environment. */
export interface EnvDiff {
  set: Record<string, string>;
  /** Omitted when nothing is removed. */
  unset?: string[];
}

/** A copy of `env` to diff against (and to send to the spawner once). */
export function snapshotEnv(env: NodeJS.ProcessEnv = process.env): EnvBase {
  const vars: Record<string, string> = Object.create(null);
  let count = 0;
  for (const key in env) {
    const value = env[key];
    if (value === undefined) continue;
    vars[key] = value;
    count += 1;
  }
  return { vars, count };
}

/**
 * What turns `base` into `env`. Like `child_process.spawn`, it reads `env` with `for...in` (inherited keys
 * count) and skips `undefined` values; a value that is not a string is sent as its string form.
 */
export function envDiff(base: EnvBase, env: NodeJS.ProcessEnv): EnvDiff {
  const set: Record<string, string> = Object.create(null);
  let kept = 0;
  for (const key in env) {
    const value = env[key];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : String(value);
    if (key in base.vars) kept += 1;
    if (base.vars[key] !== text) set[key] = text;
  }
  if (kept === base.count) return { set };
  const present = new Set<string>();
  for (const key in env) if (env[key] !== undefined) present.add(key);
  return { set, unset: Object.keys(base.vars).filter((key) => !present.has(key)) };
}
