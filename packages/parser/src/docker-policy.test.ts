// Tests of the Docker volume policy: the socket and sensitive host paths are refused, in any spelling.
import { describe, expect, it } from 'vitest';
import { volumeViolation } from './docker-policy.js';

describe('volumeViolation', () => {
  it.each([
    ['/var/run/docker.sock:/var/run/docker.sock', 'socket'],
    ['/run/docker.sock:/sock', 'socket'],
    ['./docker.sock:/sock', 'socket'],
    ['/home/me/.docker/desktop/docker.sock:/s:ro', 'socket'],
    ['/:/host', 'root directory'],
    ['//:/host', 'root directory'],
    ['/etc:/e', 'path /etc'],
    ['/etc/:/e:ro', 'path /etc'],
    ['//etc:/e', 'path /etc'],
    ['/tmp/../etc/ssl:/ssl', 'path /etc/ssl'],
    ['/root/.ssh:/keys', 'path /root/.ssh'],
    ['/proc:/p', 'path /proc'],
    ['/sys/fs/cgroup:/c', 'path /sys/fs/cgroup'],
    ['/var/run:/r', 'path /var/run'],
  ])('refuses %s', (volume, why) => {
    expect(volumeViolation(volume)).toContain(why);
  });

  it.each([
    '/data:/data',
    './input:/input',
    'cache:/cache',
    '/etcetera:/x',
    '/var/lib/app:/app',
    '/tmp',
    '{inputs.dir}:/input',
    '/rootfs-copy:/r',
  ])('allows %s', (volume) => {
    expect(volumeViolation(volume)).toBeUndefined();
  });
});
