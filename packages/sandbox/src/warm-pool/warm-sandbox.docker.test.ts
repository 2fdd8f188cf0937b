// The warm pool against a real engine: one container per run (attacks on it do not reach the next run), the same
// lock-down as a cold container, timeouts of SIGTERM-ignoring code, idle expiry, the memory ceiling and close.
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deferred, serviceReady, useTempDir, waitFor } from '@skill/test-kit';
import type { TrustBoundary } from '@skill/workflow-model';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxLabel } from '../docker-container-config.js';
import { WARM_FOLDER_PREFIX } from '../docker-file-mounts.js';
import { DockerSandbox } from '../docker-sandbox.js';
import type { SandboxRunSpec } from '../sandbox.js';
import { WARM_POOL_LABEL } from './warm-launch.js';
import { WarmDockerSandbox } from './warm-sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const MiB = 1024 * 1024;
const docker = new Docker();
const cold = new DockerSandbox({ docker, stopGraceMs: 300 });
const opened: WarmDockerSandbox[] = [];

function pool(options: ConstructorParameters<typeof WarmDockerSandbox>[0] = {}): WarmDockerSandbox {
  const made = new WarmDockerSandbox({ cold, size: 1, ...options });
  opened.push(made);
  return made;
}

/** A run like an inline_code step's: the script as a file below /tmp, SKILL_METADATA asked for. */
function spec(script: string, extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return {
    image: 'skill-test/tiny:1',
    command: ['sh', '/tmp/skill/main.sh'],
    files: [{ path: '/tmp/skill/main.sh', content: script }],
    workdir: '/tmp',
    metadata: true,
    signal: new AbortController().signal,
    outputLimitBytes: MiB,
    ...extra,
  };
}

/** Pool containers of this process (any state). */
async function poolContainers(): Promise<number> {
  const filters = { label: [`${WARM_POOL_LABEL}=1`, `${SandboxLabel.EnginePid}=${process.pid}`] };
  return (await docker.listContainers({ all: true, filters })).length;
}

/** Runs `script` in a warm container (the pool is filled first; the hit is checked). */
async function runWarm(sandbox: WarmDockerSandbox, script: string, extra: Partial<SandboxRunSpec> = {}) {
  await sandbox.prepare(spec(script, extra), 1);
  const hits = sandbox.stats().hits;
  const result = await sandbox.run(spec(script, extra));
  expect(sandbox.stats().hits).toBe(hits + 1);
  return result;
}

/** Closes every pool a test opened; then none of their containers is left. */
async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
  expect(await poolContainers()).toBe(0);
}

afterEach(async () => {
  if (dockerReady) await closeAll();
});

describe.skipIf(!dockerReady)('warm pool', () => {
  const scratch = useTempDir('skill-warm-');
  it('gives each run a fresh container: files, background processes and writes of a run never reach the next', async () => {
    const sandbox = pool();
    const attack = [
      'hostname',
      'echo secret > /tmp/leak',
      'nohup sleep 300 >/dev/null 2>&1 &',
      'kill -9 1 2>/dev/null; kill -TERM 1 2>/dev/null',
      'echo "k=first" > "$SKILL_METADATA"',
    ].join('\n');
    const first = await runWarm(sandbox, attack);
    expect(first.exitCode).toBe(0);
    expect(first.metadataText).toBe('k=first\n');
    const probe = [
      'hostname',
      'test -e /tmp/leak && echo leaked',
      'for p in /proc/[0-9]*; do grep -q "^sleep" "$p/comm" 2>/dev/null && echo "sleeping $p"; done',
      'true',
    ].join('\n');
    const second = await runWarm(sandbox, probe);
    expect(second.exitCode).toBe(0);
    const [firstHost] = first.stdout.split('\n');
    const [secondHost, ...rest] = second.stdout.split('\n');
    expect(secondHost).not.toBe(firstHost);
    expect(rest.join('\n').trim()).toBe('');
    expect(second.metadataText).toBeUndefined();
  });

  it('hands a run its environment and stdin without writing the environment (secrets) to any host file', async () => {
    const sandbox = pool();
    const token = "sekret-'$HOME'\nsecond line";
    const hostFiles: string[] = [];
    const seen = deferred<void>();
    const step = spec('printf "%s|" "$TOKEN"; echo started; read -r rest; echo "$rest"', {
      env: { TOKEN: token },
      stdin: 'the-input\n',
      onOutput: (line) => {
        if (line.includes('started')) seen.resolve();
      },
    });
    await sandbox.prepare(step, 1);
    const running = sandbox.run(step);
    await seen.promise;
    for (const entry of await readdir(tmpdir())) {
      if (!entry.startsWith(WARM_FOLDER_PREFIX)) continue;
      for (const file of await readdir(join(tmpdir(), entry), { recursive: true })) {
        const path = join(tmpdir(), entry, String(file));
        if ((await stat(path).catch(() => undefined))?.isFile()) hostFiles.push(await readFile(path, 'utf8'));
      }
    }
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${token}|started\nthe-input\n`);
    expect(hostFiles.some((text) => text.includes('sekret'))).toBe(false);
    expect(sandbox.stats().hits).toBe(1);
  });

  it('never hands a run to a container killed while idle: the run goes cold', async () => {
    const sandbox = pool();
    await sandbox.prepare(spec('echo ok'), 1);
    const filters = { label: [`${WARM_POOL_LABEL}=1`, `${SandboxLabel.EnginePid}=${process.pid}`] };
    const [idle] = await docker.listContainers({ filters });
    await docker.getContainer(idle?.Id ?? '').kill();
    await waitFor(async () => (await docker.listContainers({ filters })).length === 0);
    // The pool learns of the death from the container's exit wait, which may come after Docker lists it gone.
    await waitFor(() => sandbox.stats().idle === 0);
    const result = await sandbox.run(spec('echo ok'));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
  });

  it('kills code that ignores SIGTERM at its timeout (SIGKILL after the grace period)', async () => {
    const result = await runWarm(pool(), "trap '' TERM\necho ready\nsleep 30", { timeoutMs: 1000 });
    expect(result).toMatchObject({ timedOut: true, cancelled: false, exitCode: 137, stdout: 'ready\n' });
  });

  it('locks the container down exactly like a cold one (below trusted: read-only root, limits, no capabilities)', async () => {
    const boundary: TrustBoundary = { level: 'user-provided', allowedNetworks: [], allowedHttpTargets: [] };
    const probe = [
      'id',
      'grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp)" /proc/self/status',
      'ls /sys/class/net',
      'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
      'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      'ulimit -f',
      'touch /rootfs-write 2>/dev/null && echo root-writable',
      'grep -E " / | /tmp " /proc/mounts | while read -r dev at type opts rest; do echo "$at $type" "$(echo "$opts" | cut -d, -f1)"; done',
      'env | grep -v ^HOSTNAME= | sort',
      'echo "$0 $#"; cat /proc/1/cmdline | tr "\\0" " "',
    ].join('\n');
    const extra = { boundary, env: { GREETING: 'it\'s "quoted" $HOME `x`' }, limits: { memoryBytes: 96 * MiB } };
    const warm = await runWarm(pool(), probe, extra);
    const coldResult = await cold.run(spec(probe, extra));
    expect(coldResult.exitCode).toBe(0);
    expect(warm.stdout).toBe(coldResult.stdout);
    expect(warm.stdout).not.toContain('root-writable');
    expect(warm.stdout).toContain(String(96 * MiB));
  });

  it("runs a container step's command through the image's entrypoint, as a cold container does", async () => {
    // The test image's ffmpeg is a python stand-in behind ENTRYPOINT ["/usr/local/bin/ffmpeg"]: it copies IN to OUT.
    const ffmpeg = {
      image: 'jrottenberg/ffmpeg:5-alpine',
      command: ['-i', '/tmp/skill/in.txt', '/tmp/out.txt'],
      files: [{ path: '/tmp/skill/in.txt', content: 'frame' }],
      env: { SKILL_STEP_ID: 'x' },
    };
    const warm = await runWarm(pool(), '', ffmpeg);
    const coldResult = await cold.run(spec('', ffmpeg));
    expect({ ...warm, durationMs: 0 }).toEqual({ ...coldResult, durationMs: 0 });
    expect(warm).toMatchObject({ exitCode: 0, stderr: 'stand-in ffmpeg: /tmp/skill/in.txt -> /tmp/out.txt ()\n' });
  });

  it('removes idle containers after the idle time, and keeps the summed memory limits under the ceiling', async () => {
    const capped = pool({ size: 3, memoryCeilingBytes: 100 * MiB });
    const small = spec('true', { limits: { memoryBytes: 64 * MiB } });
    await capped.prepare(small, 3);
    expect(capped.stats()).toMatchObject({ idle: 1, starting: 0 });
    await closeAll();
    const expiring = pool({ idleMs: 200 });
    await expiring.prepare(spec('true'), 1);
    await waitFor(async () => (await poolContainers()) === 0);
    expect(expiring.stats()).toMatchObject({ idle: 0 });
  });

  it('runs cold what a warm container cannot run exactly alike, and when the pool is off', async () => {
    const sandbox = pool();
    const withVolume = spec('echo ok', { volumes: [{ host: scratch(), container: '/host-tmp', readOnly: true }] });
    expect((await sandbox.run(withVolume)).stdout).toBe('ok\n');
    const off = pool({ size: 0 });
    expect(off.enabled).toBe(false);
    expect((await off.run(spec('echo cold'))).stdout).toBe('cold\n');
    expect(sandbox.stats().hits + off.stats().hits).toBe(0);
  });
});
