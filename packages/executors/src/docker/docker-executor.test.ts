import type { Sandbox, SandboxResult, SandboxRunSpec } from '@skill/sandbox';
import { dockerStep, executorContext } from '@skill/test-kit';
import type { ExecutorContext } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { sandboxResult } from '../../test/sandbox-result.js';
import { createDockerExecutor } from './docker-executor.js';
import { dockerStepProblems } from './docker-step-checks.js';

/** A Sandbox that records what it was asked to run and answers with a fixed result (no engine needed). */
class RecordingSandbox implements Sandbox {
  readonly runs: SandboxRunSpec[] = [];
  constructor(private readonly result: Partial<SandboxResult>) {}
  async run(spec: SandboxRunSpec): Promise<SandboxResult> {
    this.runs.push(spec);
    return sandboxResult({ durationMs: 5, image: spec.image, ...this.result });
  }
}

const ctx: ExecutorContext = executorContext({
  execution_id: 'exec-1',
  step_id: 'dock',
  base_dir: '/home/me/flows',
  output_limit_bytes: 4096,
});

describe('docker_container executor (recorded sandbox)', () => {
  it('maps output, truncation and metadata like a command step', async () => {
    const sandbox = new RecordingSandbox({
      stdout: '{"n": 1}\n',
      stderr: 'note\n',
      stdoutTruncated: true,
      metadataText: 'rows=3\nimage=mine\n',
    });
    const result = await createDockerExecutor({ sandbox }).run(dockerStep({ command: ['x'] }), ctx);
    expect(result).toEqual({
      output: { n: 1 },
      metadata: {
        rows: 3,
        image: 'mine',
        exit_code: 0,
        stderr: 'note',
        truncated: true,
        stdout_truncated: true,
      },
    });
    expect(sandbox.runs[0]?.metadata).toBe(true);
  });

  it('refuses policy violations after templates resolved, before the sandbox is asked', async () => {
    const sandbox = new RecordingSandbox({});
    const executor = createDockerExecutor({ sandbox });
    await expect(executor.run(dockerStep({ volumes: ['../../../../../../etc/ssh:/x'] }), ctx)).rejects.toMatchObject({
      code: 'POLICY_VIOLATION',
      message: 'Docker policy: volume "/etc/ssh:/x" mounts the sensitive host path /etc/ssh',
      details: { retryable: false },
    });
    await expect(executor.run(dockerStep({ privileged: true }), ctx)).rejects.toMatchObject({
      code: 'POLICY_VIOLATION',
    });
    expect(sandbox.runs).toEqual([]);
  });

  it('validates literal values statically and leaves templated ones for run time', () => {
    expect(dockerStepProblems(dockerStep({ image: ' ' }))).toEqual(['docker.image is required']);
    expect(
      dockerStepProblems(
        dockerStep({ volumes: ['{inputs.dir}:/in', '/proc:/p', './rel:/r'], network: 'host', user: '{inputs.user}' }),
      ),
    ).toEqual([
      'the host network is not allowed (use "none", the default, or "bridge")',
      'volume "/proc:/p" mounts the sensitive host path /proc',
    ]);
  });
});
