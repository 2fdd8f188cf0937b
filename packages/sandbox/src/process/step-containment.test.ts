// When the engine dies, its spawner (the helper process of the spawner runners) kills the escaped processes of its
// steps: the killsStepsWhenEngineDies capability of the ProcessRunner contract. Real processes, found with pgrep.
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRequests } from './native-protocol.js';
import type { SpawnerRequest } from './spawner-process.js';
import { nativeSpawnerFile } from './spawner-runner.js';

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

/** Starts `(setsid sleep N &)` detached from the step's pipes, then runs `rest`. */
function escaping(seconds: string, rest: string): string {
  return `(setsid sleep ${seconds} </dev/null >/dev/null 2>&1 &); ${rest}`;
}

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

  const binary = nativeSpawnerFile();
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
