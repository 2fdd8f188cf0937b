import { describe, expect, it } from 'vitest';
import { checkDockerPolicy, hostPathViolation, normaliseHostPath } from './docker-policy.js';

const volume = (host: string, container = '/data') => ({ host, container, readOnly: false });

describe('checkDockerPolicy', () => {
  it('allows the defaults and ordinary project folders', () => {
    expect(checkDockerPolicy({})).toEqual([]);
    expect(
      checkDockerPolicy({
        network: 'bridge',
        user: '1000:1000',
        volumes: [volume('/home/me/project/input'), volume('/tmp/out', '/out')],
      }),
    ).toEqual([]);
    expect(checkDockerPolicy({ network: 'none', user: 'nobody', capAdd: [], devices: [] })).toEqual([]);
  });

  it('refuses privileged, host network, cap_add and devices, one message each', () => {
    expect(
      checkDockerPolicy({ privileged: true, network: ' HOST ', capAdd: ['SYS_ADMIN'], devices: ['/dev/kvm'] }),
    ).toEqual([
      'privileged containers are not allowed',
      'the host network is not allowed (use "none", the default, or "bridge")',
      'adding capabilities is not allowed (SYS_ADMIN)',
      'mapping host devices is not allowed (/dev/kvm)',
    ]);
    expect(checkDockerPolicy({ network: 'container:abc' })).toEqual([
      'network "container:abc" joins another container\'s network, which is not allowed',
    ]);
  });

  it('refuses the Docker socket, / and sensitive host paths, also written crookedly', () => {
    expect(checkDockerPolicy({ volumes: [volume('/var/run/docker.sock', '/sock')] })).toEqual([
      'volume "/var/run/docker.sock:/sock" mounts the Docker socket, which gives full control of the host',
    ]);
    expect(hostPathViolation('/home/me/../../run/docker.sock/')).toBe(
      'mounts the Docker socket, which gives full control of the host',
    );
    expect(hostPathViolation('/srv/docker.sock')).toBe(
      'mounts the Docker socket, which gives full control of the host',
    );
    expect(hostPathViolation('//')).toBe('mounts the host root directory /');
    expect(hostPathViolation('/tmp/..')).toBe('mounts the host root directory /');
    expect(hostPathViolation('/etc')).toBe('mounts the sensitive host path /etc');
    expect(hostPathViolation('/etc/ssh/')).toBe('mounts the sensitive host path /etc/ssh');
    expect(hostPathViolation('/home/../root')).toBe('mounts the sensitive host path /root');
    for (const path of ['/proc/1', '/sys', '/run/containerd', '/var/run', '/dev', '/var/lib/docker/volumes']) {
      expect(hostPathViolation(path)).toBe(`mounts the sensitive host path ${path}`);
    }
    expect(hostPathViolation('/etcetera')).toBeUndefined();
    expect(hostPathViolation('/var/runner')).toBeUndefined();
  });

  it('wants absolute paths on both sides and a well-formed user', () => {
    expect(checkDockerPolicy({ volumes: [volume('data', 'out')], user: 'root; rm -rf /' })).toEqual([
      'volume host path "data" is not absolute',
      'volume container path "out" is not absolute',
      'user "root; rm -rf /" is not "uid", "uid:gid" or a user name',
    ]);
    expect(checkDockerPolicy({ user: '' })).toEqual(['user "" is not "uid", "uid:gid" or a user name']);
  });

  it('normalises paths', () => {
    expect(normaliseHostPath('/a/b/../c//')).toBe('/a/c');
    expect(normaliseHostPath('/')).toBe('/');
  });
});
