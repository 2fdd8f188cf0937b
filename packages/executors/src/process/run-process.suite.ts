import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcessOutcome, ProcessSpec } from './process-spec.js';
import { runProcessInProcess } from './run-in-process.js';
import { runProcess } from './run-process.js';
import { type SpawnerKind, spawnerState } from './spawner-client.js';

type Logged = [string, 'stdout' | 'stderr'][];

function spec(script: string, extra: Partial<ProcessSpec>, lines: Logged): ProcessSpec {
  return {
    file: '/bin/sh',
    args: ['-c', script],
    cwd: tmpdir(),
    env: { ...process.env },
    signal: new AbortController().signal,
    outputLimitBytes: 1024 * 1024,
    log: (line, stream) => lines.push([line, stream]),
    killGraceMs: 300,
    drainAfterExitMs: 1000,
    ...extra,
  };
}

/** Runs `script` through the spawner and in-process; both must give the same outcome and live lines. */
async function both(script: string, extra: Partial<ProcessSpec> = {}): Promise<[ProcessOutcome, Logged]> {
  const viaSpawner: Logged = [];
  const inProcess: Logged = [];
  const spawned = await runProcess(spec(script, extra, viaSpawner));
  const local = await runProcessInProcess(spec(script, extra, inProcess));
  expect(spawnerState()).toMatchObject({ running: true, kind: expectedKind });
  expect(spawned).toEqual(local);
  // Lines of one stream keep their order; stdout and stderr may interleave differently.
  for (const stream of ['stdout', 'stderr']) {
    expect(viaSpawner.filter((line) => line[1] === stream)).toEqual(inProcess.filter((line) => line[1] === stream));
  }
  return [spawned, viaSpawner];
}

let expectedKind: SpawnerKind = 'native';

/** The parity tests, for the spawner program `kind` (the caller sets SKILL_SPAWNER to choose it). */
export function describeRunProcess(kind: SpawnerKind): void {
  expectedKind = kind;
  describe(`runProcess through the ${kind} spawner behaves like in-process spawning`, () => {
    it('keeps logging live lines past the output cap, up to the logger limits', async () => {
      const script = `printf 'ab\\ncd'; head -c 10000 /dev/zero | tr '\\0' y; echo; printf 'c1\\r\\nc2\\n' >&2; seq 1200`;
      const [outcome, lines] = await both(script, { outputLimitBytes: 4 });
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
      expect(lines.filter((line) => line[1] === 'stderr')).toEqual([
        ['c1', 'stderr'],
        ['c2', 'stderr'],
      ]);
    });

    it('logs a final line without newline past the cap, and cuts a long one', async () => {
      const [, short] = await both("printf 'abcdef\\nlast'", { outputLimitBytes: 2 });
      expect(short).toEqual([
        ['abcdef', 'stdout'],
        ['last', 'stdout'],
      ]);
      const [, long] = await both("printf 'a\\n'; head -c 9000 /dev/zero | tr '\\0' z", { outputLimitBytes: 1 });
      expect(long).toEqual([
        ['a', 'stdout'],
        [`${'z'.repeat(4096)}…`, 'stdout'],
      ]);
    });

    it('is not truncated at exactly the cap, and truncates stderr on its own', async () => {
      const [exact] = await both("printf 1234; printf 'warn' >&2", { outputLimitBytes: 4 });
      expect(exact).toMatchObject({ stdout: '1234', stdoutTruncated: false, stderr: 'warn', stderrTruncated: false });
      const [over] = await both("printf 12; printf 'warning' >&2", { outputLimitBytes: 4 });
      expect(over).toMatchObject({ stdout: '12', stdoutTruncated: false, stderr: 'warn', stderrTruncated: true });
    });

    it('writes stdin, keeps binary output intact and reports signals', async () => {
      const [cat] = await both('cat; printf "\\0\\377\\n"', { stdin: 'héllo\n' });
      expect(Buffer.from(cat.stdout)).toEqual(Buffer.from('héllo\n\0\uFFFD\n'));
      const [killed] = await both('kill -TERM $$');
      expect(killed).toMatchObject({ exitCode: null, exitSignal: 'SIGTERM', cancelled: false });
    });

    it('writes a 2 MB stdin past the pipe buffer, and stops writing when the process will not read it', async () => {
      const big = `${'0123456789abcdef'.repeat(131_072)}`;
      const [counted] = await both('wc -c', { stdin: big });
      expect(counted.stdout.trim()).toBe(String(big.length));
      const [ignored] = await both('echo done', { stdin: big });
      expect(ignored).toMatchObject({ stdout: 'done\n', exitCode: 0 });
    });

    it("finds a bare program name on the job's PATH, not the engine's", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'job-path-'));
      writeFileSync(join(dir, 'only-on-job-path'), '#!/bin/sh\necho "found $1"\n', { mode: 0o755 });
      try {
        const env = { PATH: `/nonexistent:${dir}:/usr/bin:/bin` };
        const [found] = await both('', { file: 'only-on-job-path', args: ['it'], env });
        expect(found).toMatchObject({ stdout: 'found it\n', exitCode: 0 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
