// Finds and removes sandbox containers whose engine process is gone (killed engine, crash) by their labels.

import { readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { SandboxLabel } from './docker-container-config.js';
import { WARM_FOLDER_PREFIX } from './docker-file-mounts.js';
import { isProcessAlive } from './process/signal-group.js';

/** A container summary's labels and creation time (seconds since the epoch). */
interface LabelledContainer {
  Labels?: Record<string, string>;
  Created: number;
}

/**
 * True when the engine that created the container is gone: on this host, its pid no longer runs
 * (and is not us). Containers of other hosts cannot be checked; they count as orphans only when
 * older than `olderThanMs`.
 */
export function isOrphan(container: LabelledContainer, olderThanMs: number | undefined, now = Date.now()): boolean {
  const labels = container.Labels ?? {};
  const pid = Number(labels[SandboxLabel.EnginePid]);
  const sameHost = labels[SandboxLabel.EngineHost] === hostname();
  if (sameHost && pid === process.pid) return false;
  if (sameHost && Number.isInteger(pid) && pid > 0) return !isProcessAlive(pid);
  return olderThanMs !== undefined && now - container.Created * 1000 > olderThanMs;
}

/** Removes the warm-pool host folders (`skill-warm-<pid>-*` in the temp folder) of engines on this host that died. */
async function removeOrphanedWarmFolders(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(WARM_FOLDER_PREFIX)) continue;
    const pid = Number(name.slice(WARM_FOLDER_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isProcessAlive(pid)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Removes (force) every orphaned sandbox container, then the warm-pool host folders of dead engines; returns
 * how many containers were removed.
 */
export async function removeOrphans(docker: Dockerode, olderThanMs?: number): Promise<number> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${SandboxLabel.Workflow}=1`] },
  });
  let removed = 0;
  for (const summary of containers) {
    if (!isOrphan(summary, olderThanMs)) continue;
    try {
      await docker.getContainer(summary.Id).remove({ force: true, v: true });
      removed += 1;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw error; // gone, or being removed by someone else
    }
  }
  await removeOrphanedWarmFolders();
  return removed;
}
