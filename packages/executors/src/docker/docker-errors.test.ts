import type { SandboxResult } from '@skill/sandbox';
import { describe, expect, it } from 'vitest';
import { sandboxResult } from '../../test/sandbox-result.js';
import { type ContainerOutcome, containerFailure } from './docker-errors.js';

function outcome(result: Partial<SandboxResult>, extra: Partial<ContainerOutcome> = {}): ContainerOutcome {
  const merged = sandboxResult(result);
  return {
    result: merged,
    stderr: merged.stderr.trimEnd(),
    metadata: {},
    output: '',
    memoryBytes: undefined,
    timeoutMs: undefined,
    volumes: [],
    user: undefined,
    viaShell: false,
    abortReason: undefined,
    ...extra,
  };
}

describe('containerFailure', () => {
  it('is undefined for exit 0', async () => {
    expect(await containerFailure(outcome({}))).toBeUndefined();
  });

  it('names the memory limit when the container was OOM-killed', async () => {
    const error = await containerFailure(outcome({ exitCode: 137, oomKilled: true }, { memoryBytes: 67108864 }));
    expect(error).toMatchObject({
      code: 'OOM_KILLED',
      message: 'container was killed: out of memory (memory_limit 64 MiB)',
      details: { exitCode: 137, memoryLimitBytes: 67108864 },
    });
  });

  it('reports a non-zero exit as COMMAND_FAILED with the stderr excerpt and exit code', async () => {
    const error = await containerFailure(outcome({ exitCode: 3, stderr: 'boom\n' }));
    expect(error).toMatchObject({ code: 'COMMAND_FAILED', message: 'container exited with code 3: boom' });
    expect(error?.details.exitCode).toBe(3);
    const notFound = await containerFailure(
      outcome({ exitCode: 127, stderr: '/bin/sh: 1: ffmpegg: not found\n' }, { viaShell: true }),
    );
    expect(notFound).toMatchObject({
      code: 'COMMAND_NOT_FOUND',
      message: 'command not found in the container: /bin/sh: 1: ffmpegg: not found',
    });
  });

  it('turns "permission denied" on a volume into VOLUME_PERMISSION naming the host path', async () => {
    const volumes = [{ host: '/proc/self/root/nonexistent', container: '/out', readOnly: false }];
    const error = await containerFailure(
      outcome({ exitCode: 1, stderr: "touch: cannot touch '/out/x': Permission denied\n" }, { volumes }),
    );
    expect(error).toMatchObject({
      code: 'VOLUME_PERMISSION',
      message:
        'permission denied on volume /proc/self/root/nonexistent (mounted at /out) for container user 65534:65534: ' +
        'set the step\'s user field to the owner of the folder (user = "uid:gid") or make it accessible to 65534:65534',
    });
    const readOnly = await containerFailure(
      outcome(
        { exitCode: 1, stderr: "touch: cannot touch '/out/x': Read-only file system\n" },
        { volumes: [{ host: '/srv/out', container: '/out', readOnly: true }] },
      ),
    );
    expect(readOnly?.message).toBe(
      'volume /srv/out (mounted at /out) is read-only; remove ":ro" if the step must write to it',
    );
  });

  it('reports timeouts and cancellations', async () => {
    expect(await containerFailure(outcome({ timedOut: true, exitCode: 137 }, { timeoutMs: 1500 }))).toMatchObject({
      code: 'TIMEOUT',
      message: 'timed out after 1.5s',
    });
    expect(
      await containerFailure(outcome({ cancelled: true, exitCode: 137 }, { abortReason: new Error('user stop') })),
    ).toMatchObject({ code: 'CANCELLED', message: 'container cancelled: user stop' });
  });
});
