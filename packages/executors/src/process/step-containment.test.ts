// Nothing a step starts outlives it: setsid children die when the step ends, is cancelled or times out, and when the
// engine dies (its spawner sees the channel close). Real processes, found with pgrep by a unique argv.
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRequests } from './native-protocol.js';
import type { ProcessSpec } from './process-spec.js';
import { runProcess } from './run-process.js';
import type { SpawnerRequest } from './spawner-process.js';

const used: string[] = [];

/** A `sleep` duration no other test uses, so pgrep finds only ours. */
function uniqueSleep(): string {
  const seconds = `1003.${process.pid % 1000}${used.length + 1}`;
  used.push(seconds);
  return seconds;
}

function running(seconds: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', '-f', `sleep ${seconds}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  for (let waited = 0; waited < ms && !check(); waited += 25) await sleep(25);
  return check();
}

afterAll(() => {
  for (const seconds of used) spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${seconds}`]);
}, 10_000);

function spec(script: string, signal = new AbortController().signal): ProcessSpec {
  return {
    file: '/bin/sh',
    args: ['-c', script],
    cwd: tmpdir(),
    env: { ...process.env },
    signal,
    outputLimitBytes: 1 << 20,
    killGraceMs: 200,
    drainAfterExitMs: 200,
  };
}

/** Starts `(setsid sleep N &)` detached from the step's pipes, then runs `rest`. */
function escaping(seconds: string, rest: string): string {
  return `(setsid sleep ${seconds} </dev/null >/dev/null 2>&1 &); ${rest}`;
}

for (const mode of ['spawner', 'in-process'] as const) {
  describe(`a step's escaped processes (${mode})`, () => {
    const withMode = async <T>(run: () => Promise<T>): Promise<T> => {
      const chosen = process.env.SKILL_SPAWNER;
      if (mode === 'in-process') process.env.SKILL_SPAWNER = '0';
      try {
        return await run();
      } finally {
        if (chosen === undefined) delete process.env.SKILL_SPAWNER;
        else process.env.SKILL_SPAWNER = chosen;
      }
    };

    it('die when the step succeeds', async () => {
      const seconds = uniqueSleep();
      const outcome = await withMode(() => runProcess(spec(escaping(seconds, 'sleep 0.2; echo done'))));
      expect(outcome).toMatchObject({ exitCode: 0, stdout: 'done\n' });
      expect(running(seconds)).toEqual([]);
    });

    it('die when the step is cancelled', async () => {
      const seconds = uniqueSleep();
      const controller = new AbortController();
      const outcome = withMode(() => runProcess(spec(escaping(seconds, 'sleep 30'), controller.signal)));
      expect(await eventually(() => running(seconds).length === 1)).toBe(true);
      controller.abort();
      expect(await outcome).toMatchObject({ cancelled: true });
      expect(running(seconds)).toEqual([]);
    });

    it('die when the step times out', async () => {
      const seconds = uniqueSleep();
      const outcome = await withMode(() => runProcess(spec(escaping(seconds, 'sleep 30'), AbortSignal.timeout(500))));
      expect(outcome).toMatchObject({ cancelled: true });
      expect(running(seconds)).toEqual([]);
    });
  });
}

describe('a step of the native spawner where it may create cgroups', () => {
  it('runs in a cgroup of its own, so even a child that cleared its environment dies with it', async () => {
    const where = await runProcess(spec('cat /proc/self/cgroup'));
    const contained = /skill-spawner-\d+\/job-\d+/.test(where.stdout);
    if (!contained) {
      console.warn(
        `[step-containment] SKIPPING the cgroup check: steps run outside a step cgroup here:\n${where.stdout}`,
      );
      return;
    }
    const seconds = uniqueSleep();
    const script = `(setsid env -i /bin/sleep ${seconds} </dev/null >/dev/null 2>&1 &); echo ok`;
    expect(await runProcess(spec(script))).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
    expect(running(seconds)).toEqual([]);
  });
});

/** A run request for a spawner, marked as a step of engine `owner`. */
function markedRun(seconds: string, owner: string): SpawnerRequest[] {
  const script = escaping(seconds, 'sleep 30');
  const env = { set: { PATH: process.env.PATH ?? '/usr/bin:/bin', SKILL_STEP: `${owner}/1` } };
  return [
    { t: 'env', vars: {} },
    {
      t: 'run',
      id: 1,
      file: '/bin/sh',
      args: ['-c', script],
      cwd: tmpdir(),
      env,
      limit: 1024,
      logLines: 0,
      logLineBytes: 0,
      killGraceMs: 200,
      drainAfterExitMs: 200,
    },
  ];
}

describe('when the engine dies, its spawner kills the escaped processes of its steps', () => {
  const owner = `${process.pid + 1_000_000}-deadbeef`;

  it('the Node spawner, when its IPC channel closes', async () => {
    const seconds = uniqueSleep();
    const entry = fileURLToPath(new URL('./spawner-process.ts', import.meta.url));
    const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise((resolve) => child.once('message', resolve)); // ready
    child.send(markedRun(seconds, owner));
    expect(await eventually(() => running(seconds).length === 1)).toBe(true);
    child.disconnect();
    expect(await eventually(() => running(seconds).length === 0)).toBe(true);
  });

  const binary = fileURLToPath(new URL('../../dist/native/skill-spawner', import.meta.url));
  it.skipIf(!existsSync(binary))('the native spawner, when its stdin closes', async () => {
    const seconds = uniqueSleep();
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.stdin.write(encodeRequests(markedRun(seconds, owner)));
    expect(await eventually(() => running(seconds).length === 1)).toBe(true);
    child.stdin.end();
    expect(await eventually(() => running(seconds).length === 0)).toBe(true);
  });
});
