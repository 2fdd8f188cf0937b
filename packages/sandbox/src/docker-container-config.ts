// Builds the container create options of a run: the secure defaults of the Docker policy, limits, mounts and our labels.
import { hostname } from 'node:os';
import { TRUST_RULES } from '@skill/workflow-model';
import type { ContainerCreateOptions, MountSettings } from 'dockerode';
import type { SandboxRunSpec } from './sandbox.js';

/** Labels every sandbox container carries; cleanup finds orphans by them. */
export const SandboxLabel = {
  /** Always `1`: the container was created by a skill-workflows engine. */
  Workflow: 'skill.workflow',
  ExecutionId: 'skill.execution_id',
  StepId: 'skill.step_id',
  /** Pid of the engine process that created the container. */
  EnginePid: 'skill.engine_pid',
  /** Host name of the machine that engine runs on. */
  EngineHost: 'skill.engine_host',
} as const;

/** Defaults of the Docker policy (SEMANTICS.md); limits come from `TRUST_RULES[level].containerDefaults`. */
export const DockerDefaults = {
  network: 'none',
  /** nobody:nogroup */
  user: '65534:65534',
} as const;

/** The mounts of one container besides its limits. */
export interface ContainerMounts {
  /** The step's volumes (see openHostMounts, plainBinds). */
  volumes?: MountSettings[];
  /** Read-only binds of spec.files. */
  files?: MountSettings[];
  /** A size-limited tmpfs at `/tmp` (local engine: files and SKILL_METADATA are bound into it, not copied). */
  tmpfs?: boolean;
  /** The host file bound writable at CONTAINER_METADATA_PATH. */
  metadataFile?: string;
}

/**
 * The SKILL_METADATA path inside the container. With a local engine it is a host file bound into the
 * tmpfs at `/tmp` (a tmpfs is gone when the container exits; the host file is read afterwards);
 * otherwise the archive creates `/tmp` with mode 1777 and the file is read through the archive API.
 */
export const CONTAINER_METADATA_PATH = '/tmp/.skill-metadata';

/** The labels of a container created by this process (the caller's labels cannot replace ours). */
export function containerLabels(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [SandboxLabel.Workflow]: '1',
    [SandboxLabel.EnginePid]: String(process.pid),
    [SandboxLabel.EngineHost]: hostname(),
  };
}

function environment(spec: SandboxRunSpec): string[] {
  const env = Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`);
  if (spec.metadata) env.push(`SKILL_METADATA=${CONTAINER_METADATA_PATH}`);
  return env;
}

function mountList(mounts: ContainerMounts, tmpBytes: number): MountSettings[] {
  const list = [...(mounts.volumes ?? []), ...(mounts.files ?? [])];
  if (mounts.tmpfs) {
    list.unshift({
      Type: 'tmpfs',
      Source: '',
      Target: '/tmp',
      TmpfsOptions: { SizeBytes: tmpBytes, Mode: 0o1777 },
    } as MountSettings);
  }
  if (mounts.metadataFile !== undefined) {
    list.push({ Type: 'bind', Source: mounts.metadataFile, Target: CONTAINER_METADATA_PATH, ReadOnly: false });
  }
  return list;
}

/**
 * Create options for `spec` (image already checked): no network, nobody, no capabilities, no new
 * privileges; memory (no swap on top), pids and cpus from the step or else the level's
 * `containerDefaults`; below trusted a read-only root file system and no file larger than the
 * `/tmp` tmpfs (so the bound SKILL_METADATA file cannot fill the host's disk either).
 */
export function containerCreateOptions(
  spec: SandboxRunSpec & { image: string },
  mounts: ContainerMounts = {},
): ContainerCreateOptions {
  const hasStdin = spec.stdin !== undefined;
  const level = spec.boundary?.level ?? 'trusted';
  const defaults = TRUST_RULES[level].containerDefaults;
  const limits = spec.limits ?? {};
  const memory = Math.floor(limits.memoryBytes ?? defaults.memoryBytes);
  const cpus = limits.cpus ?? defaults.cpus;
  const tmpBytes = Math.floor(limits.tmpBytes ?? defaults.tmpBytes);
  const untrusted = level !== 'trusted';
  return {
    Image: spec.image,
    Cmd: spec.command.length > 0 ? spec.command : undefined,
    Entrypoint: spec.entrypoint,
    Env: environment(spec),
    WorkingDir: spec.workdir,
    User: spec.user ?? DockerDefaults.user,
    Labels: containerLabels(spec.labels),
    Tty: false,
    AttachStdin: hasStdin,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: hasStdin,
    StdinOnce: hasStdin,
    HostConfig: {
      NetworkMode: spec.network ?? DockerDefaults.network,
      Memory: memory,
      // Same as Memory: no swap on top of the limit, so a memory bomb meets the OOM killer.
      MemorySwap: memory,
      NanoCpus: cpus !== undefined ? Math.round(cpus * 1e9) : undefined,
      PidsLimit: limits.pidsLimit ?? defaults.pidsLimit,
      // Below trusted the root is read-only where /tmp is a tmpfs (the only writable place besides volumes).
      ReadonlyRootfs: untrusted && mounts.tmpfs === true,
      Ulimits: untrusted ? [{ Name: 'fsize', Soft: tmpBytes, Hard: tmpBytes }] : undefined,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      Privileged: false,
      AutoRemove: false,
      // Output is read through attach; the daemon does not keep a (possibly huge) log file.
      LogConfig: { Type: 'none', Config: {} },
      Mounts: mountList(mounts, tmpBytes),
    },
  };
}
