// Builds the container create options of a run: the secure defaults of the Docker policy, limits, mounts and our labels.
import { hostname } from 'node:os';
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

/** Defaults of the Docker policy (SEMANTICS.md). */
export const DockerDefaults = {
  network: 'none',
  /** nobody:nogroup */
  user: '65534:65534',
  pidsLimit: 256,
} as const;

/**
 * The SKILL_METADATA path inside the container. `/tmp` (mode 1777 in practically every image) is
 * writable by any user without an archive upload before start, which would cost a rootfs mount
 * (~50-100 ms); when files are uploaded anyway, the archive also creates `/tmp` with mode 1777, and
 * when they are bound instead, `/tmp` is checked once per image (see ensureWritableTmp).
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

/**
 * Create options for `spec` (image already checked): no network, nobody, no capabilities, no new
 * privileges, pids cap; `fileMounts` (read-only binds of spec.files) come after the volumes.
 */
export function containerCreateOptions(
  spec: SandboxRunSpec & { image: string },
  fileMounts: MountSettings[] = [],
): ContainerCreateOptions {
  const hasStdin = spec.stdin !== undefined;
  const limits = spec.limits ?? {};
  const memory = limits.memoryBytes !== undefined ? Math.floor(limits.memoryBytes) : undefined;
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
      NanoCpus: limits.cpus !== undefined ? Math.round(limits.cpus * 1e9) : undefined,
      PidsLimit: limits.pidsLimit ?? DockerDefaults.pidsLimit,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      Privileged: false,
      AutoRemove: false,
      // Output is read through attach; the daemon does not keep a (possibly huge) log file.
      LogConfig: { Type: 'none', Config: {} },
      Mounts: [
        ...(spec.volumes ?? []).map((volume) => ({
          Type: 'bind' as const,
          Source: volume.host,
          Target: volume.container,
          ReadOnly: volume.readOnly,
        })),
        ...fileMounts,
      ],
    },
  };
}
