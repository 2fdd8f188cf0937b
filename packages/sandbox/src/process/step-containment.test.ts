// When the engine dies, its spawner (the helper process of the spawner runners) kills the escaped processes of its
// steps: the killsStepsWhenEngineDies capability of the ProcessRunner contract. Real processes, found with pgrep.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@skill/test-kit';
import { afterAll, describe, it } from 'vitest';
import { sleeping, UniqueSleeps } from '../../test/process-probes.js';
import { encodeRequests } from './native-protocol.js';
import type { SpawnerRequest } from './spawner-process.js';
import { nativeSpawnerFile } from './spawner-runner.js';

const sleeps = new UniqueSleeps(1003);
const uniqueSleep = (): string => sleeps.next();

afterAll(() => {
  for (const seconds of sleeps.used) spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${seconds}`]);
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
    await waitFor(() => sleeping(seconds).length === 1);
    child.disconnect();
    await waitFor(() => sleeping(seconds).length === 0);
  });

  const binary = nativeSpawnerFile();
  it.skipIf(!existsSync(binary))('the native spawner, when its stdin closes', async () => {
    const seconds = uniqueSleep();
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.stdin.write(encodeRequests(markedRun(seconds, owner)));
    await waitFor(() => sleeping(seconds).length === 1);
    child.stdin.end();
    await waitFor(() => sleeping(seconds).length === 0);
  });
});
