// Test support for the CLI suites: a temp project with the workflows they run (the kit's shared `fail`,
// `broken` and `slow`, and the CLI's own in `test/workflows/`), the pid the `slow` step writes, and an in-process CliIo.
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTempProject, type TempDir, useSuiteResource, waitFor, workflowFixtures } from '@skill/test-kit';
import type { CliIo, InterruptSignal } from '../src/cli-io.js';

const CLI_WORKFLOWS = new URL('./workflows/', import.meta.url);

/** The TOML text of the CLI's own fixture `apps/cli/test/workflows/<name>.toml`. */
export function cliWorkflow(name: string): string {
  return readFileSync(new URL(`${name}.toml`, CLI_WORKFLOWS), 'utf8');
}

/**
 * A temp project whose `.workflows/` holds the kit's `fail`, `broken` and `slow`, the CLI's `hello`, and the CLI
 * fixtures named in `extra`.
 */
export function createCliProject(...extra: string[]): Promise<TempDir> {
  const own = Object.fromEntries(['hello', ...extra].map((name) => [name, cliWorkflow(name)]));
  return createTempProject({ ...workflowFixtures('fail', 'broken', 'slow'), ...own }, 'skill-cli-');
}

/**
 * A {@link createCliProject} for the calling suite: made in beforeAll, removed in afterAll. Returns a getter for
 * its folder.
 */
export function useCliProject(...extra: string[]): () => string {
  const project = useSuiteResource(
    'useCliProject',
    () => createCliProject(...extra),
    (made) => made.cleanup(),
  );
  return () => project().dir;
}

/**
 * Removes a stale `<dir>/sleeper.pid`, calls `start` (which runs the `slow` workflow in `dir`) and waits until its
 * step has written its pid; returns that pid and what `start` returned.
 */
export async function startSleeper<T>(dir: string, start: () => T): Promise<{ pid: number; started: T }> {
  const file = path.join(dir, 'sleeper.pid');
  await rm(file, { force: true });
  const started = start();
  const pid = await waitFor(async () => {
    const text = (await readFile(file, 'utf8').catch(() => '')).trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  });
  return { pid, started };
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
