// Test support for the suites that spawn the built CLI (dist/bin.js): a child with its output collected, and an
// MCP SDK client talking to `skill mcp` over stdio.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** The built CLI's entry point; throws when it has not been built. */
export function builtCli(): string {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first (the spawn tests run the built CLI)`);
  return BIN;
}

/** What a finished `skill` process left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `skill` process: its output so far, and its result once it closes. */
export interface StartedCli {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  result: Promise<CliResult>;
}

/**
 * Spawns `skill <args>` in `cwd` (NO_COLOR set, `env` added) and collects its output. A process still running
 * after `killAfterMs` is killed and its result rejects (a guard for a hung test, not a timing check).
 */
export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; killAfterMs?: number },
): StartedCli {
  const child = spawn(process.execPath, [builtCli(), ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => {
    output.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output.stderr += d.toString();
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    const limit = options.killAfterMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`skill ${args.join(' ')} did not finish in ${limit} ms`));
    }, limit);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...output });
    });
  });
  return { child, output, result };
}

/** An MCP client connected to a new `skill mcp` process in `cwd`; `stderr()` is what that process wrote there. */
export async function connectMcp(cwd: string): Promise<{ client: Client; pid: number; stderr(): string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [builtCli(), 'mcp'],
    cwd,
    env: { ...(process.env as Record<string, string>), NO_COLOR: '1' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid ?? 0, stderr: () => stderr };
}

/** Runs `skill <args>` in `cwd` to its end (NO_COLOR set); killed after 30 s as a guard for a hung test. */
export function runCli(args: string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [builtCli(), ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
