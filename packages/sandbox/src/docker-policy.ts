// The run-time Docker policy (SEMANTICS.md "Docker policy"), checked after templates are resolved and before any container exists.
import { posix } from 'node:path';
import type { SandboxRunSpec } from './sandbox.js';

/** Host paths that may not be mounted, nor anything below them. `/run` and `/var/run` hold the Docker socket. */
export const FORBIDDEN_HOST_ROOTS = [
  '/etc',
  '/root',
  '/proc',
  '/sys',
  '/run',
  '/var/run',
  '/dev',
  '/boot',
  '/var/lib/docker',
] as const;

/** What {@link checkDockerPolicy} looks at. */
export type DockerPolicyInput = Pick<SandboxRunSpec, 'network' | 'volumes' | 'user'> & {
  privileged?: boolean;
  capAdd?: string[];
  devices?: string[];
};

const USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/** `/a/b/../c/` -> `/a/c`; relative paths stay relative. */
export function normaliseHostPath(path: string): string {
  const normalised = posix.normalize(path.trim());
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}

/** Why mounting `hostPath` is refused, or undefined when it is allowed. */
export function hostPathViolation(hostPath: string): string | undefined {
  const path = normaliseHostPath(hostPath);
  if (path === '/') return 'mounts the host root directory /';
  if (posix.basename(path) === 'docker.sock') return 'mounts the Docker socket, which gives full control of the host';
  const root = FORBIDDEN_HOST_ROOTS.find((r) => path === r || path.startsWith(`${r}/`));
  return root ? `mounts the sensitive host path ${path}` : undefined;
}

/**
 * Checks a container's settings against the Docker policy and returns one readable problem per
 * violation (empty when allowed): privileged, host network (or another container's), cap_add,
 * devices, the Docker socket, `/` and sensitive host paths (`/etc`, `/root`, `/proc`, `/sys`,
 * `/run`, `/var/run`, `/dev`, `/boot`, `/var/lib/docker` and below), and a malformed user.
 * The parser checks literal values; this re-check sees resolved templates and relative paths.
 */
export function checkDockerPolicy(spec: DockerPolicyInput): string[] {
  const problems: string[] = [];
  if (spec.privileged === true) problems.push('privileged containers are not allowed');
  const network = spec.network?.trim().toLowerCase();
  if (network === 'host') problems.push('the host network is not allowed (use "none", the default, or "bridge")');
  else if (network?.startsWith('container:'))
    problems.push(`network "${spec.network}" joins another container's network, which is not allowed`);
  if (spec.capAdd && spec.capAdd.length > 0)
    problems.push(`adding capabilities is not allowed (${spec.capAdd.join(', ')})`);
  if (spec.devices && spec.devices.length > 0)
    problems.push(`mapping host devices is not allowed (${spec.devices.join(', ')})`);
  for (const volume of spec.volumes ?? []) {
    const why = hostPathViolation(volume.host);
    if (why) problems.push(`volume "${volume.host}:${volume.container}" ${why}`);
    else if (!volume.host.startsWith('/')) problems.push(`volume host path "${volume.host}" is not absolute`);
    if (!volume.container.startsWith('/')) problems.push(`volume container path "${volume.container}" is not absolute`);
  }
  if (spec.user !== undefined && !USER_PATTERN.test(spec.user.trim())) {
    problems.push(`user "${spec.user}" is not "uid", "uid:gid" or a user name`);
  }
  return problems;
}
