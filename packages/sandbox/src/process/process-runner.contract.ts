// The ProcessRunner contract: what every implementation (C spawner, Node spawner, in-process) does, and, per
// capability, what the ones without it do instead. process-runner.test.ts runs it against each.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, useTempDir, waitFor, workflowErrorOf } from '@skill/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleeping, UniqueSleeps } from '../../test/process-probes.js';
import { shellSpec } from '../../test/shell-spec.js';
import type { ProcessRunner } from './process-runner.js';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';

type Logged = [string, 'stdout' | 'stderr'][];

let baseDir = tmpdir();
const sleeps = new UniqueSleeps(1004);
const uniqueSleep = (): string => sleeps.next();

function spec(script: string, extra: Partial<ProcessSpec> = {}, lines?: Logged): ProcessSpec {
  return shellSpec(baseDir, script, { log: lines && ((line, stream) => lines.push([line, stream])), ...extra });
}

/** Starts `(setsid sleep N &)` detached from the run's pipes and group, then runs `rest`. */
function escaping(seconds: string, rest: string, clearEnv = false): string {
  return `(setsid ${clearEnv ? 'env -i ' : ''}sleep ${seconds} </dev/null >/dev/null 2>&1 &); ${rest}`;
}

/** The contract, for the runner `runner()` gives (the same one for every test of the block). */
export function describeProcessRunnerContract(label: string, runner: () => ProcessRunner): void {
  const run = (script: string, extra: Partial<ProcessSpec> = {}, lines?: Logged): Promise<ProcessOutcome> =>
    runner().run(spec(script, extra, lines));

  describe(`ProcessRunner contract: ${label}`, () => {
    const dir = useTempDir('process-runner-contract-');
    beforeAll(() => {
      baseDir = dir();
    });
    afterAll(() => {
      for (const seconds of sleeps.used) spawnSync('pkill', ['-KILL', '-x', '-f', `sleep ${seconds}`]);
    });

    it('reports output, exit code and signal, and writes stdin', async () => {
      // `contained` (a step cgroup held the run) is the stepCgroup test's.
      const { contained: _, ...outcome } = await run('echo out; echo err >&2; exit 3');
      expect(outcome).toEqual({
        exitCode: 3,
        exitSignal: null,
        stdout: 'out\n',
        stderr: 'err\n',
        stdoutTruncated: false,
        stderrTruncated: false,
        cancelled: false,
      });
      const cat = await run('cat; printf "\\0\\377\\n"', { stdin: 'héllo\n' });
      expect(Buffer.from(cat.stdout)).toEqual(Buffer.from('héllo\n\0\uFFFD\n'));
      expect(await run('kill -TERM $$')).toMatchObject({ exitCode: null, exitSignal: 'SIGTERM', cancelled: false });
    });

    it('writes a 2 MB stdin past the pipe buffer, and stops writing when the process will not read it', async () => {
      const big = '0123456789abcdef'.repeat(131_072);
      expect((await run('wc -c', { stdin: big })).stdout.trim()).toBe(String(big.length));
      expect(await run('echo done', { stdin: big })).toMatchObject({ stdout: 'done\n', exitCode: 0 });
    });

    it('gives exactly the environment asked for, plus the step marker, in cwd', async () => {
      const bare = await run('env | sort', { env: { PATH: process.env.PATH, ONLY: 'this' } });
      const marker = /^SKILL_STEP=\d+-[0-9a-f]+\/\d+$/m;
      expect(bare.stdout).toMatch(marker);
      expect(bare.stdout.replace(marker, '').trim()).toBe(`ONLY=this\nPATH=${process.env.PATH}\nPWD=${baseDir}`);
    });

    it("finds a bare program name on the run's PATH, not the engine's", async () => {
      const jobPath = join(baseDir, 'job-path');
      await mkdir(jobPath);
      await writeFile(join(jobPath, 'only-on-job-path'), '#!/bin/sh\necho "found $1"\n', { mode: 0o755 });
      const env = { PATH: `/nonexistent:${jobPath}:/usr/bin:/bin` };
      const found = await run('', { file: 'only-on-job-path', args: ['it'], env });
      expect(found).toMatchObject({ stdout: 'found it\n', exitCode: 0 });
    });

    it('maps start failures to WorkflowErrors', async () => {
      const missing = await workflowErrorOf(run('', { file: 'no-such-program-xyz', args: [] }));
      expect([missing.code, missing.message]).toEqual(['COMMAND_NOT_FOUND', 'command not found: no-such-program-xyz']);
      const noDir = await workflowErrorOf(run('true', { cwd: join(baseDir, 'nope') }));
      expect([noDir.code, noDir.message]).toEqual([
        'INVALID_VALUE',
        `working_dir does not exist: ${join(baseDir, 'nope')}`,
      ]);
      const script = join(baseDir, 'not-executable.sh');
      await writeFile(script, '#!/bin/sh\necho hi\n');
      await chmod(script, 0o644);
      const denied = await workflowErrorOf(run('', { file: script, args: [] }));
      expect([denied.code, denied.message]).toEqual([
        'COMMAND_FAILED',
        `permission denied: ${script} (is it executable?)`,
      ]);
      const nul = await workflowErrorOf(run('', { file: '/bin/echo', args: ['a\u0000b'] }));
      const bytes = "The argument 'args[0]' must be a string without null bytes. Received 'a\\x00b'";
      expect([nul.code, nul.message, nul.details.causeCode]).toEqual([
        'COMMAND_FAILED',
        `could not start /bin/echo: ${bytes}`,
        'ERR_INVALID_ARG_VALUE',
      ]);
    });

    it('caps each stream on its own, not truncated at exactly the cap', async () => {
      const exact = await run("printf 1234; printf 'warn' >&2", { outputLimitBytes: 4 });
      expect(exact).toMatchObject({ stdout: '1234', stdoutTruncated: false, stderr: 'warn', stderrTruncated: false });
      const over = await run("printf 12; printf 'warning' >&2", { outputLimitBytes: 4 });
      expect(over).toMatchObject({ stdout: '12', stdoutTruncated: false, stderr: 'warn', stderrTruncated: true });
    });

    it('keeps logging live lines past the output cap, up to the logger limits', async () => {
      const lines: Logged = [];
      const script = `printf 'ab\\ncd'; head -c 10000 /dev/zero | tr '\\0' y; echo; printf 'c1\\r\\nc2\\n' >&2; seq 1200`;
      const outcome = await run(script, { outputLimitBytes: 4 }, lines);
      expect(outcome).toMatchObject({
        stdout: 'ab\nc',
        stdoutTruncated: true,
        stderr: 'c1\r\n',
        stderrTruncated: true,
      });
      const stdout = lines.filter((line) => line[1] === 'stdout').map((line) => line[0]);
      expect(stdout.slice(0, 3)).toEqual(['ab', `cd${'y'.repeat(4094)}…`, '1']);
      expect(stdout[999]).toBe('998');
      expect(stdout.slice(1000)).toEqual(['[live output stopped after 1000 lines; the rest is still captured]']);
      expect(lines.filter((line) => line[1] === 'stderr').map((line) => line[0])).toEqual(['c1', 'c2']);
    });

    it('logs a final line without newline past the cap, and cuts a long one', async () => {
      const short: Logged = [];
      await run("printf 'abcdef\\nlast'", { outputLimitBytes: 2 }, short);
      expect(short).toEqual([
        ['abcdef', 'stdout'],
        ['last', 'stdout'],
      ]);
      const long: Logged = [];
      await run("printf 'a\\n'; head -c 9000 /dev/zero | tr '\\0' z", { outputLimitBytes: 1 }, long);
      expect(long).toEqual([
        ['a', 'stdout'],
        [`${'z'.repeat(4096)}…`, 'stdout'],
      ]);
    });

    it('runs 100 processes at concurrency 10 with the right outputs', async () => {
      const results: string[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < 100) {
          const n = next++;
          const outcome = await run(`echo out-${n}; echo err-${n} >&2; exit ${n % 3}`);
          results[n] = `${outcome.exitCode}|${outcome.stdout}|${outcome.stderr}`;
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      expect(results).toEqual(Array.from({ length: 100 }, (_, n) => `${n % 3}|out-${n}\n|err-${n}\n`));
    });

    it('cancels: SIGTERM to the group, SIGKILL after the grace period; never starts when already aborted', async () => {
      const controller = new AbortController();
      const lines: Logged = [];
      const running = run('echo started; sleep 30', { signal: controller.signal }, lines);
      await waitFor(() => lines.length === 1);
      controller.abort();
      expect(await running).toMatchObject({
        exitCode: null,
        exitSignal: 'SIGTERM',
        stdout: 'started\n',
        cancelled: true,
      });
      const stubborn = new AbortController();
      const trapped = run("trap '' TERM; echo ready; sleep 30 & wait", { signal: stubborn.signal }, lines);
      await waitFor(() => lines.length === 2);
      stubborn.abort();
      expect(await trapped).toMatchObject({ exitSignal: 'SIGKILL', cancelled: true });
      const never = await run('echo ran', { signal: AbortSignal.abort() });
      expect(never).toMatchObject({ exitCode: null, exitSignal: null, stdout: '', cancelled: true });
    });

    // The background-children rule (docs/semantics.md): output until the pipes close (at most drainAfterExitMs)
    // is captured, then whatever the run left running dies with it.
    it('background children: their output is captured until the pipes close, then they die with the run', async () => {
      const late = await run('(while kill -0 $$ 2>/dev/null; do sleep 0.01; done; echo late) & echo early');
      expect(late).toMatchObject({ exitCode: 0, stdout: 'early\nlate\n' });
      const held = await run('sleep 30 & echo $!', { drainAfterExitMs: 100 });
      expect(held.exitCode).toBe(0);
      await waitFor(async () => !(await isProcessAlive(Number(held.stdout))));
      const quiet = await run('env -i /bin/sleep 30 </dev/null >/dev/null 2>&1 & echo $!');
      await waitFor(async () => !(await isProcessAlive(Number(quiet.stdout))));
    });

    for (const [ending, extra] of [
      ['succeeds', {}],
      ['times out', { signal: AbortSignal.timeout(500) }],
    ] as const) {
      it(`setsid children die when the run ${ending}`, async () => {
        const seconds = uniqueSleep();
        await run(escaping(seconds, ending === 'succeeds' ? 'sleep 0.2; echo done' : 'sleep 30'), extra);
        expect(sleeping(seconds)).toEqual([]);
      });
    }

    it('helperProcess: commands are children of a helper process, or of the engine itself', async () => {
      const parent = Number((await run('echo $PPID')).stdout);
      if (runner().capabilities.helperProcess) expect(parent).not.toBe(process.pid);
      else expect(parent).toBe(process.pid);
    });

    it('stepCgroup: a setsid child that cleared its environment dies with the run only in a step cgroup', async () => {
      const first = await run('cat /proc/self/cgroup');
      const where = first.stdout;
      const contained = /skill-spawner-\d+\/job-\d+/.test(where);
      // The outcome says whether the emptied cgroup held the run (then no marker scan follows it).
      expect(first.contained === true).toBe(contained);
      if (!runner().capabilities.stepCgroup) expect(contained).toBe(false);
      else if (!contained) console.warn(`[${label}] no step cgroup can be created here:\n${where}`);
      const seconds = uniqueSleep();
      // The run ends once the child has escaped (it runs as `sleep`), else the group kill could still reach it.
      const escaped = `i=0; while [ $i -lt 500 ] && ! pgrep -x -f 'sleep ${seconds}' >/dev/null; do sleep 0.01; i=$((i+1)); done`;
      expect(await run(escaping(seconds, `${escaped}; echo ok`, true))).toMatchObject({ exitCode: 0, stdout: 'ok\n' });
      // Without a cgroup nothing can find it (no group, no marker): the documented gap.
      if (contained) expect(sleeping(seconds)).toEqual([]);
      else await waitFor(() => sleeping(seconds).length === 1);
    });

    it('killsStepsWhenEngineDies: only a helper process can (step-containment.test.ts kills one engine)', () => {
      const { helperProcess, killsStepsWhenEngineDies } = runner().capabilities;
      expect(killsStepsWhenEngineDies).toBe(helperProcess);
    });
  });
}
