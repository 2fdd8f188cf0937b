// What makes a run fit a warm container: its pool key, the container it needs (built by containerCreateOptions) and the start script.
import type { ContainerMounts } from '../docker-container-config.js';
import { CONTAINER_METADATA_PATH, containerCreateOptions } from '../docker-container-config.js';
import { type MountGroup, planFileMounts } from '../docker-file-mounts.js';
import type { SandboxRunSpec } from '../sandbox.js';

/** A run spec with its image settled. */
export type DockerSpec = SandboxRunSpec & { image: string };

/** Label of every warm-pool container (besides the engine's pid and host, which orphan cleanup reads). */
export const WARM_POOL_LABEL = 'skill.warm_pool';

/**
 * PID 1 of a warm container: blocks reading its start message from stdin (a line count, then that many
 * lines of start script; written by the engine once the step's files are in place), then evaluates the
 * script, whose `exec` makes the step's command PID 1 with the rest of stdin. The script carries the step's
 * environment, secrets included, so it never touches a file: `read` takes stdin byte by byte and leaves the
 * step's own input unread. Closed stdin without a message: the container exits.
 */
const LAUNCHER = [
  'IFS= read -r skill_lines || exit 0',
  'skill_script=',
  'while [ "$skill_lines" -gt 0 ]; do',
  '  IFS= read -r skill_line || exit 70',
  '  skill_script="$skill_script$skill_line',
  '"',
  '  skill_lines=$((skill_lines - 1))',
  'done',
  'unset skill_lines skill_line',
  'eval "$skill_script"',
].join('\n');

/** How one run would use the pool: the key of interchangeable containers and how to make one. */
export interface WarmPlan {
  /** Equal for runs whose containers are interchangeable: their create options with host paths left out. */
  key: string;
  /** The spec a warm container is created from (same image, limits, network, user, level, workdir, pull). */
  template: DockerSpec;
  /** Container folders bound from host folders (the run's file groups). */
  targets: string[];
  /** The run's files by bound folder, in `targets` order. */
  groups: MountGroup[];
  /** The container's memory limit (counted against the pool's ceiling). */
  memoryBytes: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The mounts of a warm container for `targets`, with its host paths (or placeholders, for the key). */
export function warmMounts(targets: string[], sources: string[], metadataFile: string): ContainerMounts {
  const files = targets.map((target, index) => ({
    Type: 'bind' as const,
    Source: sources[index] ?? '',
    Target: target,
    ReadOnly: true,
  }));
  return { files, tmpfs: true, metadataFile };
}

/**
 * The warm plan of `spec`, or undefined when a warm container cannot behave exactly like a cold one:
 * volumes (opened per run), `pull = "always"`, files outside folders below `/tmp` (they would need the
 * archive API, which cannot write into a running container's read-only root), environment names a shell
 * cannot export, or neither a command nor an entrypoint.
 */
export function warmPlan(spec: DockerSpec): WarmPlan | undefined {
  if ((spec.volumes?.length ?? 0) > 0 || spec.pull === 'always') return undefined;
  if (spec.command.length === 0 || spec.native) return undefined;
  if (Object.keys(spec.env ?? {}).some((name) => !ENV_NAME.test(name))) return undefined;
  const groups = (spec.files?.length ?? 0) === 0 ? [] : planFileMounts(spec.files ?? []);
  if (groups === undefined) return undefined;
  const targets = groups.map((group) => group.target);
  const template: DockerSpec = {
    image: spec.image,
    command: ['skill-warm'],
    entrypoint: ['/bin/sh', '-c', LAUNCHER],
    stdin: '',
    workdir: spec.workdir,
    network: spec.network,
    user: spec.user,
    limits: spec.limits,
    boundary: spec.boundary,
    pull: spec.pull,
    labels: { [WARM_POOL_LABEL]: '1' },
    signal: spec.signal,
    outputLimitBytes: spec.outputLimitBytes,
  };
  const options = containerCreateOptions(template, warmMounts(targets, [], ''));
  return { key: JSON.stringify(options), template, targets, groups, memoryBytes: options.HostConfig?.Memory ?? 0 };
}

/** `value` as one single-quoted shell word. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The start script of a run: exports its environment (and SKILL_METADATA when asked, as a cold container
 * gets it), then execs its argv (the step's entrypoint, else the image's, followed by its command), so the
 * command is PID 1 and receives stop signals as in a cold container.
 */
function startScript(spec: DockerSpec, imageEntrypoint: string[]): string {
  const env = Object.entries(spec.env ?? {}).map(([name, value]) => `export ${name}=${quote(value)}`);
  if (spec.metadata) env.push(`export SKILL_METADATA=${quote(CONTAINER_METADATA_PATH)}`);
  const argv = [...(spec.entrypoint ?? imageEntrypoint), ...spec.command];
  return `${[...env, `exec ${argv.map(quote).join(' ')}`].join('\n')}\n`;
}

/** What the engine writes to a warm container's stdin before the step's own input: the launcher's start message. */
export function startMessage(spec: DockerSpec, imageEntrypoint: string[]): string {
  const script = startScript(spec, imageEntrypoint);
  let lines = 0;
  for (const char of script) if (char === '\n') lines += 1;
  return `${lines}\n${script}`;
}
