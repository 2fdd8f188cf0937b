// Runs one child process in its own process group and marked as its step's: capped output capture, live lines,
// group kill on abort, and every marked leftover (setsid children too) killed when it ends.
import { markStep, reapStep } from '@skill/sandbox';
import { notStarted, type ProcessOutcome, type ProcessSpec } from './process-spec.js';
import { runProcessInProcess } from './run-in-process.js';
import { runInSpawner, spawnerEnabled } from './spawner-client.js';

export type { ProcessOutcome, ProcessSpec } from './process-spec.js';

/**
 * Spawns `file args` detached (its own process group, so the whole tree can be killed), captures
 * stdout and stderr up to the cap, and resolves when the process has exited and its pipes closed.
 * On abort: SIGTERM to the group, SIGKILL after the grace period, then resolves with `cancelled`.
 * Rejects with a `WorkflowError` only when the process cannot be started.
 *
 * The spawn happens in the spawner, a small forked Node process (forking a big engine costs more), or
 * in this process when `SKILL_SPAWNER=0` or the spawner is unavailable. The outcome is the same.
 *
 * The process gets the step marker (`SKILL_STEP`, see @skill/sandbox markStep); before this settles, every process
 * still carrying it is killed, so nothing a step starts outlives it. The spawners kill them too if the engine dies.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  if (spec.signal.aborted) return notStarted();
  const mark = markStep(spec.env);
  const marked = { ...spec, env: mark.env };
  try {
    return await (spawnerEnabled() ? runInSpawner(marked) : runProcessInProcess(marked));
  } finally {
    await reapStep(mark.token);
  }
}
