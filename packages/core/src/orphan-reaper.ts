// Clears what dead engines on this host left behind: step processes still marked as theirs and sandbox containers
// labelled with their pid. Run at server start (before resuming their executions) and as a periodic watchdog.
import { defaultDockerSandbox, reapOrphanedSteps } from '@skill/sandbox';

/** What {@link reapOrphans} removed. */
export interface OrphanReport {
  /** Step processes (setsid children too) of engines that died, killed. */
  processes: number;
  /** Sandbox containers of engines that died, removed (0 when Docker is not reachable). */
  containers: number;
}

/** Kills the marked processes and removes the containers of engines that are gone; never throws. */
export async function reapOrphans(): Promise<OrphanReport> {
  const processes = await reapOrphanedSteps().catch(() => 0);
  const containers = await defaultDockerSandbox()
    .cleanupOrphans()
    .catch(() => 0); // no Docker here, or it does not answer: nothing of ours can run there either
  return { processes, containers };
}
