// One warm container: its private host folder, created and started idle through the sandbox's own create, handed a run's files once, removed after.
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { Container } from 'dockerode';
import { createMountFolder, type MountFolder, WARM_FOLDER_PREFIX, writeGroupFiles } from '../docker-file-mounts.js';
import { type DockerSandbox, removeContainer } from '../docker-sandbox.js';
import { type DockerSpec, type WarmPlan, warmMounts } from './warm-launch.js';

/** A started container whose launcher waits for its one run. */
export interface WarmContainer {
  readonly key: string;
  readonly container: Container;
  /** Host folders bound into it (file targets, the metadata file). */
  readonly folder: MountFolder;
  /** The image's ENTRYPOINT (a step without its own entrypoint runs through it, as in a cold container). */
  readonly imageEntrypoint: string[];
  readonly memoryBytes: number;
  /** Its attach stream (stdin, stdout, stderr) and exit wait, opened while idle so a run starts with one write. */
  readonly opened: { stream: Duplex; exit: Promise<number> };
  /** True once the container exited (a run's end, or death while idle). */
  hasExited(): boolean;
  /** Settles when the container exits. */
  readonly exited: Promise<unknown>;
}

/** Image entrypoints by image id (an id never changes content). */
const entrypoints = new Map<string, string[]>();

async function imageEntrypoint(docker: Dockerode, container: Container): Promise<string[]> {
  const imageId = (await container.inspect()).Image;
  let found = entrypoints.get(imageId);
  if (found === undefined) {
    const entrypoint = (await docker.getImage(imageId).inspect()).Config?.Entrypoint as unknown;
    found = Array.isArray(entrypoint) ? (entrypoint as string[]) : typeof entrypoint === 'string' ? [entrypoint] : [];
    entrypoints.set(imageId, found);
  }
  return found;
}

/**
 * Creates and starts the warm container of `plan` (through {@link DockerSandbox.create}, so with the same
 * create options as a cold container of the run); `signal` stops a pull. On failure nothing is left.
 */
export async function startWarmContainer(
  sandbox: DockerSandbox,
  plan: WarmPlan,
  signal: AbortSignal,
): Promise<WarmContainer> {
  const folder = await createMountFolder(plan.targets.length, true, `${WARM_FOLDER_PREFIX}${process.pid}-`);
  let container: Container | undefined;
  try {
    const docker = await sandbox.docker();
    const template: DockerSpec = { ...plan.template, signal };
    const mounts = warmMounts(plan.targets, folder.sources, folder.metadataFile ?? '');
    container = await sandbox.create(docker, template, signal, mounts);
    await container.start();
    const started = container;
    const stream = (await started.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as unknown as Duplex;
    stream.on('error', () => undefined); // a reset at removal: the exit wait tells the story
    let exited = false;
    const exit = started.wait().then(
      (answer: { StatusCode?: number }) => {
        exited = true;
        return Number(answer.StatusCode ?? -1);
      },
      (error: unknown) => {
        exited = true;
        throw error;
      },
    );
    exit.catch(() => undefined); // observed by the run that takes it, or by nobody when it is discarded idle
    return {
      opened: { stream, exit },
      hasExited: () => exited,
      exited: exit,
      key: plan.key,
      container,
      folder,
      imageEntrypoint: await imageEntrypoint(docker, container),
      memoryBytes: plan.memoryBytes,
    };
  } catch (error) {
    if (container) await removeContainer(container);
    await folder.dispose().catch(() => undefined);
    throw error;
  }
}

/**
 * Writes the run's files into the container's bound host folders (its start script, which holds the
 * environment, goes over stdin). False when the container exited while idle (killed from outside): it
 * cannot take the run.
 */
export async function handOver(warm: WarmContainer, plan: WarmPlan): Promise<boolean> {
  if (warm.hasExited()) return false;
  for (const [index, group] of plan.groups.entries()) {
    const source = warm.folder.sources[index];
    if (source !== undefined) await writeGroupFiles(source, group);
  }
  return true;
}

/** Removes the container and its host folder. */
export async function discardWarmContainer(warm: WarmContainer): Promise<void> {
  warm.opened.stream.destroy();
  await removeContainer(warm.container);
  await warm.folder.dispose().catch(() => undefined);
}
