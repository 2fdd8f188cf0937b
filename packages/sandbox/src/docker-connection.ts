// Connects to the Docker engine (DOCKER_HOST or the local socket), says where it looked, and turns connection failures into DOCKER_UNAVAILABLE.

import { WorkflowError } from '@skill/workflow-model';
import type Dockerode from 'dockerode';
import { SandboxErrorCode } from './sandbox-errors.js';

/** How long {@link pingDocker} waits for an answer. */
export const PING_TIMEOUT_MS = 5000;

/** Error codes of Node sockets meaning "no engine there". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ENOTSOCK',
]);

/** Where the client looks for the engine, for messages. */
export function describeDockerEndpoint(socketPath?: string): string {
  if (socketPath !== undefined) return `unix://${socketPath} (socketPath option)`;
  const host = process.env.DOCKER_HOST;
  if (host) return `${host} (from DOCKER_HOST)`;
  return 'unix:///var/run/docker.sock (the default socket; DOCKER_HOST is not set)';
}

/** True when the engine is reached through a local unix socket, so host paths are paths of this machine. */
export function isLocalEngine(socketPath?: string): boolean {
  if (socketPath !== undefined) return true;
  const host = process.env.DOCKER_HOST;
  return !host || host.startsWith('unix://');
}

/** Creates the dockerode client on first use (loading dockerode costs ~100 ms, so engines that never run containers skip it). */
export async function createDockerClient(socketPath?: string): Promise<Dockerode> {
  const { default: Docker } = await import('dockerode');
  return socketPath === undefined ? new Docker() : new Docker({ socketPath });
}

/** True when `error` means the engine could not be reached at all (as opposed to an API error answer). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** The DOCKER_UNAVAILABLE error for `cause`, saying where the engine was looked for and what to do. */
export function dockerUnavailable(cause: unknown, socketPath?: string): WorkflowError {
  const where = describeDockerEndpoint(socketPath);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied on the socket'
      : code === 'ENOENT'
        ? 'the socket does not exist'
        : code === 'ECONNREFUSED'
          ? 'connection refused'
          : (cause as Error | undefined)?.message || String(cause);
  const advice =
    'Ensure Docker is running (`docker ps` must work), that the engine user may use the socket ' +
    '(e.g. is in the "docker" group), or set DOCKER_HOST to a reachable engine.';
  return new WorkflowError(
    SandboxErrorCode.DockerUnavailable,
    `Docker daemon not available at ${where}: ${reason}. ${advice}`,
    { endpoint: where, cause: code ?? reason },
    { cause },
  );
}

/** Pings the engine within {@link PING_TIMEOUT_MS}; throws DOCKER_UNAVAILABLE when it does not answer. */
export async function pingDocker(docker: Dockerode, socketPath?: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
  } catch (error) {
    throw dockerUnavailable(error, socketPath);
  } finally {
    clearTimeout(timer);
  }
}
