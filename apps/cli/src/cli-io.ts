// The world main() talks to (streams, cwd, env, signals), injectable so commands run in-process in tests.
import type { Readable, Writable } from 'node:stream';

/** A stream main() writes text to. */
export interface OutputStream {
  write(text: string): void;
  /** True on an interactive terminal: live table and colours. */
  isTTY?: boolean;
  /** Terminal width, used to keep table rows on one line. */
  columns?: number;
  /** Terminal height, used to keep the live table on screen. */
  rows?: number;
}

/** A termination request: Ctrl-C or SIGTERM. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** What main() needs from its process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Folder that relative paths and bare workflow names resolve against. */
  cwd: string;
  env: Record<string, string | undefined>;
  /**
   * Listens for SIGINT/SIGTERM while a workflow runs; returns the function that stops listening.
   * Tests pass their own to simulate Ctrl-C.
   */
  onSignal?: (listener: (signal: InterruptSignal) => void) => () => void;
  /** Called on a second interrupt to leave at once (the process: `process.exit`). */
  exit?: (code: number) => void;
  /** Clock for durations and the live table; `Date.now` by default. */
  now?: () => number;
  /** The raw byte streams, for a protocol spoken over stdio (`skill mcp`); stdout then carries nothing else. */
  stdio?: { input: Readable; output: Writable };
}

/**
 * `process.stdout` or `process.stderr` as an OutputStream, the stream made at its first use: setting one up loads
 * Node's stream code (and its socket or terminal code for a pipe or a terminal), which a command that never writes
 * to it does not need.
 */
function lazyOutput(stream: () => NodeJS.WriteStream): OutputStream {
  let opened: NodeJS.WriteStream | undefined;
  const open = (): NodeJS.WriteStream => {
    if (opened === undefined) {
      opened = stream();
      // `skill ... | head` closes the pipe early: stop writing instead of crashing.
      opened.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
      });
    }
    return opened;
  };
  return {
    write: (text) => {
      open().write(text);
    },
    get isTTY() {
      return open().isTTY;
    },
    get columns() {
      return open().columns;
    },
    get rows() {
      return open().rows;
    },
  };
}

/** The real process: its streams, cwd, env and signals. */
export function processIo(): CliIo {
  const stdout = lazyOutput(() => process.stdout);
  return {
    stdout,
    stderr: lazyOutput(() => process.stderr),
    cwd: process.cwd(),
    env: process.env,
    onSignal(listener) {
      const onInt = () => listener('SIGINT');
      const onTerm = () => listener('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    exit: (code) => process.exit(code),
    // A getter: touching process.stdin sets up its stream, which only `skill mcp` needs.
    get stdio() {
      void stdout.isTTY; // opens stdout with its EPIPE guard
      return { input: process.stdin, output: process.stdout };
    },
  };
}
