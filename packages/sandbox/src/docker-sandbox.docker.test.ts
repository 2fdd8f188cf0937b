// DockerSandbox against a real engine: output, env, workdir, files, stdin, SKILL_METADATA, defaults, images, ping, orphans.
import { hostname } from 'node:os';
import { serviceReady, waitFor } from '@skill/test-kit';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { leftoverContainers, runSpec, TINY_IMAGE } from '../test/docker-run-spec.js';
import { SandboxLabel } from './docker-container-config.js';
import { DockerSandbox } from './docker-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const STEP = `sandbox-test-${process.pid}`;
const docker = new Docker();
const sandbox = new DockerSandbox({ docker, stopGraceMs: 300 });

const spec = (command: string[], extra: Partial<SandboxRunSpec> = {}) => runSpec(STEP, command, extra);
const leftovers = () => leftoverContainers(docker, STEP);

afterAll(async () => {
  if (dockerReady) expect(await leftovers()).toBe(0);
});

describe.skipIf(!dockerReady)('DockerSandbox', () => {
  it('passes env, workdir and stdin, and streams live lines', async () => {
    const lines: string[] = [];
    const result = await sandbox.run(
      spec(['sh', '-c', 'echo "$GREETING from $(pwd)"; cat; echo err-line >&2'], {
        env: { GREETING: 'hi there' },
        workdir: '/tmp',
        stdin: '{"a": 1}\nsecond line\n',
        onOutput: (line, stream) => lines.push(`${stream}:${line}`),
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('hi there from /tmp\n{"a": 1}\nsecond line\n');
    expect(lines.filter((l) => l.startsWith('stdout:'))).toEqual([
      'stdout:hi there from /tmp',
      'stdout:{"a": 1}',
      'stdout:second line',
    ]);
    expect(lines).toContain('stderr:err-line');
  });

  it('prints JSON that the caller can parse, and reports the image that ran', async () => {
    const result = await sandbox.run(spec(['python3', '-c', 'import json; print(json.dumps({"n": [1, 2]}))']));
    expect(JSON.parse(result.stdout)).toEqual({ n: [1, 2] });
    expect(result.image).toBe(TINY_IMAGE);
  });

  it('copies files in through the archive API before start (no host mounts), owned by root', async () => {
    const files = [{ path: '/work/in/run.sh', content: '#!/bin/sh\n', mode: 0o755 }];
    const result = await sandbox.run(spec(['stat', '-c', '%a %u', '/work/in/run.sh'], { files }));
    expect(result).toMatchObject({ exitCode: 0, stdout: '755 0\n', stderr: '' });
  });

  it('reads SKILL_METADATA written by another user when files are copied in (the upload recreates its folder)', async () => {
    const json = await sandbox.run(
      spec(['python3', '/job/meta.py'], {
        metadata: true,
        user: '1234:1234',
        files: [
          {
            path: '/job/meta.py',
            content: 'import json,os\nopen(os.environ["SKILL_METADATA"],"w").write(json.dumps({"ok": True}))',
          },
        ],
      }),
    );
    expect(json.metadataText).toBe('{"ok": true}');
  });

  it('runs as nobody (65534) by default and as the given user otherwise', async () => {
    const nobody = await sandbox.run(spec(['sh', '-c', 'id -u; id -g']));
    expect(nobody.stdout).toBe('65534\n65534\n');
    const custom = await sandbox.run(spec(['id', '-u'], { user: '1000:1000' }));
    expect(custom.stdout).toBe('1000\n');
  });

  it('drops every capability and forbids new privileges', async () => {
    const result = await sandbox.run(
      spec(['sh', '-c', 'grep -E "^(CapEff|NoNewPrivs)" /proc/self/status'], { user: '0' }),
    );
    expect(result.stdout).toBe('CapEff:\t0000000000000000\nNoNewPrivs:\t1\n');
  });

  it('applies the memory, CPU and pids limits to the container cgroup (the trusted defaults otherwise)', async () => {
    const read = (v2: string, v1: string) => `cat /sys/fs/cgroup/${v2} 2>/dev/null || cat /sys/fs/cgroup/${v1}`;
    const script = [
      read('memory.max', 'memory/memory.limit_in_bytes'),
      read('cpu.max', 'cpu/cpu.cfs_quota_us'),
      read('pids.max', 'pids/pids.max'),
    ].join('; ');
    const limited = await sandbox.run(
      spec(['sh', '-c', script], { limits: { memoryBytes: 64 * 1024 * 1024, cpus: 0.5, pidsLimit: 100 } }),
    );
    const [memory, cpu, pids] = limited.stdout.trim().split('\n');
    expect(memory).toBe('67108864');
    expect(cpu?.split(' ')[0]).toBe('50000');
    expect(pids).toBe('100');
    const defaults = await sandbox.run(spec(['sh', '-c', `${read('pids.max', 'pids/pids.max')}; ${script}`]));
    expect(defaults.stdout.split('\n').slice(0, 2)).toEqual(['512', String(2048 * 1024 * 1024)]);
  });

  it('honours an entrypoint and an array command as argv (no shell)', async () => {
    const result = await sandbox.run(spec(['$HOME', 'a b'], { entrypoint: ['printf', '%s|'] }));
    expect(result.stdout).toBe('$HOME|a b|');
  });

  it('fails with IMAGE_UNAVAILABLE for a missing image with pull = never, before creating anything', async () => {
    await expect(sandbox.run(spec(['true'], { image: 'skill-test/missing:404', pull: 'never' }))).rejects.toMatchObject(
      {
        code: 'IMAGE_UNAVAILABLE',
        message: expect.stringContaining('skill-test/missing:404 not found locally'),
      },
    );
  });

  it('fails with IMAGE_UNAVAILABLE naming the pull error when the image cannot be pulled', async () => {
    const error = await sandbox
      .run(spec(['true'], { image: 'skill-test/missing:404', pull: 'if-not-present' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
    expect((error as Error).message).toMatch(
      /^image skill-test\/missing:404 not found locally and could not be pulled: .+/,
    );
  });

  it('ping with an unreachable socket reports DOCKER_UNAVAILABLE with where it looked and what to do', async () => {
    const bogus = new DockerSandbox({ socketPath: '/tmp/no-such-docker.sock' });
    const error = await bogus.ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
    expect((error as Error).message).toBe(
      'Docker daemon not available at unix:///tmp/no-such-docker.sock (socketPath option): the socket does not exist. ' +
        'Ensure Docker is running (`docker ps` must work), that the engine user may use the socket ' +
        '(e.g. is in the "docker" group), or set DOCKER_HOST to a reachable engine.',
    );
    await expect(bogus.run(spec(['true']))).rejects.toMatchObject({ code: 'DOCKER_UNAVAILABLE' });
  });

  it('cleanupOrphans removes containers of a dead engine and keeps ours', async () => {
    const labels = (pid: number) => ({
      [SandboxLabel.Workflow]: '1',
      [SandboxLabel.StepId]: STEP,
      [SandboxLabel.EnginePid]: String(pid),
      [SandboxLabel.EngineHost]: hostname(),
    });
    // pid 2^22 + 1 is above Linux's pid_max: no process can have it.
    const dead = await docker.createContainer({ Image: TINY_IMAGE, Cmd: ['sleep', '60'], Labels: labels(4_194_305) });
    await dead.start();
    const mine = await docker.createContainer({ Image: TINY_IMAGE, Cmd: ['true'], Labels: labels(process.pid) });
    try {
      expect(await leftovers()).toBe(2);
      const removed = await sandbox.cleanupOrphans();
      expect(removed).toBeGreaterThanOrEqual(1);
      const remaining = await docker.listContainers({
        all: true,
        filters: { label: [`${SandboxLabel.StepId}=${STEP}`] },
      });
      expect(remaining.map((c) => c.Id)).toEqual([mine.id]);
    } finally {
      await mine.remove({ force: true });
      await dead.remove({ force: true }).catch(() => undefined);
    }
  });

  it("with cleanupOrphansOnFirstRun, the first run removes a dead engine's container in the background", async () => {
    const dead = await docker.createContainer({
      Image: TINY_IMAGE,
      Cmd: ['true'],
      Labels: {
        [SandboxLabel.Workflow]: '1',
        [SandboxLabel.StepId]: STEP,
        [SandboxLabel.EnginePid]: '4194305',
        [SandboxLabel.EngineHost]: hostname(),
      },
    });
    try {
      const fresh = new DockerSandbox({ docker, cleanupOrphansOnFirstRun: true });
      expect(await fresh.listContainers({ [SandboxLabel.StepId]: STEP })).toHaveLength(1);
      await fresh.run(spec(['true']));
      // The removal runs in the background: wait (bounded) until the dead engine's container is gone.
      await waitFor(async () => (await fresh.listContainers({ [SandboxLabel.StepId]: STEP })).length === 0);
    } finally {
      await dead.remove({ force: true }).catch(() => undefined);
    }
  });
});
