// Tests of the shared Docker policy rules: what is refused (in any spelling), what is allowed, and validation vs run time.
import { describe, expect, it } from 'vitest';
import { dockerPolicyViolations, FORBIDDEN_HOST_ROOTS, hostPathViolation } from './docker-policy.js';
import { normaliseHostPath } from './docker-settings.js';

const volume = (host: string, container = '/data') => ({ host, container });
const messages = (...args: Parameters<typeof dockerPolicyViolations>) =>
  dockerPolicyViolations(...args).map((violation) => violation.message);

describe('dockerPolicyViolations', () => {
  it('allows the defaults and ordinary project folders', () => {
    expect(dockerPolicyViolations({})).toEqual([]);
    expect(
      messages(
        {
          network: 'bridge',
          user: '1000:1000',
          volumes: [volume('/home/me/project/input'), volume('/tmp/out', '/out'), '/data:/data:ro'],
        },
        { resolved: true },
      ),
    ).toEqual([]);
    expect(messages({ network: 'none', user: 'nobody', capAdd: [], devices: [], privileged: false })).toEqual([]);
  });

  it('refuses privileged, host network, cap_add and devices, one violation each with field and hint', () => {
    expect(
      dockerPolicyViolations({ privileged: true, network: ' HOST ', capAdd: ['SYS_ADMIN'], devices: ['/dev/kvm'] }),
    ).toEqual([
      {
        field: 'privileged',
        message: 'privileged containers are not allowed',
        hint: 'remove privileged; containers run with all capabilities dropped',
      },
      {
        field: 'network',
        message: 'the host network is not allowed (use "none", the default, or "bridge")',
        hint: 'use network = "none" (the default) or "bridge"',
      },
      { field: 'cap_add', message: 'adding capabilities is not allowed (SYS_ADMIN)', hint: 'remove cap_add' },
      { field: 'devices', message: 'mapping host devices is not allowed (/dev/kvm)', hint: 'remove devices' },
    ]);
    expect(messages({ network: 'container:abc' })).toEqual([
      'network "container:abc" joins another container\'s network, which is not allowed',
    ]);
  });

  it('refuses a volume of the Docker socket, of / or below a forbidden root, with its index', () => {
    expect(dockerPolicyViolations({ volumes: ['/ok:/ok', volume('/var/run/docker.sock', '/sock')] })).toEqual([
      {
        field: 'volumes',
        index: 1,
        message: 'volume "/var/run/docker.sock:/sock" mounts the Docker socket, which gives full control of the host',
        hint: 'mount only the project folders the step needs',
      },
    ]);
    expect(messages({ volumes: ['/data:/var/run/docker.sock'] })).toEqual([
      'volume "/data:/var/run/docker.sock" mounts over the Docker socket path /var/run/docker.sock',
    ]);
    expect(messages({ volumes: ['/var/run/docker.sock'] })).toEqual([
      'volume "/var/run/docker.sock" mounts the Docker socket',
    ]);
  });

  it.each([
    ['/var/run/docker.sock:/var/run/docker.sock', 'socket'],
    ['/run/docker.sock:/sock', 'socket'],
    ['./docker.sock:/sock', 'socket'],
    ['/home/me/.docker/desktop/docker.sock:/s:ro', 'socket'],
    ['/:/host', 'root directory'],
    ['//:/host', 'root directory'],
    ['/tmp/..:/host', 'root directory'],
    ['/etc:/e', 'path /etc'],
    ['/etc/:/e:ro', 'path /etc'],
    ['//etc:/e', 'path /etc'],
    ['/tmp/../etc/ssl:/ssl', 'path /etc/ssl'],
    ['/root/.ssh:/keys', 'path /root/.ssh'],
    ['/proc:/p', 'path /proc'],
    ['/sys/fs/cgroup:/c', 'path /sys/fs/cgroup'],
    ['/var/run:/r', 'path /var/run'],
    ['/dev/sda:/d', 'path /dev/sda'],
    ['/boot:/b', 'path /boot'],
    ['/var/lib/docker/volumes:/v', 'path /var/lib/docker/volumes'],
    ['/etc/{inputs.name}:/e', 'path /etc/{inputs.name}'],
  ])('refuses the volume %s at validation and at run time', (text, why) => {
    expect(messages({ volumes: [text] }).join()).toContain(why);
    expect(messages({ volumes: [text] }, { resolved: true }).join()).toContain(why);
  });

  it.each([
    '/data:/data',
    './input:/input',
    'cache:/cache',
    '/etcetera:/x',
    '/var/lib/app:/app',
    '/var/runner:/r',
    '/tmp',
    '{inputs.dir}:/input',
    '/data:{inputs.target}',
    '/rootfs-copy:/r',
  ])('allows the volume %s at validation', (text) => {
    expect(dockerPolicyViolations({ volumes: [text] })).toEqual([]);
  });

  it('leaves templated and relative values to run time, where they are resolved', () => {
    const templated = { network: '{inputs.net}', user: '{inputs.uid}:1000', volumes: ['{inputs.dir}:/in', 'rel:/r'] };
    expect(dockerPolicyViolations(templated)).toEqual([]);
    expect(messages(templated, { resolved: true })).toEqual([
      'volume host path "{inputs.dir}" is not absolute',
      'volume host path "rel" is not absolute',
      'user "{inputs.uid}:1000" is not "uid", "uid:gid" or a user name',
    ]);
  });

  it('wants absolute container paths and a well-formed user', () => {
    expect(messages({ volumes: [volume('data', 'out')], user: 'root; rm -rf /' }, { resolved: true })).toEqual([
      'volume host path "data" is not absolute',
      'volume container path "out" is not absolute',
      'user "root; rm -rf /" is not "uid", "uid:gid" or a user name',
    ]);
    expect(messages({ volumes: ['/data:out'], user: 'root; rm -rf /' })).toEqual([
      'volume container path "out" is not absolute',
      'user "root; rm -rf /" is not "uid", "uid:gid" or a user name',
    ]);
    expect(messages({ user: '' })).toEqual(['user "" is not "uid", "uid:gid" or a user name']);
  });
});

describe('hostPathViolation', () => {
  it('refuses the Docker socket, / and every forbidden root, also written crookedly', () => {
    expect(hostPathViolation('/home/me/../../run/docker.sock/')).toBe(
      'mounts the Docker socket, which gives full control of the host',
    );
    expect(hostPathViolation('/srv/docker.sock')).toBe(
      'mounts the Docker socket, which gives full control of the host',
    );
    expect(hostPathViolation('//')).toBe('mounts the host root directory /');
    expect(hostPathViolation('/tmp/..')).toBe('mounts the host root directory /');
    expect(hostPathViolation('/etc/ssh/')).toBe('mounts the sensitive host path /etc/ssh');
    expect(hostPathViolation('/home/../root')).toBe('mounts the sensitive host path /root');
    for (const root of FORBIDDEN_HOST_ROOTS) {
      expect(hostPathViolation(root)).toBe(`mounts the sensitive host path ${root}`);
      expect(hostPathViolation(`${root}/x`)).toBe(`mounts the sensitive host path ${root}/x`);
      expect(hostPathViolation(`${root}x`)).toBeUndefined();
    }
    expect(hostPathViolation('relative/dir')).toBeUndefined();
  });
});

describe('normaliseHostPath', () => {
  it.each([
    ['/a/b/../c//', '/a/c'],
    ['/', '/'],
    ['/../..', '/'],
    [' ./a/./b/ ', 'a/b'],
    ['../a/../../b', '../../b'],
    ['a/..', '.'],
  ])('resolves . and .. and drops repeated and trailing slashes: %j is %j', (raw, normal) => {
    expect(normaliseHostPath(raw)).toBe(normal);
  });
});
