// Stable error codes of the sandbox (the model's ErrorCode lists them too) and the errors built from them.
import { WorkflowError } from '@skill/workflow-model';

/** Error codes raised by the sandbox. */
export const SandboxErrorCode = {
  /** The Docker daemon cannot be reached (message says where it was looked for and what to do). */
  DockerUnavailable: 'DOCKER_UNAVAILABLE',
  /** The image is not present locally and could not be pulled (or pull = "never"). */
  ImageUnavailable: 'IMAGE_UNAVAILABLE',
  /** A volume's host path cannot be read or written by the container user. */
  VolumePermission: 'VOLUME_PERMISSION',
  /** A volume's host path does not exist on the Docker host. */
  VolumeNotFound: 'VOLUME_NOT_FOUND',
  /** The container was killed by the OOM killer (memory limit reached). */
  OomKilled: 'OOM_KILLED',
  /** The run-time Docker policy check refused the container. */
  PolicyViolation: 'POLICY_VIOLATION',
  /** The run spec itself is wrong (no image, relative file path ...). */
  InvalidValue: 'INVALID_VALUE',
  /** The daemon refused the container for another reason. */
  DockerError: 'DOCKER_ERROR',
  /** A native command could not be started (not found, not executable). */
  CommandNotFound: 'COMMAND_NOT_FOUND',
} as const;
/** One of the values of {@link SandboxErrorCode}. */
export type SandboxErrorCode = (typeof SandboxErrorCode)[keyof typeof SandboxErrorCode];

/** Errors that retrying cannot fix (bad configuration): `retryable: false` in the details. */
export function configurationError(
  code: SandboxErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): WorkflowError {
  return new WorkflowError(code, message, { ...details, retryable: false });
}
