// The attempt's trace context reaches containers as TRACEPARENT: inline_code in its default image and
// docker_container steps (local images only), replacing a value the step sets.
import { DockerSandbox } from '@skill/sandbox';
import { dockerStep, executorContext, inlineCodeStep, serviceReady, useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { createDockerExecutor } from './docker/docker-executor.js';
import { createInlineCodeExecutor } from './inline/inline-code-executor.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const SPOOFED = '00-11111111111111111111111111111111-2222222222222222-01';
const docker = new DockerSandbox({ stopGraceMs: 300 });
const dockerReady = await serviceReady('docker', () => docker.ping());
const baseDir = useTempDir('trace-context-docker-');
const context = () =>
  executorContext({
    execution_id: `exec-trace-${process.pid}`,
    base_dir: baseDir(),
    step_id: 'traced',
    traceparent: TRACEPARENT,
  });

describe.skipIf(!dockerReady)('trace context handed to containers', () => {
  it('sets TRACEPARENT in inline_code containers', async () => {
    const executor = createInlineCodeExecutor({ docker });
    const step = inlineCodeStep({
      language: 'python',
      code: 'import os\nprint(os.environ["TRACEPARENT"])',
      environment: { TRACEPARENT: SPOOFED },
    });
    expect((await executor.run(step, context())).output).toBe(TRACEPARENT);
  });

  it('sets TRACEPARENT in docker_container steps', async () => {
    const executor = createDockerExecutor({ sandbox: docker });
    const step = dockerStep({
      image: 'skill-test/tiny:1',
      command: ['sh', '-c', 'printf "%s" "$TRACEPARENT"'],
      environment: { TRACEPARENT: SPOOFED },
    });
    expect((await executor.run(step, context())).output).toBe(TRACEPARENT);
  });
});
