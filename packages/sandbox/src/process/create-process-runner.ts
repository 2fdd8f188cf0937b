// The one place a ProcessRunner is chosen: from an explicit choice, or from SKILL_SPAWNER and the platform.
import { InProcessRunner } from './in-process-runner.js';
import type { ProcessRunner, ProcessRunnerKind } from './process-runner.js';
import { SpawnerRunner } from './spawner-runner.js';

/**
 * The choice `SKILL_SPAWNER` makes: `0` spawns in-process, `node` picks the Node spawner, anything else (or unset)
 * the C spawner, which falls back to the Node one where it was not built (no C compiler, not Linux).
 *
 * @example
 * processRunnerKind({ SKILL_SPAWNER: '0' }); // 'in-process'
 */
export function processRunnerKind(env: NodeJS.ProcessEnv = process.env): ProcessRunnerKind {
  const chosen = env.SKILL_SPAWNER;
  if (chosen === '0') return 'in-process';
  if (chosen === 'node') return 'node';
  return 'native';
}

/**
 * Creates a ProcessRunner of `kind` (default: {@link processRunnerKind} of `process.env`). Nothing starts until
 * the first run or `warmUp()`; `close()` stops its helper process.
 *
 * @example
 * const runner = createProcessRunner();
 * const outcome = await runner.run({ file: '/bin/sh', args: ['-c', 'echo hi'], cwd: '.', env: process.env,
 *   signal, outputLimitBytes: 1 << 20, killGraceMs: 2000, drainAfterExitMs: 1000 });
 */
export function createProcessRunner(kind: ProcessRunnerKind = processRunnerKind()): ProcessRunner {
  return kind === 'in-process' ? new InProcessRunner() : new SpawnerRunner(kind);
}
