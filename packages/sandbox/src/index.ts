// Public entry of @skill/sandbox: the Sandbox contract, its Docker and native implementations, the Docker policy,
// and the ProcessRunner that starts every local process.

/** Container labels (`skill.execution_id`, `skill.step_id` ...) and policy defaults (network none, user, pids limit). */
export { DockerDefaults, SandboxLabel } from './docker-container-config.js';
/** How DockerSandbox delivers `spec.files`: `auto` (read-only binds with a local engine when possible) or `archive`. */
export type { FileDelivery } from './docker-file-mounts.js';
/**
 * The run-time Docker policy (the model's shared rules on resolved values): one message per
 * violation, empty when allowed; {@link dockerPolicyError} turns them into the POLICY_VIOLATION error.
 *
 * @example
 * checkDockerPolicy({ network: 'host' }); // ['the host network is not allowed (use "none", the default, or "bridge")']
 */
export { checkDockerPolicy, type DockerPolicyInput, dockerPolicyError } from './docker-policy.js';
/**
 * Runs each command in a fresh, locked-down container (network none, user 65534:65534, no
 * capabilities, no new privileges, pids limit) and always removes it.
 *
 * @example
 * const sandbox = new DockerSandbox();
 * const r = await sandbox.run({ image: 'alpine:latest', command: ['echo', 'hi'], signal, outputLimitBytes: 1 << 20 });
 * // r.exitCode === 0, r.stdout === 'hi\n'
 */
export {
  DEFAULT_STOP_GRACE_MS,
  DockerSandbox,
  type DockerSandboxOptions,
  defaultDockerSandbox,
  type SandboxContainer,
} from './docker-sandbox.js';
export { hostEnvironment } from './host-environment.js';
/** Limits of live output lines per stream and run. */
export { LineLogger, LiveLogLimits } from './live-lines.js';
/**
 * Runs commands as local processes (`unsafe_native`) in a private temp folder and process group.
 *
 * @example
 * const r = await new NativeSandbox().run({ native: true, command: ['python3', 'main.py'],
 *   files: [{ path: 'main.py', content: 'print(1)' }], signal, outputLimitBytes: 1 << 20 });
 */
export { NativeSandbox, type NativeSandboxOptions } from './native-sandbox.js';
/**
 * The ProcessRunner: start a local process, feed its stdin, capture capped output, kill its whole tree. Three
 * implementations: the C spawner and the Node spawner ({@link SpawnerRunner}) and {@link InProcessRunner};
 * {@link createProcessRunner} picks one (SKILL_SPAWNER: `0` in-process, `node`, else the C one where built).
 *
 * @example
 * const runner = createProcessRunner();
 * const outcome = await runner.run({ file: 'echo', args: ['hi'], cwd: '.', env: process.env, signal,
 *   outputLimitBytes: 1 << 20, killGraceMs: 2000, drainAfterExitMs: 1000 }); // outcome.stdout === 'hi\n'
 */
export { createProcessRunner, processRunnerKind } from './process/create-process-runner.js';
export { InProcessRunner } from './process/in-process-runner.js';
export type { ProcessRunner, ProcessRunnerCapabilities, ProcessRunnerKind } from './process/process-runner.js';
export type { ProcessOutcome, ProcessSpec } from './process/process-spec.js';
/** Whether a process exists (`kill(pid, 0)`, EPERM counts as alive). */
export { isProcessAlive } from './process/signal-group.js';
export { SpawnerRunner, type SpawnerState } from './process/spawner-runner.js';
/** The Sandbox contract: what to run ({@link SandboxRunSpec}) and how it ended ({@link SandboxResult}). */
export type { Sandbox, SandboxFile, SandboxResult, SandboxRunSpec, SandboxVolume } from './sandbox.js';
/** Stable error codes the sandbox raises (DOCKER_UNAVAILABLE, IMAGE_UNAVAILABLE, VOLUME_PERMISSION, OOM_KILLED ...). */
export { SandboxErrorCode } from './sandbox-errors.js';
/**
 * Step containment without privileges: {@link markStep} puts a token in a step's environment (SKILL_STEP),
 * {@link reapStep} kills whatever still carries it when the step ends (setsid children too),
 * {@link reapOrphanedSteps} kills the steps of engines that died.
 *
 * @example
 * const mark = markStep(process.env); // spawn with mark.env ...
 * await reapStep(mark.token); // after the step: nothing it started is left
 */
export {
  markerOwnerDead,
  markStep,
  reapOrphanedSteps,
  reapStep,
  STEP_MARKER_VARIABLE,
  type StepMark,
} from './step-reaper.js';
/** Captures a stream up to a byte cap (draining the rest) and reports bounded live lines. */
export { StreamCapture } from './stream-capture.js';
/**
 * For a failed run whose stderr says "permission denied" about a volume: a message naming the
 * host path and the `user` to set. Undefined when the failure is not about a volume.
 *
 * @example
 * await volumePermissionProblem('touch: /out/x: Permission denied', [{ host: '/srv/out', container: '/out', readOnly: false }], undefined);
 * // 'permission denied on volume /srv/out (mounted at /out) for container user 65534:65534: it belongs to 0:0 ...'
 */
export { volumePermissionProblem } from './volume-permission.js';
/**
 * Warm sandboxes: pre-started containers per key (image, limits, network, user ...), each used for one run and
 * removed; the rest runs cold. {@link warmPoolFromEnv} reads SKILL_WARM_POOL, SKILL_WARM_POOL_IDLE and SKILL_WARM_POOL_MEMORY.
 *
 * @example
 * const sandbox = new WarmDockerSandbox(warmPoolFromEnv(process.env));
 * const r = await sandbox.run({ image: 'python:3.11-slim', command: ['python3', '-c', 'print(1)'], signal, outputLimitBytes: 1 << 20 });
 * await sandbox.close(); // nothing of the pool is left
 */
export { WARM_POOL_LABEL } from './warm-pool/warm-launch.js';
export type { WarmPoolStats } from './warm-pool/warm-pool.js';
export {
  MAX_WARM_POOL_SIZE,
  parseWarmPoolSettings,
  WARM_POOL_DEFAULTS,
  WARM_POOL_VARIABLES,
  type WarmPoolOptions,
  type WarmPoolSettingsText,
  warmPoolFromEnv,
} from './warm-pool/warm-pool-options.js';
export { WarmDockerSandbox, type WarmDockerSandboxOptions } from './warm-pool/warm-sandbox.js';
