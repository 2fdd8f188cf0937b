// Recognises a failed container run that hit a volume's permissions and words the advice (which path, which user to set).
import { stat } from 'node:fs/promises';
import { DockerDefaults } from './docker-container-config.js';
import type { SandboxVolume } from './sandbox.js';

const PERMISSION = /permission denied|operation not permitted/i;
const READ_ONLY = /read-only file system/i;

/** The volume the error text is about: the one whose container path it names (longest), or the only one. */
function volumeNamedIn(text: string, volumes: SandboxVolume[]): SandboxVolume | undefined {
  const named = volumes
    .filter((volume) => text.includes(volume.container))
    .sort((a, b) => b.container.length - a.container.length);
  return named[0] ?? (volumes.length === 1 ? volumes[0] : undefined);
}

/**
 * When `stderr` of a failed run says "permission denied" (or "read-only file system") about a
 * volume, a message naming the host path and what to do: the owner of the folder (when the host
 * path can be inspected from here) to put in the step's `user` field. Undefined otherwise.
 */
export async function volumePermissionProblem(
  stderr: string,
  volumes: SandboxVolume[],
  user: string | undefined,
): Promise<string | undefined> {
  if (volumes.length === 0) return undefined;
  const readOnly = READ_ONLY.test(stderr);
  if (!readOnly && !PERMISSION.test(stderr)) return undefined;
  const volume = volumeNamedIn(stderr, volumes);
  if (volume === undefined) return undefined;
  const where = `volume ${volume.host} (mounted at ${volume.container})`;
  if (readOnly && volume.readOnly) return `${where} is read-only; remove ":ro" if the step must write to it`;
  const runAs = user ?? DockerDefaults.user;
  const info = await stat(volume.host).catch(() => undefined);
  const advice = info
    ? `it belongs to ${info.uid}:${info.gid} with mode ${(info.mode & 0o777).toString(8)}; set user = "${info.uid}:${info.gid}" in the step or make it accessible to ${runAs}`
    : `set the step's user field to the owner of the folder (user = "uid:gid") or make it accessible to ${runAs}`;
  return `permission denied on ${where} for container user ${runAs}: ${advice}`;
}
