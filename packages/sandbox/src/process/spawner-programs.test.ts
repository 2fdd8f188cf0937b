// Both spawner programs driven directly through their channels: the C one (as built, and rebuilt with
// AddressSanitizer and UndefinedBehaviorSanitizer when the compiler can) and the Node one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive, waitFor } from '@skill/test-kit';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { NativeReply } from './native-protocol.js';
import { type SpawnerChannel, type SpawnerKind, startNativeSpawner, startNodeSpawner } from './spawner-channel.js';
import type { SpawnerRequest, SpawnerRunRequest } from './spawner-process.js';

/** A program to test: which protocol it speaks, and its file. */
interface Program {
  label: string;
  kind: SpawnerKind;
  file: string;
}

const nativeSources = ['skill-spawner.c', 'step-cgroup.c'].map((file) =>
  fileURLToPath(new URL(`../../native/${file}`, import.meta.url)),
);
const sanitizedDir = mkdtempSync(path.join(tmpdir(), 'skill-spawner-asan-'));
afterAll(() => rmSync(sanitizedDir, { recursive: true, force: true }));

/** skill-spawner built with ASan + UBSan (errors and leaks end it with a non-zero code); undefined without a compiler that can. */
function sanitizedBuild(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const file = path.join(sanitizedDir, 'skill-spawner');
  const flags = ['-O1', '-g', '-std=c11', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
  const built = spawnSync('cc', [...flags, '-o', file, ...nativeSources], { stdio: 'ignore' });
  return built.status === 0 ? file : undefined;
}

const sanitized = sanitizedBuild();
const programs: Program[] = [
  {
    label: 'native',
    kind: 'native' as const,
    file: fileURLToPath(new URL('../../dist/native/skill-spawner', import.meta.url)),
  },
  ...(sanitized ? [{ label: 'native, sanitized', kind: 'native' as const, file: sanitized }] : []),
  { label: 'node', kind: 'node' as const, file: fileURLToPath(new URL('./spawner-process.ts', import.meta.url)) },
].filter((program) => existsSync(program.file));
const started: SpawnerChannel[] = [];

afterEach(() => {
  for (const { child } of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A spawner program started directly, speaking its protocol. */
interface Direct {
  channel: SpawnerChannel;
  replies: NativeReply[];
  send(...requests: SpawnerRequest[]): void;
  /** Waits (bounded) for the job's `end` and returns all of that job's replies. */
  finished(id: number): Promise<NativeReply[]>;
  /** What the engine's exit looks like to the spawner: its channel closes. */
  hangUp(): void;
}

async function startDirect({ kind, file }: Program): Promise<Direct> {
  const replies: NativeReply[] = [];
  const events = { replies: (batch: NativeReply[]) => replies.push(...batch), stopped() {}, failedToStart() {} };
  const channel = kind === 'native' ? startNativeSpawner(file, events) : startNodeSpawner(file, events);
  started.push(channel);
  const ofJob = (id: number): NativeReply[] => replies.filter((reply) => 'id' in reply && reply.id === id);
  const direct: Direct = {
    channel,
    replies,
    send: (...requests) => channel.send(requests),
    async finished(id) {
      await waitFor(() => ofJob(id).some((reply) => reply.t === 'end'));
      return ofJob(id);
    },
    hangUp() {
      if (kind === 'native') return void channel.child.stdin?.end();
      channel.child.removeAllListeners('disconnect'); // the channel's own SIGKILL would hide what the spawner does
      channel.child.disconnect();
    },
  };
  await waitFor(() => replies.some((reply) => reply.t === 'ready'));
  direct.send({ t: 'env', vars: { PATH: process.env.PATH ?? '/usr/bin:/bin', BASE_VAR: 'base' } });
  return direct;
}

function job(id: number, script: string, extra: Partial<SpawnerRunRequest> = {}): SpawnerRunRequest {
  return {
    t: 'run',
    id,
    file: '/bin/sh',
    args: ['-c', script],
    cwd: tmpdir(),
    env: { set: {} },
    limit: 1024 * 1024,
    logLines: 0,
    logLineBytes: 4096,
    killGraceMs: 300,
    drainAfterExitMs: 1000,
    ...extra,
  };
}

/** The bytes a job's `out` replies carried for one stream, split into capture and log-only parts. */
function carried(replies: NativeReply[], s: 0 | 1): { capture: string; logOnly: string } {
  let capture = '';
  let logOnly = '';
  for (const reply of replies) {
    if (reply.t !== 'out' || reply.s !== s) continue;
    const text = reply.data.toString('latin1');
    if (reply.log) logOnly += text;
    else capture += text;
  }
  return { capture, logOnly };
}

describe.each(programs)('spawner program ($label)', (program) => {
  it('reports pid, output and end, with the environment built from the base', async () => {
    const direct = await startDirect(program);
    direct.send(
      job(1, 'echo "$PPID $GREETING $(printenv BASE_VAR)"; echo oops >&2; exit 4', {
        env: { set: { GREETING: 'hi' } },
      }),
    );
    const replies = await direct.finished(1);
    expect(replies[0]).toEqual({ t: 'pid', id: 1, pid: expect.any(Number) });
    expect(carried(replies, 0)).toEqual({ capture: `${direct.channel.child.pid} hi base\n`, logOnly: '' });
    expect(carried(replies, 1)).toEqual({ capture: 'oops\n', logOnly: '' });
    expect(replies.at(-1)).toMatchObject({
      t: 'end',
      id: 1,
      code: 4,
      signal: null,
      cancelled: false,
      truncated: [false, false],
    });
    direct.send(job(2, 'printenv BASE_VAR || echo unset', { env: { set: {}, unset: ['BASE_VAR'] } }));
    expect(carried(await direct.finished(2), 0).capture).toBe('unset\n');
    direct.send(job(3, 'echo "$BASE_VAR"'));
    expect(carried(await direct.finished(3), 0).capture).toBe('base\n');
  });

  it('forwards at most the cap and only counts the rest', async () => {
    const direct = await startDirect(program);
    direct.send(job(1, "head -c 5000000 /dev/zero | tr '\\0' x", { limit: 1000 }));
    const replies = await direct.finished(1);
    expect(carried(replies, 0)).toEqual({ capture: 'x'.repeat(1000), logOnly: '' });
    expect(replies.filter((reply) => reply.t === 'out').length).toBeLessThanOrEqual(2);
    expect(replies.at(-1)).toMatchObject({ t: 'end', code: 0, truncated: [true, false] });
  });

  it('past the cap, forwards only the line heads the live logger can still show', async () => {
    const direct = await startDirect(program);
    const long = `printf 'ab\\ncd'; head -c 100000 /dev/zero | tr '\\0' y; printf '\\nshort\\n'; seq 1 50`;
    direct.send(job(1, long, { limit: 4, logLines: 3, logLineBytes: 10 }));
    const replies = await direct.finished(1);
    // "ab\ncd" is captured; then the rest of "cd yyy..." (11 bytes at most), and 4 lines in all (logLines + 1).
    expect(carried(replies, 0)).toEqual({ capture: 'ab\nc', logOnly: `d${'y'.repeat(10)}\nshort\n1\n2\n` });
    expect(replies.at(-1)).toMatchObject({ t: 'end', truncated: [true, false] });
  });

  it('kills the process groups it started when the engine disconnects, then exits', async () => {
    const direct = await startDirect(program);
    direct.send(job(1, 'sleep 30 & echo $!; wait'));
    await waitFor(() => carried(direct.replies, 0).capture.endsWith('\n'));
    const sleepPid = Number(carried(direct.replies, 0).capture);
    expect(await isProcessAlive(sleepPid)).toBe(true);
    const exited = new Promise<number | null>((resolve) => direct.channel.child.once('exit', (code) => resolve(code)));
    direct.hangUp();
    expect(await exited).toBe(0);
    await waitFor(async () => !(await isProcessAlive(sleepPid)));
  });

  it('after a job: kills its background processes (its group; out of it only in its cgroup)', async () => {
    const direct = await startDirect(program);
    direct.send(job(1, 'sleep 30 & echo $!', { drainAfterExitMs: 50 }));
    const sleepPid = Number(carried(await direct.finished(1), 0).capture);
    await waitFor(async () => !(await isProcessAlive(sleepPid)));
  });
});
