// The attack suite against a real engine: each attack contained at run time or refused before a container exists.
import { symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { serviceReady, useTempDir, waitFor } from '@skill/test-kit';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerEventsSince, freshStepId, leftoverContainers, runSpec } from '../test/docker-run-spec.js';
import { SandboxLabel } from './docker-container-config.js';
import { DockerSandbox } from './docker-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const docker = new Docker();
const sandbox = new DockerSandbox({ docker, stopGraceMs: 300 });

/** A spec labelled with a fresh step id, so each test can look for its own containers. */
function spec(command: string[], extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec & { stepId: string } {
  const stepId = freshStepId('attack');
  return { ...runSpec(stepId, command, extra), stepId };
}

const containersOf = (stepId: string, state?: 'running') => leftoverContainers(docker, stepId, state);
/** Containers created for `stepId` since `since` (seconds), from the daemon's event log. */
const createdSince = (stepId: string, since: number) => containerEventsSince(docker, 'create', stepId, since);

/** The number of processes in the running container of `stepId`, when it has one and the daemon reports it. */
async function pidCount(stepId: string): Promise<number | undefined> {
  const [found] = await docker.listContainers({ filters: { label: [`${SandboxLabel.StepId}=${stepId}`] } });
  if (!found) return undefined;
  const stats = await docker
    .getContainer(found.Id)
    .stats({ stream: false })
    .catch(() => undefined);
  return (stats as { pids_stats?: { current?: number } } | undefined)?.pids_stats?.current;
}

async function engineHealthy(): Promise<void> {
  const result = await sandbox.run(spec(['echo', 'still fine']));
  expect(result.stdout).toBe('still fine\n');
}

const scratch = useTempDir('docker-attacks-');

describe.skipIf(!dockerReady)('attacks contained at run time', () => {
  let server: Server;
  let gateway: string;
  let port: number;
  beforeAll(async () => {
    const bridge = await docker.getNetwork('bridge').inspect();
    const config = bridge.IPAM?.Config?.[0] as { Gateway?: string; Subnet: string };
    // The daemon leaves Gateway out when it picked the default: the subnet's first address.
    gateway = config.Gateway ?? config.Subnet.replace(/\.0\/\d+$/, '.1');
    server = createServer((socket) => socket.end('reached\n'));
    await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connect = (host: string, port: number) => [
    'python3',
    '-c',
    `import socket\ntry:\n  print(socket.create_connection(("${host}", ${port}), timeout=3).recv(20).decode().strip())\nexcept OSError as e:\n  print("blocked:", e.strerror)`,
  ];

  it('network none (default): a TCP connect to the host fails; on the bridge it would succeed', async () => {
    const isolated = await sandbox.run(spec(connect(gateway, port)));
    expect(isolated.stdout).toBe('blocked: Network is unreachable\n');
    const bridged = await sandbox.run(spec(connect(gateway, port), { network: 'bridge' }));
    expect(bridged.stdout).toBe('reached\n');
  });

  it('fork bomb: the pids limit holds, the run ends at its timeout, the container is gone', async () => {
    const bomb = spec(['bash', '-c', ':(){ :|:& };:; sleep 30'], { timeoutMs: 4000, limits: { pidsLimit: 128 } });
    const pids: number[] = [];
    // Samples the container's pid count while the bomb runs (each stats call takes about a second); bounded by
    // the run's own timeout, after which the container is gone and sampling gives up.
    const sampling = waitFor(async () => {
      const current = await pidCount(bomb.stepId);
      if (current !== undefined) pids.push(current);
      return pids.length >= 2;
    }, 8000).catch(() => undefined);
    const result = await sandbox.run(bomb);
    await sampling;
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(result.stderr).toMatch(/fork|Resource temporarily unavailable/);
    expect(pids.length).toBeGreaterThan(0);
    expect(Math.max(...pids)).toBeLessThanOrEqual(128);
    expect(await containersOf(bomb.stepId)).toBe(0);
    await engineHealthy();
  });

  it('memory bomb: 1 GiB in a 64 MiB container is OOM-killed and reported', async () => {
    const result = await sandbox.run(
      spec(['python3', '-c', 'x = bytearray(1 << 30); print(len(x))'], { limits: { memoryBytes: 64 * 1024 * 1024 } }),
    );
    expect(result).toMatchObject({ exitCode: 137, oomKilled: true, stdout: '', timedOut: false });
    await engineHealthy();
  });

  it('1 GiB of stdout is truncated at the cap, drained to the end, with bounded live lines', async () => {
    let lines = 0;
    const big = spec(['sh', '-c', 'yes | head -c 1073741824; echo done >&2'], {
      outputLimitBytes: 1024 * 1024,
      onOutput: () => {
        lines += 1;
      },
    });
    const result = await sandbox.run(big);
    expect(result.exitCode).toBe(0);
    expect(result.stdoutTruncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(1024 * 1024);
    expect(result.stdout.startsWith('y\ny\n')).toBe(true);
    expect(result.stderr).toBe('done\n');
    expect(lines).toBe(1002); // 1000 + the "live output stopped" notice + stderr's line
    expect(await containersOf(big.stepId)).toBe(0);
  }, 120_000);

  it('sleep infinity with a 1 s timeout is killed and its container removed', async () => {
    const sleeper = spec(['sleep', 'infinity'], { timeoutMs: 1000 });
    const started = performance.now();
    const result = await sandbox.run(sleeper);
    expect(performance.now() - started).toBeLessThan(6000);
    expect(result).toMatchObject({ timedOut: true, cancelled: false, exitCode: 137 });
    expect(await containersOf(sleeper.stepId)).toBe(0);
  });

  it('an abort through the signal stops and removes the container, even when nobody awaits the run', async () => {
    const controller = new AbortController();
    const sleeper = spec(['sleep', 'infinity'], { signal: controller.signal });
    const running = sandbox.run(sleeper);
    // Running, not only created: an abort between create and start ends with exit code -1 (it never ran).
    await waitFor(async () => (await containersOf(sleeper.stepId, 'running')) === 1);
    controller.abort(new Error('user cancelled'));
    const result = await running;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, exitCode: 137 });
    expect(await containersOf(sleeper.stepId)).toBe(0);

    const abandoned = new AbortController();
    const orphan = spec(['sleep', 'infinity'], { signal: abandoned.signal });
    void sandbox.run(orphan);
    await waitFor(async () => (await containersOf(orphan.stepId)) === 1);
    abandoned.abort();
    await waitFor(async () => (await containersOf(orphan.stepId)) === 0);
  });

  it('a signal aborted before the run starts creates nothing', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const early = spec(['true'], { signal: AbortSignal.abort() });
    const result = await sandbox.run(early);
    expect(result).toMatchObject({ cancelled: true, exitCode: -1 });
    expect(await createdSince(early.stepId, since)).toBe(0);
    const normal = spec(['true']);
    await sandbox.run(normal);
    expect(await createdSince(normal.stepId, since)).toBe(1); // the event check does see creations
  });
});

describe.skipIf(!dockerReady)('attacks refused before any container exists', () => {
  const cases: Array<[string, Partial<SandboxRunSpec>, RegExp]> = [
    [
      'Docker socket volume',
      { volumes: [{ host: '/var/run/docker.sock', container: '/var/run/docker.sock', readOnly: true }] },
      /Docker socket/,
    ],
    [
      '/etc volume',
      { volumes: [{ host: '/etc', container: '/host-etc', readOnly: true }] },
      /sensitive host path \/etc/,
    ],
    ['host root volume', { volumes: [{ host: '/', container: '/host', readOnly: true }] }, /host root directory/],
    ['host network', { network: 'host' }, /host network is not allowed/],
  ];
  for (const [name, extra, message] of cases) {
    it(`refuses a ${name}`, async () => {
      const since = Math.floor(Date.now() / 1000) - 1;
      const attack = spec(['true'], extra);
      await expect(sandbox.run(attack)).rejects.toMatchObject({
        code: 'POLICY_VIOLATION',
        message: expect.stringMatching(message),
        details: expect.objectContaining({ retryable: false }),
      });
      expect(await createdSince(attack.stepId, since)).toBe(0);
    });
  }

  it('refuses a symlink that leads to /etc (local engine)', async () => {
    const link = join(scratch(), 'innocent');
    await symlink('/etc', link);
    const attack = spec(['true'], { volumes: [{ host: link, container: '/data', readOnly: true }] });
    await expect(sandbox.run(attack)).rejects.toMatchObject({
      code: 'POLICY_VIOLATION',
      message: `Docker policy: volume "${link}" leads to /etc, which is the sensitive host path /etc`,
    });
  });
});
