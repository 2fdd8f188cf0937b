// Settings of the warm sandbox pool (size, idle time, memory ceiling), their defaults and the SKILL_WARM_POOL* variables.
import { parseDuration, parseMemory } from '@skill/workflow-model';
import { configurationError, SandboxErrorCode } from '../sandbox-errors.js';

/** How many pre-started containers the pool keeps and for how long. */
export interface WarmPoolOptions {
  /** Idle containers kept ready per key (image, limits, network, user, mounts ...); 0 turns the pool off. */
  size: number;
  /** An idle container waiting longer than this is removed (ms). */
  idleMs: number;
  /** Ceiling of the summed memory limits of the idle and starting pool containers (bytes). */
  memoryCeilingBytes: number;
}

/** The largest `size` accepted (per key). */
export const MAX_WARM_POOL_SIZE = 32;

/** Defaults: 2 per key, idle for at most 2 minutes, at most 8 GiB of memory limits waiting. */
export const WARM_POOL_DEFAULTS: Readonly<WarmPoolOptions> = {
  size: 2,
  idleMs: 120_000,
  memoryCeilingBytes: 8 * 1024 ** 3,
};

/** The pool settings as read from text (flags, environment): every field optional. */
export interface WarmPoolSettingsText {
  size?: string;
  idle?: string;
  memory?: string;
}

function invalid(name: string, value: string, forms: string): never {
  throw configurationError(SandboxErrorCode.InvalidValue, `${name} must be ${forms}, got "${value}"`);
}

/**
 * Settings from text, each named in errors (e.g. `SKILL_WARM_POOL`): `size` an integer 0..32, `idle` a
 * duration (`90s`, `5m`; a bare number is seconds), `memory` a size (`4g`, `512m`). Missing ones take
 * `defaults`. Throws INVALID_VALUE naming the setting.
 *
 * @example
 * parseWarmPoolSettings({ size: '4', idle: '5m' }, { size: 'SKILL_WARM_POOL', idle: 'SKILL_WARM_POOL_IDLE', memory: 'SKILL_WARM_POOL_MEMORY' });
 * // { size: 4, idleMs: 300000, memoryCeilingBytes: 8589934592 }
 */
export function parseWarmPoolSettings(
  text: WarmPoolSettingsText,
  names: Required<WarmPoolSettingsText>,
  defaults: Readonly<WarmPoolOptions> = WARM_POOL_DEFAULTS,
): WarmPoolOptions {
  const options = { ...defaults };
  const size = text.size?.trim();
  if (size) {
    if (!/^\d+$/.test(size) || Number(size) > MAX_WARM_POOL_SIZE) {
      invalid(names.size, size, `an integer from 0 to ${MAX_WARM_POOL_SIZE} (0 turns the pool off)`);
    }
    options.size = Number(size);
  }
  const idle = text.idle?.trim();
  if (idle) {
    try {
      options.idleMs = parseDuration(idle);
    } catch {
      invalid(names.idle, idle, 'a duration such as 90s or 5m');
    }
    if (options.idleMs <= 0) invalid(names.idle, idle, 'a duration above 0');
  }
  const memory = text.memory?.trim();
  if (memory) {
    try {
      options.memoryCeilingBytes = parseMemory(memory);
    } catch {
      invalid(names.memory, memory, 'a memory size such as 4g or 512m');
    }
  }
  return options;
}

/** The names of the environment variables the server and the CLI read. */
export const WARM_POOL_VARIABLES = {
  size: 'SKILL_WARM_POOL',
  idle: 'SKILL_WARM_POOL_IDLE',
  memory: 'SKILL_WARM_POOL_MEMORY',
} as const;

/**
 * The pool settings from `SKILL_WARM_POOL` (size), `SKILL_WARM_POOL_IDLE` and `SKILL_WARM_POOL_MEMORY`.
 *
 * @example
 * warmPoolFromEnv({ SKILL_WARM_POOL: '0' }).size; // 0: the pool is off
 */
export function warmPoolFromEnv(
  env: Record<string, string | undefined>,
  defaults: Readonly<WarmPoolOptions> = WARM_POOL_DEFAULTS,
): WarmPoolOptions {
  return parseWarmPoolSettings(
    {
      size: env[WARM_POOL_VARIABLES.size],
      idle: env[WARM_POOL_VARIABLES.idle],
      memory: env[WARM_POOL_VARIABLES.memory],
    },
    WARM_POOL_VARIABLES,
    defaults,
  );
}
