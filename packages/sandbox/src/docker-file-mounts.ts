// Local engines: spec.files written to a private host temp folder and bound read-only into the container (no archive upload).
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { MountSettings } from 'dockerode';
import { containerEntryName } from './docker-archive.js';
import type { SandboxFile } from './sandbox.js';

/** How files reach the container: `auto` binds them read-only with a local engine when possible, `archive` always uploads. */
export type FileDelivery = 'auto' | 'archive';

/** Only folders below this one are bound: an image practically never ships content there that a mount would hide. */
const MOUNTABLE_ROOT = '/tmp';

/** One read-only bind: the files below `target` (paths relative to it). */
export interface MountGroup {
  target: string;
  files: Array<{ relative: string; file: SandboxFile }>;
}

/** Files bound into a container, and how to remove their host folder afterwards. */
export interface FileMounts {
  mounts: MountSettings[];
  /** The empty host file to bind writable at SKILL_METADATA's path, when asked for. */
  metadataFile?: string;
  /** The private host folder (removed by `dispose`). */
  folder: string;
  dispose(): Promise<void>;
}

/**
 * Groups files by their container folder, nested folders into their outermost one (a read-only bind
 * cannot receive a mount point later). Undefined when a file's folder is not strictly below `/tmp`
 * (`/`, `/tmp` itself, `/app` ... would hide image content or the SKILL_METADATA folder): such runs use the archive.
 */
export function planFileMounts(files: SandboxFile[]): MountGroup[] | undefined {
  const entries = files.map((file) => ({ path: `/${containerEntryName(file.path)}`, file }));
  const folders = [...new Set(entries.map((entry) => posix.dirname(entry.path)))].sort();
  if (folders.some((folder) => !folder.startsWith(`${MOUNTABLE_ROOT}/`))) return undefined;
  const targets: string[] = [];
  for (const folder of folders) {
    if (!targets.some((target) => folder === target || folder.startsWith(`${target}/`))) targets.push(folder);
  }
  const groups = targets.map((target): MountGroup => ({ target, files: [] }));
  for (const entry of entries) {
    const group = groups.find((g) => entry.path.startsWith(`${g.target}/`));
    if (group === undefined) return undefined; // unreachable: every folder has a target
    group.files.push({ relative: entry.path.slice(group.target.length + 1), file: entry.file });
  }
  return groups;
}

/** A private host folder (mkdtemp, 0700) with one empty sub-folder per mount target (0755) and, if asked, the metadata file. */
export interface MountFolder {
  folder: string;
  /** Host folder of each target, in the order given. */
  sources: string[];
  /** The empty host file to bind writable at SKILL_METADATA's path (0666: only the container reaches it). */
  metadataFile?: string;
  dispose(): Promise<void>;
}

/**
 * Name prefix of the host folders of warm-pool containers, followed by the engine's pid and `-`: they live as
 * long as their container, so the orphan cleanup removes those of engines that died (see removeOrphans).
 */
export const WARM_FOLDER_PREFIX = 'skill-warm-';

/**
 * Creates the {@link MountFolder} of `targets` (named `<prefix>XXXXXX` in the temp folder); on an error the
 * folder is removed and the error thrown.
 */
export async function createMountFolder(
  targets: number,
  metadata: boolean,
  prefix = 'skill-sandbox-',
): Promise<MountFolder> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  const dispose = () => rm(folder, { recursive: true, force: true, maxRetries: 2 });
  try {
    let metadataFile: string | undefined;
    if (metadata) {
      metadataFile = join(folder, 'metadata');
      await writeFile(metadataFile, '');
      await chmod(metadataFile, 0o666);
    }
    const sources: string[] = [];
    for (let index = 0; index < targets; index++) {
      const source = join(folder, `dir${index}`);
      await mkdir(source, { mode: 0o755 });
      await chmod(source, 0o755);
      sources.push(source);
    }
    return { folder, sources, metadataFile, dispose };
  } catch (error) {
    await dispose().catch(() => undefined);
    throw error;
  }
}

/** Writes a group's files below `source` (sub-folders 0755, files 0644 or their `mode`, so any container user can read them). */
export async function writeGroupFiles(source: string, group: MountGroup): Promise<void> {
  for (const { relative, file } of group.files) {
    const path = join(source, ...relative.split('/'));
    const parent = join(path, '..');
    if (parent !== source) {
      await mkdir(parent, { recursive: true, mode: 0o755 });
      for (let dir = parent; dir !== source; dir = join(dir, '..')) await chmod(dir, 0o755);
    }
    await writeFile(path, typeof file.content === 'string' ? file.content : Buffer.from(file.content));
    await chmod(path, file.mode ?? 0o644);
  }
}

/** The read-only bind of each group's host folder. */
export function groupBinds(groups: MountGroup[], sources: string[]): MountSettings[] {
  return groups.map((group, index) => ({
    Type: 'bind',
    Source: sources[index] ?? '',
    Target: group.target,
    ReadOnly: true,
  }));
}

/**
 * Writes the groups into a fresh {@link MountFolder} and returns the read-only bind mounts; with
 * `metadata`, also the metadata file. On a write error the folder is removed and the error thrown.
 */
export async function writeFileMounts(groups: MountGroup[], metadata = false): Promise<FileMounts> {
  const made = await createMountFolder(groups.length, metadata);
  try {
    for (const [index, group] of groups.entries()) await writeGroupFiles(made.sources[index] as string, group);
    return {
      mounts: groupBinds(groups, made.sources),
      metadataFile: made.metadataFile,
      folder: made.folder,
      dispose: made.dispose,
    };
  } catch (error) {
    await made.dispose().catch(() => undefined);
    throw error;
  }
}
