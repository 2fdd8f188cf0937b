// Coordination settings from the environment: on by default with PostgreSQL only, tunable, bad values refused.
import { describe, expect, it } from 'vitest';
import { coordinationFromEnv } from './coordination-config.js';

const postgres = 'postgres://skill@127.0.0.1:5432/skill';

describe('coordinationFromEnv', () => {
  it('is on by default with PostgreSQL and off with SQLite', () => {
    expect(coordinationFromEnv({}, postgres)).toEqual({ leaseMs: 4000, heartbeatMs: 1000 });
    expect(coordinationFromEnv({}, '/srv/project/.skill/executions.db')).toBeUndefined();
    expect(coordinationFromEnv({ SKILL_COORDINATION: 'off' }, postgres)).toBeUndefined();
    expect(coordinationFromEnv({ SKILL_COORDINATION: 'on' }, '/tmp/x.db')).toEqual({
      leaseMs: 4000,
      heartbeatMs: 1000,
    });
  });

  it('takes the lease length and heartbeat, the heartbeat by default a third of a short lease', () => {
    expect(coordinationFromEnv({ SKILL_LEASE_MS: '9000', SKILL_HEARTBEAT_MS: '500' }, postgres)).toEqual({
      leaseMs: 9000,
      heartbeatMs: 500,
    });
    expect(coordinationFromEnv({ SKILL_LEASE_MS: '1500' }, postgres)).toEqual({ leaseMs: 1500, heartbeatMs: 500 });
  });

  it.each([
    [{ SKILL_COORDINATION: 'sometimes' }, /SKILL_COORDINATION must be on, off or auto/],
    [{ SKILL_LEASE_MS: '4s' }, /SKILL_LEASE_MS must be a whole number of milliseconds/],
    [{ SKILL_LEASE_MS: '100' }, /lease length 100 ms/],
    [{ SKILL_LEASE_MS: '4000', SKILL_HEARTBEAT_MS: '2000' }, /under half the lease length/],
  ])('refuses %o', (env, message) => {
    expect(() => coordinationFromEnv(env, postgres)).toThrow(message);
  });
});
