// The step marker: setsid children of an in-process run die with it; marked processes of dead engines are reaped.
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { waitFor } from '@skill/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { sleeping } from '../test/process-probes.js';
import { InProcessRunner } from './process/in-process-runner.js';
import { runAsStep } from './process/process-runner.js';
import type { ProcessSpec } from './process/process-spec.js';
import { markerOwnerDead, markStep, reapOrphanedSteps, STEP_MARKER_VARIABLE } from './step-reaper.js';

const seconds = [81, 82, 83, 84, 85].map((n) => `1003.${process.pid % 1000}${n}`);

const running = (duration: string): boolean => sleeping(duration).length > 0;

/** A run of `file args` in the temporary folder with this process's environment. */
const specOf = (file: string, args: string[]): ProcessSpec => ({
  file,
  args,
  cwd: tmpdir(),
  env: { ...process.env },
  signal: new AbortController().signal,
  outputLimitBytes: 1024,
  killGraceMs: 100,
  drainAfterExitMs: 100,
});

afterAll(() => {
  for (const duration of seconds) spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${duration}`]);
});

describe('step marker', () => {
  it('adds a token after an outer engine one', () => {
    const inner = markStep({ [STEP_MARKER_VARIABLE]: '1-aa/3', PATH: '/bin' });
    expect(inner.env[STEP_MARKER_VARIABLE]).toBe(`1-aa/3 ${inner.token}`);
    expect(inner.token).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{12}/\\d+$`));
  });

  it.each([
    ['a short run (only pids allocated since it started are read)', 0, 0],
    ['a run longer than the pid window (every process is read)', 1.2, 2],
  ])('kills what a native process left running out of its group when it exits: %s', async (_, pause, which) => {
    const duration = seconds[which] as string;
    const script = `(setsid sleep ${duration} </dev/null >/dev/null 2>&1 &); sleep ${pause}; echo ok`;
    const outcome = await new InProcessRunner().run(specOf('/bin/sh', ['-c', script]));
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
    expect(running(duration)).toBe(false);
  });

  it('reaps the processes of an engine that died, and only those', async () => {
    const deadOwner = spawnSync('true').pid as number; // exited: its pid names no live process (until reused)
    expect(markerOwnerDead(`${deadOwner}-00/1`)).toBe(true);
    expect(markerOwnerDead(`${process.pid}-00/1`)).toBe(false);
    const orphan = spawn('sleep', [seconds[1] as string], {
      env: { ...process.env, [STEP_MARKER_VARIABLE]: `${deadOwner}-00/1` },
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise((resolve) => orphan.once('exit', resolve));
    await waitFor(() => running(seconds[1] as string));
    expect(await reapOrphanedSteps()).toBeGreaterThanOrEqual(1);
    await exited;
    expect(running(seconds[1] as string)).toBe(false);
  });

  it.each([
    ['scans for the marker after a run that was not contained', false, 3],
    ['skips the scan after a run its runner reports contained (its emptied cgroup held everything)', true, 4],
  ])('runAsStep %s', async (_, contained, which) => {
    const duration = seconds[which] as string;
    // A marked process left running out of any group, as a setsid child would be.
    const outcome = await runAsStep(specOf('sleep', [duration]), async (marked) => {
      spawn('sleep', [duration], { env: marked.env, stdio: 'ignore', detached: true }).unref();
      await waitFor(() => running(duration));
      const ran = { stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };
      return { exitCode: 0, exitSignal: null, ...ran, cancelled: false, contained };
    });
    expect(outcome.contained).toBe(contained);
    expect(running(duration)).toBe(contained);
  });
});
