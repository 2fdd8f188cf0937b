// Pulls images for the pull policy and builds the IMAGE_UNAVAILABLE error when an image cannot be had.

import { WorkflowError } from '@skill/workflow-model';
import type Dockerode from 'dockerode';
import { SandboxErrorCode } from './sandbox-errors.js';

/** `name` -> `name:latest`; references with a tag or digest stay as they are (pulling without a tag pulls every tag). */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? image : `${image}:latest`;
}

/** The daemon's message of an API error (dockerode puts the JSON body in `json`). */
export function daemonMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** True for the daemon's "No such image" answer to a create. */
export function isNoSuchImage(error: unknown): boolean {
  const statusCode = (error as { statusCode?: number } | undefined)?.statusCode;
  return statusCode === 404 && /no such image/i.test(daemonMessage(error));
}

/** IMAGE_UNAVAILABLE, in the words of the troubleshooting guide. */
export function imageUnavailable(
  image: string,
  reason: string,
  policy: 'if-not-present' | 'always' | 'never',
): WorkflowError {
  const message =
    policy === 'never'
      ? `image ${image} not found locally and pull = "never": ${reason}`
      : policy === 'always'
        ? `image ${image} could not be pulled (pull = "always"): ${reason}`
        : `image ${image} not found locally and could not be pulled: ${reason}`;
  return new WorkflowError(SandboxErrorCode.ImageUnavailable, message, { image, retryable: policy !== 'never' });
}

/** Pulls `image` (default tag `latest`) to completion; aborting `signal` stops it. Rejects with the registry's reason. */
export async function pullImage(docker: Dockerode, image: string, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const stream = (await docker.pull(withDefaultTag(image), { abortSignal: signal })) as NodeJS.ReadableStream & {
    destroy?: (error?: Error) => void;
  };
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => stream.destroy?.(new Error('pull cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    docker.modem.followProgress(stream, (error: Error | null, events: Array<{ error?: string }>) => {
      signal.removeEventListener('abort', onAbort);
      const failed = events?.find((event) => typeof event.error === 'string');
      if (error) reject(error);
      else if (failed) reject(new Error(failed.error));
      else resolve();
    });
  });
}
