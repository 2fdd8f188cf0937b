// Test support: a temporary project folder with real .workflows/*.toml files, and an in-process CliIo.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo, InterruptSignal } from '../src/cli-io.js';

/** The workflows every integration test uses (command steps only). */
export const WORKFLOWS: Record<string, string> = {
  hello: `version = "1"
name = "hello"
description = "Greets someone"

[inputs]
name = { type = "string", required = true }
count = { type = "integer", default = 1 }

[[steps]]
id = "greet"
step_type = "command"
command = "echo hello {inputs.name} {inputs.count}"

[[steps]]
id = "shout"
step_type = "command"
depends_on = ["greet"]
command = "echo done"
`,
  fail: `version = "1"
name = "fail"

[[steps]]
id = "boom"
step_type = "command"
command = "echo oops >&2; exit 3"

[[steps]]
id = "after"
step_type = "command"
depends_on = ["boom"]
command = "echo never"
`,
  broken: `version = "1"
name = "broken"

[[steps]]
id = "a"
step_type = "command"
command = "echo a"
depends_on = ["missing-step"]
`,
};

/** A workflow whose one step writes its pid to `pidFile` (absolute) and sleeps 30 s. */
function slowWorkflow(pidFile: string): string {
  return `version = "1"
name = "slow"

[[steps]]
id = "wait"
step_type = "command"
command = "echo $$ > '${pidFile}'; exec sleep 30"
`;
}

/**
 * Creates a temp project with `.workflows/` holding {@link WORKFLOWS} and `slow` (whose step writes its
 * pid to `<dir>/sleeper.pid`); returns its path and a cleanup.
 */
export async function createProject(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'skill-cli-'));
  await mkdir(path.join(dir, '.workflows'));
  const files = { ...WORKFLOWS, slow: slowWorkflow(path.join(dir, 'sleeper.pid')) };
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, '.workflows', `${name}.toml`), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An in-process CliIo that records stdout/stderr and lets a test send interrupts. */
export function memoryIo(cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const out = { stdout: '', stderr: '', exits: [] as number[] };
  let listener: ((signal: InterruptSignal) => void) | undefined;
  const io: CliIo = {
    stdout: {
      write: (t) => {
        out.stdout += t;
      },
      isTTY: options.tty ?? false,
      columns: 100,
    },
    stderr: {
      write: (t) => {
        out.stderr += t;
      },
      isTTY: options.tty ?? false,
    },
    cwd,
    env: options.env ?? {},
    onSignal(l) {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    exit: (code) => {
      out.exits.push(code);
    },
  };
  return {
    io,
    out,
    /** Delivers an interrupt as the process would; false when main is not listening. */
    interrupt(signal: InterruptSignal = 'SIGINT'): boolean {
      if (!listener) return false;
      listener(signal);
      return true;
    },
  };
}

/** Polls `check` every 25 ms until it is true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** True while a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
