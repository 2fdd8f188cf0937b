// Which keys belong to which step type, and how step_type is inferred when a step omits it.
import { BUILTIN_STEP_TYPES, type BuiltinStepType, isBuiltinStepType, isJsonObject } from '@skill/workflow-model';

/** Keys every step may have, whatever its type. */
export const BASE_STEP_KEYS: readonly string[] = [
  'id',
  'step_type',
  'description',
  'depends_on',
  'when',
  'timeout',
  'continue_on_error',
  'memory_limit',
  'cpu_limit',
  'retry',
  'runs_on',
];

/** Keys owned by each built-in type (a step of another type may not use them). */
const TYPE_KEYS: Readonly<Record<BuiltinStepType, readonly string[]>> = {
  skill: ['skill', 'tool', 'args'],
  command: ['command', 'env', 'working_dir', 'stdin'],
  http: ['http'],
  foreach: ['items', 'parallel', 'max_parallel', 'max_iterations', 'loop'],
  docker_container: ['docker'],
  inline_code: ['inline_code'],
  approval: ['message', 'fields', 'on_timeout'],
  sleep: ['duration', 'until'],
  workflow: ['workflow', 'inputs'],
};

/** Keys a step of each built-in type must have. */
const REQUIRED_TYPE_KEYS: Readonly<Record<BuiltinStepType, readonly string[]>> = {
  skill: ['skill', 'tool'],
  command: ['command'],
  http: ['http'],
  foreach: ['items', 'loop'],
  docker_container: ['docker'],
  inline_code: ['inline_code'],
  approval: ['message'],
  sleep: [],
  workflow: ['workflow'],
};

/** Custom step types (registered by executors) keep their settings in `args`. */
const CUSTOM_TYPE_KEYS: readonly string[] = ['args'];

/** The keys a step of `type` owns besides the base keys (custom types: `args`). */
export function typeKeys(type: string): readonly string[] {
  return isBuiltinStepType(type) ? TYPE_KEYS[type] : CUSTOM_TYPE_KEYS;
}

/** The keys a step of `type` must have (none for custom types). */
export function requiredTypeKeys(type: string): readonly string[] {
  return isBuiltinStepType(type) ? REQUIRED_TYPE_KEYS[type] : [];
}

/**
 * Step type inference when `step_type` is omitted. The first rule that matches wins:
 * a `command` key -> "command"; an `http` table -> "http"; a `skill` key -> "skill";
 * `items` or `loop` -> "foreach"; a `docker` table -> "docker_container";
 * an `inline_code` table -> "inline_code"; a `workflow` key -> "workflow". Nothing matches -> undefined (STEP_TYPE_MISSING).
 */
export function inferStepType(step: Readonly<Record<string, unknown>>): string | undefined {
  if (step.command !== undefined) return 'command';
  if (isJsonObject(step.http)) return 'http';
  if (step.skill !== undefined) return 'skill';
  if (step.items !== undefined || step.loop !== undefined) return 'foreach';
  if (isJsonObject(step.docker)) return 'docker_container';
  if (isJsonObject(step.inline_code)) return 'inline_code';
  if (step.workflow !== undefined) return 'workflow';
  return undefined;
}

/** The built-in type that owns `key`, if any. */
export function ownerOfKey(key: string): BuiltinStepType | undefined {
  return BUILTIN_STEP_TYPES.find((type) => TYPE_KEYS[type].includes(key));
}
