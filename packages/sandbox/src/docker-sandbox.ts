// DockerSandbox: create (files bound or copied in), attach, start, wait, collect and always remove one container per run.
import type { WorkflowError } from '@skill/workflow-model';
import type Dockerode from 'dockerode';
import type { Container } from 'dockerode';
import { dockerApiFailure } from './docker-api-errors.js';
import { buildInputArchive } from './docker-archive.js';
import {
  createDockerClient,
  dockerUnavailable,
  isConnectionError,
  isLocalEngine,
  pingDocker,
} from './docker-connection.js';
import { type ContainerMounts, containerCreateOptions, SandboxLabel } from './docker-container-config.js';
import { type FileDelivery, type FileMounts, planFileMounts, writeFileMounts } from './docker-file-mounts.js';
import { type HostMounts, openHostMounts, plainBinds } from './docker-host-mounts.js';
import { daemonMessage, imageUnavailable, isNoSuchImage, pullImage } from './docker-image.js';
import { removeOrphans } from './docker-orphans.js';
import { checkDockerPolicy, dockerPolicyError } from './docker-policy.js';
import { collectRun } from './docker-run.js';
import { RunControl } from './run-control.js';
import type { Sandbox, SandboxResult, SandboxRunSpec } from './sandbox.js';
import { configurationError, SandboxErrorCode } from './sandbox-errors.js';

/** Default time between SIGTERM and SIGKILL when a container is stopped. */
export const DEFAULT_STOP_GRACE_MS = 2000;

/** Options of {@link DockerSandbox}. */
export interface DockerSandboxOptions {
  /** A client to use; by default one is created on first use (DOCKER_HOST, else the local socket). */
  docker?: Dockerode;
  /** Talk to the engine on this unix socket instead of DOCKER_HOST / the default socket. */
  socketPath?: string;
  /** Time between SIGTERM and SIGKILL when a container is stopped (default 2000 ms). */
  stopGraceMs?: number;
  /** On the first run, remove (in the background) containers left by engines that died (default false). */
  cleanupOrphansOnFirstRun?: boolean;
  /**
   * How `spec.files` reach the container. `auto` (default): with a local engine (unix socket) and
   * files in folders below `/tmp`, a private host temp folder bound read-only (no archive upload, which
   * costs a mount of the container filesystem), removed after the container; otherwise `archive`:
   * uploaded with the archive API (works with a remote engine).
   */
  fileDelivery?: FileDelivery;
}

/** How the files of one run are delivered. */
interface Delivery {
  archive?: Buffer;
  /** Local engine: the private host folder with the bound files and the SKILL_METADATA file. */
  mounts?: FileMounts;
}

type DockerSpec = SandboxRunSpec & { image: string };

/** A container created by a sandbox, as {@link DockerSandbox.listContainers} reports it. */
export interface SandboxContainer {
  id: string;
  image: string;
  /** `created`, `running`, `exited` ... */
  state: string;
  labels: Record<string, string>;
}

/** The result of a run stopped before its container started. */
export function notStartedResult(spec: SandboxRunSpec, control: RunControl, startedAt: number): SandboxResult {
  return {
    exitCode: -1,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    oomKilled: false,
    timedOut: control.timedOut,
    cancelled: !control.timedOut,
    durationMs: performance.now() - startedAt,
    image: spec.image,
  };
}

/** Removes the container (force, with its anonymous volumes); one retry, then gives up quietly. */
export async function removeContainer(container: Container): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await container.remove({ force: true, v: true });
      return;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 409) return; // gone, or already being removed
      if (attempt === 1) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Runs each command in a fresh container on a Docker engine (dockerode; honours DOCKER_HOST, so a
 * remote engine works: files go in through the archive API; with a local engine, read-only binds of
 * a private temp folder, see {@link DockerSandboxOptions.fileDelivery}). Secure by
 * default: network none, user 65534:65534, all capabilities dropped, no new privileges, pids limit.
 * The container is always removed, also after a timeout, an abort or an error.
 */
export class DockerSandbox implements Sandbox {
  private client: Promise<Dockerode> | undefined;
  /** Time between SIGTERM and SIGKILL when a container is stopped. */
  readonly stopGraceMs: number;
  private orphansChecked: boolean;

  constructor(private readonly options: DockerSandboxOptions = {}) {
    if (options.docker) this.client = Promise.resolve(options.docker);
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.orphansChecked = options.cleanupOrphansOnFirstRun !== true;
  }

  /** The dockerode client (created on first use). */
  docker(): Promise<Dockerode> {
    this.client ??= createDockerClient(this.options.socketPath);
    return this.client;
  }

  /** Throws DOCKER_UNAVAILABLE (saying where the engine was looked for and what to do) when the engine does not answer. */
  async ping(): Promise<void> {
    await pingDocker(await this.docker(), this.options.socketPath);
  }

  /** Removes containers labelled by an engine that is gone (see `isOrphan`); returns how many. */
  async cleanupOrphans(olderThanMs?: number): Promise<number> {
    try {
      return await removeOrphans(await this.docker(), olderThanMs);
    } catch (error) {
      throw dockerApiFailure('list or remove', error, '', this.options.socketPath);
    }
  }

  /** A daemon error during `action` on `image` as the WorkflowError a run reports. */
  apiFailure(action: string, error: unknown, image: string): WorkflowError {
    return dockerApiFailure(action, error, image, this.options.socketPath);
  }

  /** Sandbox containers (any state) carrying all of `labels`, e.g. `{ 'skill.step_id': 'transcode' }`. */
  async listContainers(labels: Record<string, string> = {}): Promise<SandboxContainer[]> {
    const filters = [`${SandboxLabel.Workflow}=1`, ...Object.entries(labels).map(([key, value]) => `${key}=${value}`)];
    try {
      const list = await (await this.docker()).listContainers({ all: true, filters: { label: filters } });
      return list.map((c) => ({ id: c.Id, image: c.Image, state: c.State, labels: c.Labels ?? {} }));
    } catch (error) {
      throw dockerApiFailure('list', error, '', this.options.socketPath);
    }
  }

  async run(spec: SandboxRunSpec): Promise<SandboxResult> {
    const startedAt = performance.now();
    const image = spec.image?.trim();
    if (spec.native || !image) {
      throw configurationError(SandboxErrorCode.InvalidValue, 'DockerSandbox needs an image (and no native flag)');
    }
    const dockerSpec: DockerSpec = { ...spec, image };
    const problems = checkDockerPolicy(dockerSpec);
    if (problems.length > 0) throw dockerPolicyError(problems);
    const host = await this.hostMounts(dockerSpec);
    try {
      if (host.problems.length > 0) throw dockerPolicyError(host.problems);
      const delivery = await this.deliver(dockerSpec);
      try {
        return await this.runWith(dockerSpec, delivery, host, startedAt);
      } finally {
        await delivery.mounts?.dispose().catch(() => undefined);
      }
    } finally {
      await host.dispose();
    }
  }

  /** The step's volumes: opened and mounted through their descriptors with a local engine, bound by name otherwise. */
  private async hostMounts(spec: DockerSpec): Promise<HostMounts> {
    const volumes = spec.volumes ?? [];
    if (volumes.length === 0 || !this.localEngine()) return plainBinds(volumes);
    const docker = await this.docker();
    try {
      return await openHostMounts(docker, volumes, spec.boundary);
    } catch (error) {
      throw dockerApiFailure('create a volume for', error, spec.image, this.options.socketPath);
    }
  }

  /**
   * Local engine (fileDelivery auto): a private temp folder holds the files in folders below /tmp
   * (bound read-only) and the SKILL_METADATA file (bound writable), so `/tmp` can be a tmpfs; other
   * files, and every file with a remote engine, go in as an archive.
   */
  private async deliver(spec: DockerSpec): Promise<Delivery> {
    const files = spec.files ?? [];
    const local = (this.options.fileDelivery ?? 'auto') === 'auto' && this.localEngine();
    const groups = local ? (files.length === 0 ? [] : planFileMounts(files)) : undefined;
    if (groups && (groups.length > 0 || spec.metadata)) {
      const mounts = await writeFileMounts(groups, !!spec.metadata).catch(() => undefined);
      if (mounts) return { mounts };
    }
    if (files.length === 0 && !local) return {};
    return files.length === 0 ? {} : { archive: await buildInputArchive(files, !!spec.metadata) };
  }

  /** True when the engine is reached through a local unix socket, so a host folder can be bound. */
  localEngine(): boolean {
    if (process.platform === 'win32') return false;
    if (this.options.socketPath !== undefined) return true;
    if (!this.options.docker) return isLocalEngine();
    const modem = (this.options.docker as { modem?: { host?: unknown; socketPath?: unknown } }).modem;
    return !modem?.host && modem?.socketPath !== undefined;
  }

  /** Creates, runs and always removes the container (the caller removes the files' temp folder afterwards). */
  private async runWith(
    spec: DockerSpec,
    delivery: Delivery,
    host: HostMounts,
    startedAt: number,
  ): Promise<SandboxResult> {
    const { image } = spec;
    if (!this.orphansChecked) {
      this.orphansChecked = true;
      this.cleanupOrphans().catch(() => undefined); // best effort; the run reports an unreachable engine itself
    }
    const control = new RunControl(spec.signal, spec.timeoutMs);
    try {
      if (control.signal.aborted) return notStartedResult(spec, control, startedAt);
      const docker = await this.docker();
      let container: Container;
      try {
        container = await this.create(docker, spec, control.signal, {
          volumes: host.mounts,
          files: delivery.mounts?.mounts,
          metadataFile: delivery.mounts?.metadataFile,
          // With every file and SKILL_METADATA bound, nothing needs the image's /tmp: a size-limited tmpfs replaces it.
          tmpfs: delivery.archive === undefined && delivery.mounts !== undefined,
        });
      } catch (error) {
        if (control.signal.aborted) return notStartedResult(spec, control, startedAt); // stopped while pulling
        throw error;
      }
      try {
        if (control.signal.aborted) return notStartedResult(spec, control, startedAt); // stopped while creating: never start it
        return await collectRun({
          container,
          spec,
          control,
          archive: delivery.archive,
          metadataFile: delivery.mounts?.metadataFile,
          startedAt,
          stopGraceMs: this.stopGraceMs,
          failure: (action, error) => this.apiFailure(action, error, image),
        });
      } finally {
        await removeContainer(container);
      }
    } finally {
      control.dispose();
    }
  }

  /**
   * Creates the container from {@link containerCreateOptions} (the one place create options are built, for
   * cold runs and warm-pool containers alike); a missing image is pulled (policy permitting) and the create retried once.
   */
  async create(docker: Dockerode, spec: DockerSpec, signal: AbortSignal, mounts: ContainerMounts): Promise<Container> {
    const options = containerCreateOptions(spec, mounts);
    const policy = spec.pull ?? 'if-not-present';
    if (policy === 'always') await this.pull(docker, spec.image, signal, policy);
    try {
      return await docker.createContainer(options);
    } catch (error) {
      if (!isNoSuchImage(error)) throw dockerApiFailure('create', error, spec.image, this.options.socketPath);
      if (policy === 'never') throw imageUnavailable(spec.image, 'not present on the Docker host', policy);
    }
    if (policy !== 'always') await this.pull(docker, spec.image, signal, policy);
    try {
      return await docker.createContainer(options);
    } catch (error) {
      throw dockerApiFailure('create', error, spec.image, this.options.socketPath);
    }
  }

  private async pull(
    docker: Dockerode,
    image: string,
    signal: AbortSignal,
    policy: 'if-not-present' | 'always',
  ): Promise<void> {
    try {
      await pullImage(docker, image, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      if (isConnectionError(error)) throw dockerUnavailable(error, this.options.socketPath);
      throw imageUnavailable(image, daemonMessage(error), policy);
    }
  }
}

let shared: DockerSandbox | undefined;

/**
 * The process-wide DockerSandbox (one dockerode client for every executor), created on first use;
 * its first run also removes containers left behind by engines that died.
 */
export function defaultDockerSandbox(): DockerSandbox {
  shared ??= new DockerSandbox({ cleanupOrphansOnFirstRun: true });
  return shared;
}
