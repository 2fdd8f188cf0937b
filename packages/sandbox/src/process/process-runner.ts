// The ProcessRunner contract: start one command, feed its stdin, capture capped output, kill its whole tree.
import { markStep, reapStep, releaseStep } from '../step-reaper.js';
import { notStarted, type ProcessOutcome, type ProcessSpec } from './process-spec.js';

/** The implementations: the C spawner, the Node spawner, or spawning from the engine process itself. */
export type ProcessRunnerKind = 'native' | 'node' | 'in-process';

/** What an implementation can do beyond the common contract (the contract suite tests both answers). */
export interface ProcessRunnerCapabilities {
  /** Commands are spawned by a small helper process (their parent), not by the engine: cheaper than a big fork. */
  helperProcess: boolean;
  /** When the engine dies (even SIGKILL), the helper kills the running commands and every process marked as a step. */
  killsStepsWhenEngineDies: boolean;
  /**
   * Each run gets a cgroup of its own where the system allows one (root, or a delegated cgroup2 subtree), so even a
   * child that left the process group and cleared its environment (`setsid env -i`) dies with the run.
   */
  stepCgroup: boolean;
}

/**
 * Runs commands as local processes. Every implementation:
 * - spawns `file args` in a process group (session) of its own, with `cwd`, `env` and `stdin` (then closed);
 * - captures stdout and stderr up to `outputLimitBytes` each, still draining past it, and reports live lines;
 * - on abort sends SIGTERM to the group, SIGKILL after `killGraceMs`, and resolves with `cancelled`;
 * - marks the process as a step (SKILL_STEP) and, once the run is over, kills whatever it left running (the
 *   background-children rule in docs/semantics.md): its group, its step cgroup where it had one, and (without a
 *   cgroup that was emptied) every process still carrying its marker;
 * - rejects with a `WorkflowError` only when the process cannot be started.
 */
export interface ProcessRunner {
  readonly kind: ProcessRunnerKind;
  readonly capabilities: ProcessRunnerCapabilities;
  /** Runs one process to its end. */
  run(spec: ProcessSpec): Promise<ProcessOutcome>;
  /** Starts the helper process now, so the first run does not wait for it; a no-op where there is none. */
  warmUp(): void;
  /** Stops the helper process (running commands die with it); later runs start a new one. */
  close(): void;
}

/**
 * Runs `spawn` as one step: not at all when the signal already fired, with the step marker in the environment,
 * and with every process still carrying the marker killed before it settles, unless the outcome says the run was
 * contained (its step cgroup, emptied and removed, held everything it started: a scan of /proc would find nothing).
 */
export async function runAsStep(
  spec: ProcessSpec,
  spawn: (marked: ProcessSpec) => Promise<ProcessOutcome>,
): Promise<ProcessOutcome> {
  if (spec.signal.aborted) return notStarted();
  const mark = markStep(spec.env);
  let outcome: ProcessOutcome | undefined;
  try {
    outcome = await spawn({ ...spec, env: mark.env });
    return outcome;
  } finally {
    if (outcome?.contained === true) releaseStep(mark.token);
    else await reapStep(mark.token);
  }
}
