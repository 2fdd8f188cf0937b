// Containers below trusted against a real engine: default limits, a small tmpfs /tmp, read-only root, the data folder, and a symlink race on a mount.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serviceReady, useTempDir } from '@skill/test-kit';
import type { TrustBoundary } from '@skill/workflow-model';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { DockerSandbox } from './docker-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const IMAGE = 'alpine:latest';
const MiB = 1024 * 1024;
const sandbox = new DockerSandbox({ docker: new Docker(), stopGraceMs: 300 });
let boundary: TrustBoundary;

function spec(script: string, extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return {
    image: IMAGE,
    command: ['sh', '-c', script],
    signal: new AbortController().signal,
    outputLimitBytes: MiB,
    metadata: true,
    boundary,
    ...extra,
  };
}

describe.skipIf(!dockerReady)('containers below trusted', () => {
  const scratch = useTempDir('skill-trust-');
  beforeAll(async () => {
    await mkdir(join(scratch(), 'data', 'real'), { recursive: true });
    await writeFile(join(scratch(), 'data', 'real', 'passwd'), 'data-folder-passwd\n');
    boundary = {
      level: 'user-provided',
      dataDir: join(scratch(), 'data'),
      allowedNetworks: [],
      allowedHttpTargets: [],
    };
  });

  it('gets the level defaults: memory, pids, a tmpfs /tmp of tmpBytes, a read-only root; metadata still works', async () => {
    const result = await sandbox.run(
      spec(
        [
          'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
          'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
          "grep ' /tmp ' /proc/mounts | grep -o 'size=[0-9]*k'",
          'touch /root-file 2>/dev/null && echo root-writable || echo root-read-only',
          'echo "written=yes" > "$SKILL_METADATA"',
        ].join('; '),
      ),
    );
    expect(result.stdout.split('\n')).toEqual([String(512 * MiB), '128', `size=${256 * 1024}k`, 'root-read-only', '']);
    expect(result.metadataText).toBe('written=yes\n');
  });

  it('writing past the /tmp tmpfs stops at its size (no space left, or the file size limit of the same size), the host disk untouched', async () => {
    const result = await sandbox.run(
      spec('dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1; ls -l /tmp/fill | awk "{print \\$5}"', {
        limits: { tmpBytes: 8 * MiB },
      }),
    );
    expect(result.stdout).toMatch(/No space left on device|File size limit exceeded/);
    expect(Number(result.stdout.trim().split('\n').at(-1))).toBeLessThanOrEqual(8 * MiB);
  });

  it('refuses root, the bridge network and bind mounts outside the data folder or without one', async () => {
    const refused = (extra: Partial<SandboxRunSpec>) => sandbox.run(spec('true', extra)).catch((e: unknown) => e);
    expect(await refused({ user: '0:0' })).toMatchObject({
      code: 'POLICY_VIOLATION',
      message: expect.stringContaining('runs as root'),
    });
    expect(await refused({ network: 'bridge' })).toMatchObject({
      message: expect.stringContaining('network "bridge" is not allowed'),
    });
    const outside = { volumes: [{ host: scratch(), container: '/s', readOnly: true }] };
    expect(await refused(outside)).toMatchObject({ message: expect.stringContaining('outside the data folder') });
    const noData = { ...outside, boundary: { ...boundary, dataDir: undefined } };
    expect(await refused(noData)).toMatchObject({ message: expect.stringContaining('no data folder') });
  });

  it('refuses a symlink in the data folder that leads out of it, and never copies image files into an empty folder', async () => {
    await symlink('/etc', join(scratch(), 'data', 'to-etc'));
    const error = await sandbox
      .run(
        spec('cat /d/passwd', {
          volumes: [{ host: join(scratch(), 'data', 'to-etc'), container: '/d', readOnly: true }],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'POLICY_VIOLATION', message: expect.stringContaining('leads to /etc') });
    await mkdir(join(scratch(), 'data', 'empty'));
    const over = await sandbox.run(
      spec('ls /etc/apk | wc -l', {
        volumes: [{ host: join(scratch(), 'data', 'empty'), container: '/etc/apk', readOnly: false }],
      }),
    );
    expect(over.stdout.trim()).toBe('0');
    expect(await readdir(join(scratch(), 'data', 'empty'))).toEqual([]);
  });

  it('a symlink swapped while mounting never exposes a file outside the data folder (40 raced runs)', async () => {
    const data = join(scratch(), 'data');
    await symlink('real', join(data, 'box'));
    // Swaps data/box between "real" and /etc as fast as it can, atomically (rename over the link); bounded.
    const racer: ChildProcess = spawn(
      'sh',
      [
        '-c',
        'i=0; while [ $i -lt 200000 ]; do ln -sfn /etc b1 && mv -Tf b1 box; ln -sfn real b2 && mv -Tf b2 box; i=$((i+1)); done',
      ],
      { cwd: data, stdio: 'ignore' },
    );
    const outcomes = { mounted: 0, refused: 0 };
    try {
      for (let batch = 0; batch < 10; batch++) {
        const runs = Array.from({ length: 4 }, () =>
          sandbox.run(
            spec('cat /d/passwd', { volumes: [{ host: join(data, 'box'), container: '/d', readOnly: true }] }),
          ),
        );
        for (const settled of await Promise.allSettled(runs)) {
          if (settled.status === 'rejected') {
            expect(settled.reason).toMatchObject({
              code: 'POLICY_VIOLATION',
              message: expect.stringContaining('leads to /etc'),
            });
            outcomes.refused += 1;
          } else {
            expect(settled.value.stdout).toBe('data-folder-passwd\n');
            outcomes.mounted += 1;
          }
        }
      }
    } finally {
      racer.kill('SIGKILL');
    }
    expect(outcomes.mounted + outcomes.refused).toBe(40);
    console.info(
      `[mount race] ${outcomes.mounted} mounted the data folder, ${outcomes.refused} refused, 0 exposed /etc`,
    );
  }, 120_000);
});
