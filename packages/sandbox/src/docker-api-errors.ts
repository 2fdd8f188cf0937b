// Maps the daemon's refusals (create, start, archive) to WorkflowErrors with stable codes and advice.
import { WorkflowError } from '@skill/workflow-model';
import { dockerUnavailable, isConnectionError } from './docker-connection.js';
import { daemonMessage } from './docker-image.js';
import { configurationError, SandboxErrorCode } from './sandbox-errors.js';

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** What went wrong in `action` ("create", "start", ...), as a WorkflowError. */
export function dockerApiFailure(action: string, error: unknown, image: string, socketPath?: string): WorkflowError {
  if (error instanceof WorkflowError) return error;
  if (isConnectionError(error)) return dockerUnavailable(error, socketPath);
  const message = daemonMessage(error);
  const missingSource = /bind source path does not exist: (\S+)/i.exec(message);
  if (missingSource) {
    return configurationError(
      SandboxErrorCode.VolumeNotFound,
      `volume host path ${missingSource[1]} does not exist on the Docker host; create it before the step runs`,
      { path: missingSource[1], image },
    );
  }
  if (/permission denied/i.test(message) && /mount|bind|volume/i.test(message)) {
    return configurationError(
      SandboxErrorCode.VolumePermission,
      `permission denied mounting a volume: ${message}. Check the host path's permissions, or set the step's user field to the owner of the folder (user = "uid:gid")`,
      { image },
    );
  }
  const notFound = /exec: (.*?(?:executable file not found in \$PATH|no such file or directory))/i.exec(message);
  if (action === 'start' && notFound) {
    return configurationError(SandboxErrorCode.CommandNotFound, `command not found in image ${image}: ${notFound[1]}`, {
      image,
      exitCode: 127,
    });
  }
  const status = statusOf(error);
  const details = { image, dockerStatus: status, retryable: status === undefined || status >= 500 };
  return new WorkflowError(
    SandboxErrorCode.DockerError,
    `docker could not ${action} the container: ${message}`,
    details,
    {
      cause: error,
    },
  );
}
