// Tests of the per-level Docker rules: data folder, root user in any spelling, networks by level, maxima, validation vs run time.
import { describe, expect, it } from 'vitest';
import { bindSourceProblem, trustViolations, untrustedUserProblem } from './container-trust-rules.js';
import { dockerPolicyViolations, hostPathViolation, SHARED_HOST_FOLDERS, SYSTEM_HOST_ROOTS } from './docker-policy.js';
import { TRUSTED_BOUNDARY, type TrustBoundary } from './trust.js';

const userProvided: TrustBoundary = {
  level: 'user-provided',
  dataDir: '/srv/skill-data',
  allowedNetworks: ['skill-jobs'],
  allowedHttpTargets: [],
};
const community: TrustBoundary = { ...userProvided, level: 'community' };
const messages = (settings: Parameters<typeof trustViolations>[0], boundary: TrustBoundary, resolved = true) =>
  trustViolations(settings, boundary, resolved).map((violation) => violation.message);

describe('untrustedUserProblem', () => {
  it.each(['0', '0:0', '00', 'root', 'ROOT:root', 'root:root', '0:1000', '1000:0', '1000:root', ' 0 '])(
    'refuses the root user spelt %j',
    (user) => expect(untrustedUserProblem(user)).toContain('runs as root'),
  );
  it('refuses names (the image may map them to uid 0) and allows numeric ids', () => {
    expect(untrustedUserProblem('nobody')).toContain('is a name');
    expect(untrustedUserProblem('1000:staff')).toContain('is a name');
    expect(untrustedUserProblem('1000')).toBeUndefined();
    expect(untrustedUserProblem('65534:65534')).toBeUndefined();
  });
});

describe('bindSourceProblem', () => {
  it('allows only the data folder and below it, for both untrusted levels', () => {
    for (const boundary of [userProvided, community]) {
      expect(bindSourceProblem('/srv/skill-data', boundary)).toBeUndefined();
      expect(bindSourceProblem('/srv/skill-data/run/1/', boundary)).toBeUndefined();
      expect(bindSourceProblem('/srv/skill-data-2', boundary)).toContain('outside the data folder');
      expect(bindSourceProblem('/srv/skill-data/../project', boundary)).toContain('/srv/project is outside');
    }
  });
  it('refuses every bind mount when the server has no data folder, and none for trusted', () => {
    const noData = { ...userProvided, dataDir: undefined };
    expect(bindSourceProblem('/srv/skill-data/x', noData)).toBe(
      'bind mounts are not allowed for user-provided workflows (the server has no data folder)',
    );
    expect(bindSourceProblem('relative', noData)).toContain('not allowed');
    expect(bindSourceProblem('/anything', TRUSTED_BOUNDARY)).toBeUndefined();
  });
});

describe('trustViolations', () => {
  it('applies nothing for trusted', () => {
    const settings = { user: '0', network: 'bridge', volumes: ['/x:/x'], memoryBytes: 1e12, cpus: 64 };
    expect(trustViolations(settings, TRUSTED_BOUNDARY, true)).toEqual([]);
  });

  it('user-provided: only none and the allowed networks, and the maxima', () => {
    expect(messages({ network: 'none' }, userProvided)).toEqual([]);
    expect(messages({ network: 'skill-jobs' }, userProvided)).toEqual([]);
    expect(messages({ network: 'bridge' }, userProvided)).toEqual([
      'network "bridge" is not allowed for user-provided workflows (allowed: "none", "skill-jobs")',
    ]);
    expect(messages({ memoryBytes: 4 * 1024 ** 3, cpus: 8 }, userProvided)).toEqual([
      'memory limit 4294967296 bytes is above the 2147483648 bytes allowed for user-provided workflows',
      'cpu limit 8 is above the 2 CPUs allowed for user-provided workflows',
    ]);
    expect(messages({ memoryBytes: 2 * 1024 ** 3, cpus: 2 }, userProvided)).toEqual([]);
  });

  it('community: any network the base policy allows, no maxima, but the data folder and no root', () => {
    expect(messages({ network: 'bridge', memoryBytes: 1e12 }, community)).toEqual([]);
    expect(messages({ user: 'root', volumes: ['/home/me/project:/p'] }, community)).toEqual([
      'volume "/home/me/project:/p": /home/me/project is outside the data folder /srv/skill-data, the only place community workflows may mount',
      'user "root" runs as root (uid or gid 0), which is not allowed',
    ]);
  });

  it('leaves templates and relative paths to run time at validation', () => {
    const settings = { user: '{inputs.u}', network: '{inputs.n}', volumes: ['{inputs.d}:/d', '../..:/proj'] };
    expect(messages(settings, userProvided, false)).toEqual([]);
    expect(dockerPolicyViolations(settings, { boundary: userProvided, resolved: true }).map((v) => v.field)).toEqual([
      'volumes',
      'volumes',
      'user',
      'user',
      'network',
    ]);
  });

  it('is what dockerPolicyViolations adds with a boundary', () => {
    const settings = { user: '0:0', network: 'bridge', volumes: ['../..:/proj'] };
    expect(dockerPolicyViolations(settings)).toEqual([]);
    expect(dockerPolicyViolations(settings, { boundary: userProvided }).map((v) => v.field)).toEqual([
      'user',
      'network',
    ]);
    expect(
      dockerPolicyViolations(settings, { boundary: { ...userProvided, dataDir: undefined } }).map((v) => v.field),
    ).toEqual(['volumes', 'user', 'network']);
  });
});

describe('hostPathViolation: parents and system folders', () => {
  it('refuses the shared folders themselves and home folders, not what lies below them', () => {
    for (const folder of SHARED_HOST_FOLDERS) {
      expect(hostPathViolation(folder, true)).toContain('shared host folder');
      expect(hostPathViolation(`${folder}/`, true)).toContain('shared host folder');
    }
    expect(hostPathViolation('/home/alice')).toContain('shared host folder /home/alice');
    expect(hostPathViolation('/home/alice/project/input')).toBeUndefined();
    expect(hostPathViolation('/var/lib/app')).toBeUndefined();
    expect(hostPathViolation('/var/lib/containerd/x', true)).toContain('sensitive host path');
  });
  it('refuses system folders read-write only', () => {
    for (const root of SYSTEM_HOST_ROOTS) {
      expect(hostPathViolation(`${root}/x`)).toContain('read-write');
      expect(hostPathViolation(`${root}/x`, true)).toBeUndefined();
    }
    expect(
      dockerPolicyViolations({ volumes: ['/usr:/u', '/usr:/u:ro', '/var/lib:/v:ro'] }).map((v) => v.index),
    ).toEqual([0, 2]);
  });
});
