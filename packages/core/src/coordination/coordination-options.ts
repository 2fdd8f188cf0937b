// How coordinators sharing a store own executions: lease length, heartbeat, and this coordinator's name.

import { hostname } from 'node:os';
import { WorkflowError } from '@skill/workflow-model';

/** Options of {@link EngineOptions.coordination}. */
export interface CoordinationOptions {
  /** How long a lease lasts without renewal: another coordinator takes the execution over after it. Default 4000. */
  leaseMs?: number;
  /** How often leases are renewed and expired ones looked for. Default 1000 (at most a third of `leaseMs`). */
  heartbeatMs?: number;
  /** This coordinator's name in the store (unique); default `host:pid:random`. */
  owner?: string;
  /** Told when this coordinator loses an execution's lease: it stops running it and writes nothing more for it. */
  onLeaseLost?: (executionId: string) => void;
  /** Told when this coordinator takes over an execution whose coordinator stopped renewing its lease. */
  onTakeover?: (executionId: string) => void;
}

/** The options with every default applied and checked. */
export interface CoordinationSettings {
  leaseMs: number;
  heartbeatMs: number;
  owner: string;
}

/** Lease length by default: a dead coordinator's executions are taken over 4 to 5 s after its last renewal. */
export const DEFAULT_LEASE_MS = 4_000;
/** Heartbeat by default: leases are renewed, and expired ones claimed, every second. */
export const DEFAULT_HEARTBEAT_MS = 1_000;

/** Applies defaults; throws `INVALID_VALUE` when the heartbeat would not renew a lease at least twice before it expires. */
export function coordinationSettings(options: CoordinationOptions): CoordinationSettings {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.min(DEFAULT_HEARTBEAT_MS, Math.floor(leaseMs / 3));
  if (!Number.isInteger(leaseMs) || leaseMs < 300 || leaseMs > 600_000) {
    throw new WorkflowError('INVALID_VALUE', `lease length ${leaseMs} ms: give a whole number from 300 to 600000`);
  }
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 50 || heartbeatMs * 2 >= leaseMs) {
    throw new WorkflowError(
      'INVALID_VALUE',
      `heartbeat ${heartbeatMs} ms: give a whole number of at least 50, under half the lease length (${leaseMs} ms)`,
    );
  }
  const owner = options.owner ?? `${hostname()}:${process.pid}:${globalThis.crypto.randomUUID().slice(0, 8)}`;
  return { leaseMs, heartbeatMs, owner };
}
