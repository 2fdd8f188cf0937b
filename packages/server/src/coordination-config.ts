// Whether a server coordinates with others on its store (leases and takeovers), from SKILL_COORDINATION,
// SKILL_LEASE_MS and SKILL_HEARTBEAT_MS: on by default with PostgreSQL, where several servers share the work.
import { type CoordinationOptions, coordinationSettings } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';

function invalid(message: string): WorkflowError {
  return new WorkflowError('INVALID_VALUE', message, { retryable: false });
}

function millisecondsFrom(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(value)) throw invalid(`${name} must be a whole number of milliseconds, got "${value}"`);
  return Number(value);
}

/**
 * The coordination options of a server on `databaseUrl`, or undefined when it runs alone. SKILL_COORDINATION is
 * `on`, `off` or `auto` (the default: on for a `postgres://` store). Throws `INVALID_VALUE` for a bad value.
 */
export function coordinationFromEnv(
  env: Record<string, string | undefined>,
  databaseUrl: string,
): CoordinationOptions | undefined {
  const mode = (env.SKILL_COORDINATION ?? 'auto').trim().toLowerCase() || 'auto';
  if (!['on', 'off', 'auto', '1', '0', 'true', 'false'].includes(mode)) {
    throw invalid(`SKILL_COORDINATION must be on, off or auto, got "${env.SKILL_COORDINATION}"`);
  }
  const postgres = /^postgres(ql)?:\/\//i.test(databaseUrl);
  const on = mode === 'on' || mode === '1' || mode === 'true' || (mode === 'auto' && postgres);
  if (!on) return undefined;
  const leaseMs = millisecondsFrom('SKILL_LEASE_MS', env.SKILL_LEASE_MS);
  const heartbeatMs = millisecondsFrom('SKILL_HEARTBEAT_MS', env.SKILL_HEARTBEAT_MS);
  const options: CoordinationOptions = {
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
  };
  const checked = coordinationSettings(options); // a bad pair stops the server here
  return { leaseMs: checked.leaseMs, heartbeatMs: checked.heartbeatMs };
}
