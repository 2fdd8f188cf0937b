// The ProcessSpec the process tests start from: a `/bin/sh -c` script with short kill and drain waits.
import type { ProcessSpec } from '../src/process/process-spec.js';

/**
 * A spec running `script` with `/bin/sh -c` in `cwd`, with this process's env, a signal nobody aborts, a 1 MiB
 * output limit, 300 ms kill grace and 1 s drain wait; `extra` wins.
 *
 * @example
 * await runner.run(shellSpec(dir, 'echo $PPID'));
 */
export function shellSpec(cwd: string, script: string, extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    file: '/bin/sh',
    args: ['-c', script],
    cwd,
    env: { ...process.env },
    signal: new AbortController().signal,
    outputLimitBytes: 1024 * 1024,
    killGraceMs: 300,
    drainAfterExitMs: 1000,
    ...extra,
  };
}
