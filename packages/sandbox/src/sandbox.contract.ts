// The Sandbox contract: what every Sandbox (Docker, native) does with code, stdin, env, files, exit codes, output
// caps, timeouts and aborts, and, per capability, how it treats limits and the network. Run by
// sandbox-contract.docker.test.ts (docker project) and native-sandbox.test.ts (unit project).
import { describe, expect, it } from 'vitest';
import type { Sandbox, SandboxResult, SandboxRunSpec } from './sandbox.js';

/** What a sandbox does with the settings not every sandbox can honour. */
export interface SandboxCapabilities {
  /** `limits.memoryBytes` becomes a memory limit the command sees (a cgroup limit), else it is ignored. */
  memoryLimit: boolean;
  /** The command has no network but loopback by default, else it shares the host's. */
  networkIsolation: boolean;
}

/** One sandbox under test. */
export interface SandboxTarget {
  sandbox: Sandbox;
  /** The spec fields that select it: `{ image }` or `{ native: true }`. */
  select: Pick<SandboxRunSpec, 'image' | 'native'>;
  /** Where a file named `name` goes in `files` (docker: an absolute container path; native: relative). */
  filePath(name: string): string;
  capabilities: SandboxCapabilities;
}

/** The contract, for the sandbox `target()` gives (called inside the tests, so a skipped block builds nothing). */
export function describeSandboxContract(label: string, target: () => SandboxTarget, enabled = true): void {
  const run = (command: string, extra: Partial<SandboxRunSpec> = {}): Promise<SandboxResult> => {
    const { sandbox, select } = target();
    const signal = new AbortController().signal;
    return sandbox.run({ ...select, command: ['sh', '-c', command], signal, outputLimitBytes: 1 << 20, ...extra });
  };

  describe.skipIf(!enabled)(`Sandbox contract: ${label}`, () => {
    it('runs code and reports stdout, stderr and the exit code', async () => {
      const result = await run('echo out; echo err >&2; exit 3');
      expect(result).toMatchObject({
        exitCode: 3,
        stdout: 'out\n',
        stderr: 'err\n',
        stdoutTruncated: false,
        stderrTruncated: false,
        oomKilled: false,
        timedOut: false,
        cancelled: false,
      });
      expect(result.durationMs).toBeGreaterThan(0);
    });

    it('writes stdin and closes it; without stdin the command reads nothing', async () => {
      expect((await run('cat', { stdin: 'piped in\n' })).stdout).toBe('piped in\n');
      expect((await run('cat; echo end')).stdout).toBe('end\n');
    });

    it('sets env', async () => {
      expect((await run('echo "$GREETING"', { env: { GREETING: 'hello world' } })).stdout).toBe('hello world\n');
    });

    it('puts files in before the command starts, with their modes', async () => {
      const { filePath } = target();
      const data = filePath('data.txt');
      const script = filePath('run.sh');
      const files = [
        { path: data, content: 'from a file\n' },
        { path: script, content: new TextEncoder().encode('#!/bin/sh\necho script\n'), mode: 0o755 },
      ];
      const result = await run(`cat ${data}; ${script}`, { files });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'from a file\nscript\n' });
    });

    it('returns the SKILL_METADATA text only when asked, and only when the command wrote it', async () => {
      expect((await run('printf "rows=2\\n" > "$SKILL_METADATA"', { metadata: true })).metadataText).toBe('rows=2\n');
      expect((await run('echo \'{"a": 1}\' > "$SKILL_METADATA"', { metadata: true })).metadataText).toBe('{"a": 1}\n');
      expect((await run('true', { metadata: true })).metadataText).toBeUndefined();
      expect((await run('test -n "$SKILL_METADATA" && echo set || echo unset')).stdout).toBe('unset\n');
    });

    it('caps each stream, keeps draining past the cap, and flags truncation', async () => {
      const lines: string[] = [];
      const script = 'head -c 300000 /dev/zero | tr "\\0" x; echo; echo tail; printf warning >&2';
      const result = await run(script, { outputLimitBytes: 1000, onOutput: (line) => lines.push(line) });
      expect(result).toMatchObject({ exitCode: 0, stdoutTruncated: true, stderr: 'warning', stderrTruncated: false });
      expect(result.stdout).toBe('x'.repeat(1000));
      expect(lines.at(-2)).toBe('tail');
    });

    it('kills the command at the timeout', async () => {
      const result = await run('echo started; sleep 30', { timeoutMs: 1000 });
      expect(result).toMatchObject({ timedOut: true, cancelled: false, stdout: 'started\n' });
      expect(result.exitCode).toBeGreaterThan(128);
    });

    it('kills the command on abort (SIGKILL after the grace period: exit code 137); never starts when already aborted', async () => {
      const controller = new AbortController();
      const lines: string[] = [];
      const running = run("trap '' TERM; echo ready; sleep 30", {
        signal: controller.signal,
        onOutput: (line) => {
          lines.push(line);
          controller.abort();
        },
      });
      expect(await running).toMatchObject({ cancelled: true, timedOut: false, exitCode: 137, stdout: 'ready\n' });
      const early = await run('echo ran', { signal: AbortSignal.abort() });
      expect(early).toMatchObject({ cancelled: true, stdout: '' });
    });

    it('memoryLimit: applies limits.memoryBytes as a cgroup limit, or ignores it', async () => {
      const show = 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes';
      const result = await run(show, { limits: { memoryBytes: 64 * 1024 * 1024 } });
      expect(result.exitCode).toBe(0);
      if (target().capabilities.memoryLimit) expect(result.stdout.trim()).toBe(String(64 * 1024 * 1024));
      else expect(result.stdout.trim()).not.toBe(String(64 * 1024 * 1024));
    });

    it('networkIsolation: only loopback by default, or the host network', async () => {
      const interfaces = (await run('ls /sys/class/net')).stdout.split('\n').filter(Boolean);
      const onlyLoopback = interfaces.length === 1 && interfaces[0] === 'lo';
      if (target().capabilities.networkIsolation) expect(onlyLoopback).toBe(true);
      else expect(interfaces).toContain('lo'); // the host's interfaces, whatever they are
    });
  });
}
