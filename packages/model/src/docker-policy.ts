// The Docker policy rules (SEMANTICS.md "Docker policy"), pure: the parser applies them at validation, the sandbox at run time.
import { trustViolations } from './container-trust-rules.js';
import {
  type DockerPolicySettings,
  type DockerPolicyViolation,
  type DockerPolicyVolume,
  hasTemplate,
  normaliseHostPath,
  volumeParts,
} from './docker-settings.js';
import type { TrustBoundary } from './trust.js';

/**
 * Host paths that may not be mounted, nor anything below them. `/run` and `/var/run` hold the
 * Docker socket, `/var/lib/docker` the engine's data.
 */
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
  '/var/lib/containerd',
] as const;

/**
 * Host folders that may not be mounted themselves (folders below them may): the parents of
 * {@link FORBIDDEN_HOST_ROOTS} (`/var/lib` holds Docker's data root) and folders every user or
 * process shares. A direct child of `/home` (a user's home: ssh keys, shell start-up files) is refused too.
 */
export const SHARED_HOST_FOLDERS = ['/var', '/var/lib', '/home', '/tmp', '/var/tmp', '/mnt', '/media', '/srv'] as const;

/** System folders that may be mounted read-only only (also below them): a writable mount would change the host's programs. */
export const SYSTEM_HOST_ROOTS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'] as const;

/** When the rules are applied. */
export interface DockerPolicyOptions {
  /**
   * True at run time: templates are resolved and host paths made absolute, so a relative host path
   * is refused. False (validation, the default): a relative host path is allowed (it resolves against
   * the project folder later) and a network or user holding a `{template}` is left to run time.
   */
  resolved?: boolean;
  /**
   * The trust boundary of the execution: below `trusted` its level's rules apply too (bind mounts
   * only below the data folder, no root user, networks, maxima; see {@link trustViolations}).
   * Absent: the trusted rules (validation before the level is known).
   */
  boundary?: TrustBoundary;
}

const USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const SOCKET = 'docker.sock';
const VOLUME_HINT = 'mount only the project folders the step needs';

function isSocket(path: string): boolean {
  return normaliseHostPath(path).endsWith(SOCKET);
}

function isAtOrBelow(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/**
 * Why mounting host path `hostPath` is refused (the Docker socket, `/`, a forbidden root or anything
 * below it, a {@link SHARED_HOST_FOLDERS} folder itself, a user's home folder, or a system folder
 * written to), or undefined when it is allowed. Relative paths are judged only by their name.
 *
 * @example
 * hostPathViolation('/etc/ssh/'); // 'mounts the sensitive host path /etc/ssh'
 * hostPathViolation('/usr/local'); // 'mounts the system folder /usr/local read-write (add ":ro")'
 * hostPathViolation('/usr/local', true); // undefined
 */
export function hostPathViolation(hostPath: string, readOnly = false): string | undefined {
  if (isSocket(hostPath)) return 'mounts the Docker socket, which gives full control of the host';
  const path = normaliseHostPath(hostPath);
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return 'mounts the host root directory /';
  if (FORBIDDEN_HOST_ROOTS.some((root) => isAtOrBelow(path, root))) return `mounts the sensitive host path ${path}`;
  if ((SHARED_HOST_FOLDERS as readonly string[]).includes(path) || /^\/home\/[^/]+$/.test(path)) {
    return `mounts the shared host folder ${path} (mount the sub-folder the step needs)`;
  }
  if (!readOnly && SYSTEM_HOST_ROOTS.some((root) => isAtOrBelow(path, root))) {
    return `mounts the system folder ${path} read-write (add ":ro")`;
  }
  return undefined;
}

function volumeViolations(volume: DockerPolicyVolume, index: number, resolved: boolean): DockerPolicyViolation[] {
  const { text, host, container, readOnly } = volumeParts(volume);
  const found: DockerPolicyViolation[] = [];
  const add = (message: string) => found.push({ field: 'volumes', index, message, hint: VOLUME_HINT });
  const why = host === undefined ? undefined : hostPathViolation(host, readOnly);
  if (why) add(`volume "${text}" ${why}`);
  else if (host === undefined && isSocket(container)) add(`volume "${text}" mounts the Docker socket`);
  else if (host !== undefined && resolved && !host.startsWith('/')) add(`volume host path "${host}" is not absolute`);
  if (host !== undefined && (resolved || !hasTemplate(container)) && !container.startsWith('/')) {
    add(`volume container path "${container}" is not absolute`);
  } else if (host !== undefined && !why && isSocket(container)) {
    add(`volume "${text}" mounts over the Docker socket path ${container}`);
  }
  return found;
}

function networkViolation(network: string | undefined, resolved: boolean): DockerPolicyViolation | undefined {
  if (network === undefined || (!resolved && hasTemplate(network))) return undefined;
  const mode = network.trim().toLowerCase();
  const hint = 'use network = "none" (the default) or "bridge"';
  if (mode === 'host') {
    return {
      field: 'network',
      message: 'the host network is not allowed (use "none", the default, or "bridge")',
      hint,
    };
  }
  if (mode.startsWith('container:')) {
    return {
      field: 'network',
      message: `network "${network}" joins another container's network, which is not allowed`,
      hint,
    };
  }
  return undefined;
}

/**
 * Applies the Docker policy to a container's settings and returns one violation per problem (empty
 * when allowed): `privileged`, the host network or another container's, `cap_add`, `devices`, a
 * volume of the Docker socket, of `/` or of a {@link FORBIDDEN_HOST_ROOTS} path (or below), a
 * volume path that is not absolute, and a user that is not `uid`, `uid:gid` or a name; with
 * `options.boundary` below trusted, also its level's rules ({@link trustViolations}).
 *
 * @example
 * dockerPolicyViolations({ privileged: true, volumes: ['/etc:/e'] }).map((v) => v.message);
 * // ['privileged containers are not allowed', 'volume "/etc:/e" mounts the sensitive host path /etc']
 */
export function dockerPolicyViolations(
  settings: DockerPolicySettings,
  options: DockerPolicyOptions = {},
): DockerPolicyViolation[] {
  const resolved = options.resolved === true;
  const found: DockerPolicyViolation[] = [];
  if (settings.privileged === true) {
    found.push({
      field: 'privileged',
      message: 'privileged containers are not allowed',
      hint: 'remove privileged; containers run with all capabilities dropped',
    });
  }
  const network = networkViolation(settings.network, resolved);
  if (network) found.push(network);
  if (settings.capAdd && settings.capAdd.length > 0) {
    const message = `adding capabilities is not allowed (${settings.capAdd.join(', ')})`;
    found.push({ field: 'cap_add', message, hint: 'remove cap_add' });
  }
  if (settings.devices && settings.devices.length > 0) {
    const message = `mapping host devices is not allowed (${settings.devices.join(', ')})`;
    found.push({ field: 'devices', message, hint: 'remove devices' });
  }
  (settings.volumes ?? []).forEach((volume, index) => {
    found.push(...volumeViolations(volume, index, resolved));
  });
  const user = settings.user;
  if (user !== undefined && (resolved || !hasTemplate(user)) && !USER_PATTERN.test(user.trim())) {
    found.push({
      field: 'user',
      message: `user "${user}" is not "uid", "uid:gid" or a user name`,
      hint: 'set user = "uid:gid", e.g. "1000:1000"',
    });
  }
  if (options.boundary) found.push(...trustViolations(settings, options.boundary, resolved));
  return found;
}
