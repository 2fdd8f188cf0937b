import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isProcessAlive } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { NativeSandbox } from './native-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const sandbox = new NativeSandbox({ killGraceMs: 300, drainAfterExitMs: 300 });

function spec(command: string[], extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return { native: true, command, signal: new AbortController().signal, outputLimitBytes: 1024 * 1024, ...extra };
}

describe('NativeSandbox', () => {
  it('runs in a private temp folder holding the files, then removes it', async () => {
    const result = await sandbox.run(
      spec(['sh', '-c', 'pwd; cat sub/data.txt; ./run.sh; echo "$GREETING"; cat; echo err >&2; exit 4'], {
        files: [
          { path: 'sub/data.txt', content: 'from a file\n' },
          { path: 'run.sh', content: new TextEncoder().encode('#!/bin/sh\necho script\n'), mode: 0o755 },
        ],
        env: { GREETING: 'hello' },
        stdin: 'piped in\n',
      }),
    );
    const [cwd, ...rest] = result.stdout.split('\n');
    expect(cwd?.startsWith(`${tmpdir()}/skill-sandbox-`)).toBe(true);
    expect(rest.join('\n')).toBe('from a file\nscript\nhello\npiped in\n');
    expect(result).toMatchObject({ exitCode: 4, stderr: 'err\n', cancelled: false, timedOut: false, oomKilled: false });
    await expect(stat(cwd as string)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('uses the given workdir and inherits the engine environment', async () => {
    const result = await sandbox.run(spec(['sh', '-c', 'pwd; test -n "$PATH" && echo has-path'], { workdir: '/' }));
    expect(result.stdout).toBe('/\nhas-path\n');
  });

  it('starts from a clean environment when asked: no SKILL_TOKEN, the given env still set', async () => {
    process.env.SKILL_TOKEN = 'native-sandbox-test-token-0123456789abcdef';
    try {
      const show = ['sh', '-c', 'echo "token=$SKILL_TOKEN given=$GIVEN path=$(test -n "$PATH" && echo set)"'];
      const clean = await sandbox.run(spec(show, { env: { GIVEN: 'yes' }, hostEnvironment: 'clean' }));
      expect(clean.stdout).toBe('token= given=yes path=set\n');
      const inherited = await sandbox.run(spec(show, { env: { GIVEN: 'yes' } }));
      expect(inherited.stdout).toBe(`token=${process.env.SKILL_TOKEN} given=yes path=set\n`);
    } finally {
      delete process.env.SKILL_TOKEN;
    }
  });

  it('returns the SKILL_METADATA text only when asked', async () => {
    const write = 'printf "rows=2\\n" > "$SKILL_METADATA"';
    expect((await sandbox.run(spec(['sh', '-c', write], { metadata: true }))).metadataText).toBe('rows=2\n');
    const json = await sandbox.run(spec(['sh', '-c', 'echo \'{"a": 1}\' > "$SKILL_METADATA"'], { metadata: true }));
    expect(json.metadataText).toBe('{"a": 1}\n');
    expect((await sandbox.run(spec(['true'], { metadata: true }))).metadataText).toBeUndefined();
    expect((await sandbox.run(spec(['sh', '-c', 'test -n "$SKILL_METADATA" && echo set || echo unset']))).stdout).toBe(
      'unset\n',
    );
  });

  it('caps output per stream and keeps draining', async () => {
    const lines: string[] = [];
    const result = await sandbox.run(
      spec(['sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" "x"; echo; echo tail'], {
        outputLimitBytes: 1000,
        onOutput: (line) => lines.push(line),
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('x'.repeat(1000));
    expect(result.stdoutTruncated).toBe(true);
    expect(lines.at(-1)).toBe('tail');
  });

  it('kills the whole process group at the timeout', async () => {
    const result = await sandbox.run(spec(['sh', '-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 500 }));
    expect(result).toMatchObject({ timedOut: true, cancelled: false, exitCode: 143 });
    const child = Number(result.stdout.trim());
    expect(child).toBeGreaterThan(0);
    for (let i = 0; i < 20 && (await isProcessAlive(child)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await isProcessAlive(child)).toBe(false);
  });

  it('stops on abort, SIGKILL after the grace period for a process that ignores SIGTERM', async () => {
    const controller = new AbortController();
    const running = sandbox.run(
      spec(['sh', '-c', 'trap "" TERM; echo ready; sleep 30'], { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const result = await running;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, exitCode: 137, stdout: 'ready\n' });
    expect(performance.now() - started).toBeLessThan(3000);
    const early = await sandbox.run(spec(['true'], { signal: AbortSignal.abort() }));
    expect(early).toMatchObject({ cancelled: true, exitCode: -1 });
  });

  it('refuses files outside the work folder, images and empty commands', async () => {
    await expect(sandbox.run(spec(['true'], { files: [{ path: '../x', content: '' }] }))).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
    await expect(sandbox.run(spec(['true'], { files: [{ path: '/etc/x', content: '' }] }))).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
    await expect(sandbox.run({ ...spec(['true']), native: false, image: 'alpine' })).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
    await expect(sandbox.run(spec([]))).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('reports a missing program as COMMAND_NOT_FOUND', async () => {
    await expect(sandbox.run(spec(['no-such-program-xyz']))).rejects.toMatchObject({
      code: 'COMMAND_NOT_FOUND',
      message: expect.stringContaining('no-such-program-xyz'),
    });
  });
});
