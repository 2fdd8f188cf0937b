// Host folders bound into a container without a check-then-mount window: each is opened once, judged by where the open descriptor really leads, and Docker mounts that descriptor.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, readlink, realpath } from 'node:fs/promises';
import {
  bindSourceProblem,
  hostPathViolation,
  TRUST_RULES,
  TRUSTED_BOUNDARY,
  type TrustBoundary,
} from '@skill/workflow-model';
import type Dockerode from 'dockerode';
import type { MountSettings } from 'dockerode';
import { containerLabels } from './docker-container-config.js';
import type { SandboxVolume } from './sandbox.js';

/** The bound host folders of one run, and how to release them after the container is removed. */
export interface HostMounts {
  mounts: MountSettings[];
  /** Refusals found on the resolved paths (the run must not start when any). */
  problems: string[];
  /** Removes the volumes and closes the descriptors (never throws). */
  dispose(): Promise<void>;
}

/** How a volume was opened: the descriptor and where the kernel says it leads. */
interface OpenedSource {
  handle: FileHandle;
  real: string;
  directory: boolean;
}

/** A plain bind of the path as given (remote engine: its paths are on another machine and cannot be opened here). */
export function plainBinds(volumes: readonly SandboxVolume[]): HostMounts {
  const mounts = volumes.map(
    (volume): MountSettings => ({
      Type: 'bind',
      Source: volume.host,
      Target: volume.container,
      ReadOnly: volume.readOnly,
    }),
  );
  return { mounts, problems: [], dispose: async () => undefined };
}

async function openSource(host: string): Promise<OpenedSource | string> {
  let handle: FileHandle;
  try {
    handle = await open(host, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `volume host path ${host} does not exist`;
    return `volume host path ${host} cannot be opened (${code ?? String(error)})`;
  }
  try {
    const info = await handle.stat();
    // The kernel's name of what was opened: every symlink on the way already followed.
    const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => realpath(host));
    return { handle, real, directory: info.isDirectory() };
  } catch (error) {
    await handle.close().catch(() => undefined);
    return `volume host path ${host} cannot be inspected (${String(error)})`;
  }
}

/** `boundary` with its data folder resolved, so that a symlinked data folder compares with resolved paths. */
async function resolvedBoundary(boundary: TrustBoundary): Promise<TrustBoundary> {
  if (boundary.dataDir === undefined) return boundary;
  const dataDir = await realpath(boundary.dataDir).catch(() => boundary.dataDir);
  return { ...boundary, dataDir };
}

function problemOf(volume: SandboxVolume, source: OpenedSource, boundary: TrustBoundary): string | undefined {
  const named =
    source.real === volume.host ? `volume "${volume.host}"` : `volume "${volume.host}" leads to ${source.real}, which`;
  const why = hostPathViolation(source.real, volume.readOnly);
  if (why) return `${named} ${why.replace(/^mounts /, 'is ')}`;
  const outside = bindSourceProblem(source.real, boundary);
  if (outside) return `volume "${volume.host}": ${outside}`;
  if (!source.directory && TRUST_RULES[boundary.level].bindMounts === 'data-folder') {
    return `volume "${volume.host}" is a single file, which ${boundary.level} workflows may not bind (mount its folder)`;
  }
  return undefined;
}

/**
 * Opens every volume's host path (following symlinks once, in the kernel), judges the path the
 * descriptor really leads to (Docker policy and `boundary`'s data folder) and mounts exactly that:
 * a folder through a local-driver volume whose device is `/proc/<pid>/fd/<n>` (dockerd mounts the
 * open descriptor, so a symlink swapped in afterwards changes nothing), a single file (trusted only)
 * by its resolved path. Needs a local engine in this process's pid and mount namespace.
 */
export async function openHostMounts(
  docker: Dockerode,
  volumes: readonly SandboxVolume[],
  boundary: TrustBoundary = TRUSTED_BOUNDARY,
): Promise<HostMounts> {
  const handles: FileHandle[] = [];
  const names: string[] = [];
  const dispose = async (): Promise<void> => {
    for (const name of names)
      await docker
        .getVolume(name)
        .remove({ force: true })
        .catch(() => undefined);
    for (const handle of handles) await handle.close().catch(() => undefined);
  };
  const judge = await resolvedBoundary(boundary);
  const mounts: MountSettings[] = [];
  const problems: string[] = [];
  try {
    for (const volume of volumes) {
      const source = await openSource(volume.host);
      if (typeof source === 'string') {
        problems.push(source);
        continue;
      }
      handles.push(source.handle);
      const problem = problemOf(volume, source, judge);
      if (problem) problems.push(problem);
      if (problem || problems.length > 0) continue;
      if (!source.directory) {
        mounts.push({ Type: 'bind', Source: source.real, Target: volume.container, ReadOnly: volume.readOnly });
        continue;
      }
      const name = `skill-bind-${randomUUID()}`;
      await docker.createVolume({
        Name: name,
        Driver: 'local',
        DriverOpts: { type: 'none', o: 'bind', device: `/proc/${process.pid}/fd/${source.handle.fd}` },
        Labels: containerLabels({ 'skill.bind_source': source.real }),
      });
      names.push(name);
      mounts.push({
        Type: 'volume',
        Source: name,
        Target: volume.container,
        ReadOnly: volume.readOnly,
        // Never copy the image's files at the target into the host folder.
        VolumeOptions: { NoCopy: true },
      } as MountSettings);
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { mounts, problems, dispose };
}
