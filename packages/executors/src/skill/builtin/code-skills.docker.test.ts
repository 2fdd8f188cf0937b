// The built-in code skills in real containers with the default sandboxes: the guide's hello-workflow step and friends.

import { DockerSandbox } from '@skill/sandbox';
import { defaultStepFields, executorContext, serviceReady } from '@skill/test-kit';
import type { ExecutorContext, SkillStep } from '@skill/workflow-model';
import { TRUSTED_BOUNDARY } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { createSkillExecutor } from '../skill-executor.js';
import { builtinSkills } from './builtin-skills.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const skills = builtinSkills(); // default, lazily created sandboxes
const executor = createSkillExecutor({
  get: (name) => skills.find((skill) => skill.name === name),
  names: () => skills.map((skill) => skill.name),
});

function step(skill: string, args: Record<string, unknown>): SkillStep {
  return {
    id: 'greet',
    step_type: 'skill',
    skill,
    tool: 'execute',
    args,
    ...defaultStepFields(),
  };
}

function context(): ExecutorContext {
  return executorContext({
    execution_id: 'exec-skill-docker',
    workflow_name: 'hello-workflow',
    step_id: 'greet',
    boundary: { ...TRUSTED_BOUNDARY, level: 'user-provided' },
  });
}

describe.skipIf(!dockerReady)('built-in code skills in Docker', () => {
  it('runs the hello-workflow step: python execute prints "Hello, Workflow!"', async () => {
    const hello = step('python', { script: "print('Hello, Workflow!')" });
    expect(executor.validate?.(hello)).toEqual([]);
    const result = await executor.run(hello, context());
    expect(result.output).toBe('Hello, Workflow!');
    expect(result.metadata).toEqual({ exit_code: 0, language: 'python', image: 'python:3.11-slim' });
  });

  it('runs node, ruby and bash execute with stdin and env, as nobody', async () => {
    const node = await executor.run(
      step('node', { code: 'console.log(JSON.stringify({ uid: process.getuid(), v: process.env.V }))', env: { V: 1 } }),
      context(),
    );
    expect(node.output).toEqual({ uid: 65534, v: '1' });
    const ruby = await executor.run(step('ruby', { code: 'puts STDIN.read.reverse', stdin: 'abc' }), context());
    expect(ruby.output).toBe('cba');
    const bash = await executor.run(step('bash', { script: 'read -r x; echo "$((x * 2))"', stdin: 21 }), context());
    expect(bash.output).toBe(42);
  });

  it("applies the step's memory_limit and cpu_limit to the container", async () => {
    const read = (v2: string, v1: string) => `cat /sys/fs/cgroup/${v2} 2>/dev/null || cat /sys/fs/cgroup/${v1}`;
    const script = `${read('memory.max', 'memory/memory.limit_in_bytes')}; ${read('cpu.max', 'cpu/cpu.cfs_quota_us')}`;
    const limited: SkillStep = { ...step('bash', { script }), memory_limit_bytes: 64 * 1024 * 1024, cpu_limit: 0.5 };
    const [memory, cpu] = String((await executor.run(limited, context())).output).split('\n');
    expect(memory).toBe('67108864');
    expect(cpu?.split(' ')[0]).toBe('50000');
  });
});
