// A container's settings as the Docker policy reads them: the settings and violation types, volume parsing, host path normalising.

/** The `[steps.docker]` key a violation is about. */
export type DockerPolicyField =
  | 'privileged'
  | 'network'
  | 'cap_add'
  | 'devices'
  | 'volumes'
  | 'user'
  | 'memory_limit_bytes'
  | 'cpu_limit';

/** One refused setting, with what is wrong and how to fix it. */
export interface DockerPolicyViolation {
  field: DockerPolicyField;
  /** Position in `volumes`, for a volume problem. */
  index?: number;
  /** Readable on its own, e.g. `the host network is not allowed (use "none", the default, or "bridge")`. */
  message: string;
  /** How to fix it. */
  hint: string;
}

/** A volume as written (`"host:container[:ro]"`) or already split (the sandbox's form). */
export type DockerPolicyVolume =
  | string
  | { readonly host: string; readonly container: string; readonly readOnly?: boolean };

/** The container settings the policy looks at; absent ones are allowed. */
export interface DockerPolicySettings {
  privileged?: boolean;
  network?: string;
  capAdd?: readonly string[];
  devices?: readonly string[];
  volumes?: readonly DockerPolicyVolume[];
  user?: string;
  /** The memory the container asks for (checked against the level's maxima). */
  memoryBytes?: number;
  /** The CPUs the container asks for (checked against the level's maxima). */
  cpus?: number;
}

/**
 * `/a/b/../c//` -> `/a/c`, `//` -> `/`; a relative path keeps its leading `..` segments.
 *
 * @example
 * normaliseHostPath('/tmp/../etc/'); // '/etc'
 */
export function normaliseHostPath(path: string): string {
  const text = path.trim();
  const absolute = text.startsWith('/');
  const segments: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length > 0 && segments.at(-1) !== '..') segments.pop();
    else if (segment !== '..' || !absolute) segments.push(segment);
  }
  const joined = segments.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** The parts of a volume; an anonymous volume (`"/cache"`) has no host part. */
export interface VolumeParts {
  /** As written, for messages. */
  text: string;
  host?: string;
  container: string;
  readOnly: boolean;
}

/** Host and container parts of a volume and whether it is read-only (`:ro`). */
export function volumeParts(volume: DockerPolicyVolume): VolumeParts {
  if (typeof volume !== 'string') {
    const { host, container } = volume;
    return { text: `${host}:${container}`, host, container, readOnly: volume.readOnly === true };
  }
  const parts = volume.split(':');
  if (parts.length < 2) return { text: volume, container: volume.trim(), readOnly: false };
  const readOnly = (parts[2] ?? '').split(',').some((flag) => flag.trim() === 'ro');
  return { text: volume, host: parts[0]?.trim() ?? '', container: parts[1]?.trim() ?? '', readOnly };
}

/** True when `text` still holds a `{template}` (validation leaves it to run time). */
export function hasTemplate(text: string): boolean {
  return text.includes('{');
}
