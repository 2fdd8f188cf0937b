// Finds and removes sandbox containers whose engine process is gone (killed engine, crash) by their labels.

import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import { SandboxLabel } from './docker-container-config.js';
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

/** Removes (force) every orphaned sandbox container; returns how many were removed. */
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
  return removed;
}
