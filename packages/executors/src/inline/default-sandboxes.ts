// The process-wide default sandboxes, created on first use so that nothing touches Docker until code runs.
import { defaultDockerSandbox, NativeSandbox, type Sandbox } from '@skill/sandbox';

/** The sandboxes inline code may run in; missing ones fall back to the shared defaults. */
export interface InlineSandboxes {
  /** Runs code in containers (default: a shared DockerSandbox). */
  docker?: Sandbox;
  /** Runs `unsafe_native` code on the host (default: a shared NativeSandbox). */
  native?: Sandbox;
}

let sharedDocker: Sandbox | undefined;
let sharedNative: Sandbox | undefined;

/** The Docker sandbox to use: the given one, or the shared DockerSandbox (created now if needed). */
export function dockerSandbox(sandboxes: InlineSandboxes): Sandbox {
  if (sandboxes.docker) return sandboxes.docker;
  sharedDocker ??= defaultDockerSandbox();
  return sharedDocker;
}

/** The native sandbox to use: the given one, or the shared NativeSandbox (created now if needed). */
export function nativeSandbox(sandboxes: InlineSandboxes): Sandbox {
  if (sandboxes.native) return sandboxes.native;
  sharedNative ??= new NativeSandbox();
  return sharedNative;
}
