// The Docker rules of one trust level (TRUST_RULES): bind mounts only below the data folder, no root user, allowed networks, maxima.
import {
  type DockerPolicySettings,
  type DockerPolicyViolation,
  hasTemplate,
  normaliseHostPath,
  volumeParts,
} from './docker-settings.js';
import { TRUST_RULES, type TrustBoundary } from './trust.js';

const NUMERIC_ID = /^\d+$/;

/**
 * Why `user` may not be used below trusted, or undefined: uid or gid 0 / `root` in any spelling
 * (`"0"`, `"00:0"`, `"root:root"`, `"0:1000"`), and any user name, which the image may map to uid 0.
 *
 * @example
 * untrustedUserProblem('0:1000'); // 'user "0:1000" runs as root (uid or gid 0), which is not allowed'
 */
export function untrustedUserProblem(user: string): string | undefined {
  const ids = user.trim().split(':');
  if (ids.some((id) => id.toLowerCase() === 'root' || (NUMERIC_ID.test(id) && Number(id) === 0))) {
    return `user "${user}" runs as root (uid or gid 0), which is not allowed`;
  }
  if (!ids.every((id) => NUMERIC_ID.test(id))) {
    return `user "${user}" is a name, which the image may map to root; give a numeric "uid:gid"`;
  }
  return undefined;
}

/** True when absolute `path` is `folder` or below it (both normalised). */
export function isWithinFolder(path: string, folder: string): boolean {
  const inner = normaliseHostPath(path);
  const outer = normaliseHostPath(folder);
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/**
 * Why host path `hostPath` may not be bound for `boundary` (bind mounts below trusted live below the
 * server's data folder; none given: no bind mounts), or undefined. A relative path is left to run time.
 */
export function bindSourceProblem(hostPath: string, boundary: TrustBoundary): string | undefined {
  if (TRUST_RULES[boundary.level].bindMounts !== 'data-folder') return undefined;
  const level = boundary.level;
  if (boundary.dataDir === undefined) {
    return `bind mounts are not allowed for ${level} workflows (the server has no data folder)`;
  }
  const path = normaliseHostPath(hostPath);
  if (!path.startsWith('/') || isWithinFolder(path, boundary.dataDir)) return undefined;
  return `${path} is outside the data folder ${boundary.dataDir}, the only place ${level} workflows may mount`;
}

function networkProblem(network: string, boundary: TrustBoundary): string | undefined {
  if (TRUST_RULES[boundary.level].networks !== 'allowed-only') return undefined;
  const name = network.trim();
  if (name.toLowerCase() === 'none' || boundary.allowedNetworks.includes(name)) return undefined;
  const allowed = ['none', ...boundary.allowedNetworks].map((n) => `"${n}"`).join(', ');
  return `network "${network}" is not allowed for ${boundary.level} workflows (allowed: ${allowed})`;
}

/**
 * The rules of `boundary.level` on a container's settings (empty for trusted): bind mounts only below
 * `boundary.dataDir`, no root or named user, for `allowed-only` levels no network but `none` and
 * `boundary.allowedNetworks`, memory and CPUs within the level's maxima. Values holding a template
 * are left to run time unless `resolved`.
 */
export function trustViolations(
  settings: DockerPolicySettings,
  boundary: TrustBoundary,
  resolved: boolean,
): DockerPolicyViolation[] {
  const rules = TRUST_RULES[boundary.level];
  const found: DockerPolicyViolation[] = [];
  const judged = (text: string | undefined): text is string => text !== undefined && (resolved || !hasTemplate(text));
  (settings.volumes ?? []).forEach((volume, index) => {
    const { text, host } = volumeParts(volume);
    const why = judged(host) ? bindSourceProblem(host, boundary) : undefined;
    if (why)
      found.push({
        field: 'volumes',
        index,
        message: `volume "${text}": ${why}`,
        hint: 'mount a folder below the data folder',
      });
  });
  if (!rules.rootUser && judged(settings.user)) {
    const why = untrustedUserProblem(settings.user);
    if (why)
      found.push({
        field: 'user',
        message: why,
        hint: 'set user = "uid:gid" with uid and gid above 0, e.g. "1000:1000"',
      });
  }
  if (judged(settings.network)) {
    const why = networkProblem(settings.network, boundary);
    if (why) found.push({ field: 'network', message: why, hint: 'use network = "none" (the default)' });
  }
  const maxima = rules.containerMaxima;
  if (maxima && settings.memoryBytes !== undefined && settings.memoryBytes > maxima.memoryBytes) {
    const message = `memory limit ${settings.memoryBytes} bytes is above the ${maxima.memoryBytes} bytes allowed for ${boundary.level} workflows`;
    found.push({ field: 'memory_limit_bytes', message, hint: `ask for at most ${maxima.memoryBytes} bytes` });
  }
  if (maxima && settings.cpus !== undefined && settings.cpus > maxima.cpus) {
    const message = `cpu limit ${settings.cpus} is above the ${maxima.cpus} CPUs allowed for ${boundary.level} workflows`;
    found.push({ field: 'cpu_limit', message, hint: `ask for at most ${maxima.cpus} CPUs` });
  }
  return found;
}
