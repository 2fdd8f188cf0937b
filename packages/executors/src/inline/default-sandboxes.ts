// The sandboxes inline code runs in: the process-wide Docker one (created on first use, so nothing touches Docker
// until code runs) and a native one per executor, on the engine's process runner.
import { defaultDockerSandbox, NativeSandbox, type ProcessRunner, type Sandbox } from '@skill/sandbox';

/** The sandboxes inline code may run in; missing ones fall back to the defaults. */
export interface InlineSandboxes {
  /** Runs code in containers (default: a shared DockerSandbox). */
  docker?: Sandbox;
  /** Runs `unsafe_native` code on the host (default: a NativeSandbox on `processRunner`). */
  native?: Sandbox;
  /** Starts the host processes of the default NativeSandbox (default: createProcessRunner's choice). */
  processRunner?: ProcessRunner;
}

let sharedDocker: Sandbox | undefined;

/** The Docker sandbox to use: the given one, or the shared DockerSandbox (created now if needed). */
export function dockerSandbox(sandboxes: InlineSandboxes): Sandbox {
  if (sandboxes.docker) return sandboxes.docker;
  sharedDocker ??= defaultDockerSandbox();
  return sharedDocker;
}

/** Sandboxes with the native one settled: the given one, or a NativeSandbox on the given (or a new) process runner. */
export type ResolvedSandboxes = InlineSandboxes & { native: Sandbox };

/** Settles the native sandbox once, when an executor or skill is created (its runner's spawner starts on first use). */
export function resolveSandboxes(sandboxes: InlineSandboxes): ResolvedSandboxes {
  return { ...sandboxes, native: sandboxes.native ?? new NativeSandbox({ processRunner: sandboxes.processRunner }) };
}
