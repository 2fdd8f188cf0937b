// NativeSandbox: the Sandbox contract, and what only the native sandbox does (temp folder, host environment, refusals).
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { NativeSandbox } from './native-sandbox.js';
import { describeSandboxContract } from './sandbox.contract.js';
import type { SandboxRunSpec } from './sandbox.js';

const sandbox = new NativeSandbox({ killGraceMs: 300, drainAfterExitMs: 300 });

function spec(command: string[], extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return { native: true, command, signal: new AbortController().signal, outputLimitBytes: 1024 * 1024, ...extra };
}

describeSandboxContract('native', () => ({
  sandbox,
  select: { native: true },
  filePath: (name) => `sub/${name}`,
  capabilities: { memoryLimit: false, networkIsolation: false },
}));

describe('NativeSandbox', () => {
  it('runs in a private temp folder holding the files, then removes it', async () => {
    const files = [{ path: 'sub/data.txt', content: 'from a file\n' }];
    const result = await sandbox.run(spec(['sh', '-c', 'pwd; cat sub/data.txt'], { files }));
    const [cwd, ...rest] = result.stdout.split('\n');
    expect(cwd?.startsWith(`${tmpdir()}/skill-sandbox-`)).toBe(true);
    expect(rest.join('\n')).toBe('from a file\n');
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
