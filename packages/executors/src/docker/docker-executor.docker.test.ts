// docker_container steps on a real engine: output, metadata, failures (exit, OOM, volume permission), timeout, cancel, policy.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerSandbox, SandboxLabel } from '@skill/sandbox';
import { dockerStep, executorContext, serviceReady, useTempDir } from '@skill/test-kit';
import type { DockerContainerStep, DockerSpec, ExecutorContext } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { createDockerExecutor } from './docker-executor.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const sandbox = new DockerSandbox({ stopGraceMs: 300 });
const executor = createDockerExecutor({ sandbox });
const baseDir = useTempDir('docker-executor-test-');
let counter = 0;

/** A step on the local test image. */
function step(docker: Partial<DockerSpec>, extra: Partial<DockerContainerStep> = {}): DockerContainerStep {
  return dockerStep({ image: 'skill-test/tiny:1', ...docker }, extra);
}

function context(extra: Partial<ExecutorContext> = {}): ExecutorContext {
  counter += 1;
  return executorContext({
    execution_id: `exec-${process.pid}`,
    step_id: `dock-${process.pid}-${counter}`,
    base_dir: baseDir(),
    output_limit_bytes: 1024 * 1024,
    ...extra,
  });
}

describe.skipIf(!dockerReady)('docker_container executor', () => {
  it('prints "Hello, Workflow!" and parses JSON output, with engine metadata', async () => {
    const lines: string[] = [];
    const hello = await executor.run(
      step({ command: 'echo "Hello, $NAME!"', environment: { NAME: 'Workflow' } }),
      context({ log: (line) => lines.push(line) }),
    );
    expect(hello).toEqual({ output: 'Hello, Workflow!', metadata: { exit_code: 0, image: 'skill-test/tiny:1' } });
    expect(lines).toEqual(['Hello, Workflow!']);
    const json = await executor.run(step({ command: ['python3', '-c', 'print(\'{"rows": [1, 2]}\')'] }), context());
    expect(json.output).toEqual({ rows: [1, 2] });
  });

  it('merges SKILL_METADATA keys written in the container without letting engine keys overwrite them', async () => {
    const result = await executor.run(
      step({
        command: 'echo "rows=42" > "$SKILL_METADATA"; echo "exit_code=mine" >> "$SKILL_METADATA"; echo warn >&2',
      }),
      context(),
    );
    expect(result.metadata).toEqual({ rows: 42, exit_code: 'mine', stderr: 'warn', image: 'skill-test/tiny:1' });
  });

  it('fails a non-zero exit with COMMAND_FAILED, exit code, stderr and metadata', async () => {
    const error = await executor
      .run(step({ command: 'echo partial; echo "bad input" >&2; exit 3' }), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'COMMAND_FAILED',
      message: 'container exited with code 3: bad input',
      details: {
        exitCode: 3,
        output: 'partial',
        metadata: { exit_code: 3, stderr: 'bad input', image: 'skill-test/tiny:1' },
      },
    });
  });

  it('names the memory limit when the container is OOM-killed', async () => {
    const error = await executor
      .run(
        step({ command: ['python3', '-c', 'x = bytearray(1 << 30)'], memory_limit_bytes: 64 * 1024 * 1024 }),
        context(),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'OOM_KILLED',
      message: 'container was killed: out of memory (memory_limit 64 MiB)',
      details: { exitCode: 137 },
    });
  });

  it('mounts a volume given relative to the workflow folder (the guide CSV batch example)', async () => {
    await mkdir(join(baseDir(), 'data/input'), { recursive: true });
    await mkdir(join(baseDir(), 'data/output'), { recursive: true });
    await chmod(join(baseDir(), 'data/output'), 0o777);
    await writeFile(join(baseDir(), 'data/input/sales.csv'), 'region,amount\nnorth,10\nsouth,20\n');
    const code = [
      'import pandas as pd',
      'df = pd.read_csv(f"/data/input/sales.csv")',
      'df["processed"] = True',
      'df.to_csv(f"/data/output/sales.csv", index=False)',
      'print(len(df))',
    ].join('\n');
    const result = await executor.run(
      step({ image: 'python:3.11-slim', volumes: ['./data:/data'], command: ['python', '-c', code] }),
      context(),
    );
    expect(result.output).toBe(2);
    expect(await readFile(join(baseDir(), 'data/output/sales.csv'), 'utf8')).toBe(
      'region,amount,processed\nnorth,10,True\nsouth,20,True\n',
    );
  });

  it('explains a permission problem on a volume and suggests the user field', async () => {
    const locked = join(baseDir(), 'locked');
    await mkdir(locked, { mode: 0o755 });
    const error = await executor
      .run(step({ volumes: ['./locked:/out'], command: 'touch /out/result.txt' }), context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VOLUME_PERMISSION',
      message:
        `permission denied on volume ${locked} (mounted at /out) for container user 65534:65534: ` +
        `it belongs to 0:0 with mode 755; set user = "0:0" in the step or make it accessible to 65534:65534`,
      details: { exitCode: 1 },
    });
  });

  it('stops a step at its timeout and removes the container', async () => {
    const ctx = context();
    const error = await executor
      .run(step({ command: ['sleep', 'infinity'] }, { timeout_ms: 1000 }), ctx)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: 'timed out after 1s' });
    expect(await sandbox.listContainers({ [SandboxLabel.StepId]: ctx.step_id })).toEqual([]);
  });

  it('reports CANCELLED when the scheduler aborts', async () => {
    const controller = new AbortController();
    const cancelOnceStarted = (line: string) => line === 'started' && controller.abort(new Error('workflow cancelled'));
    const error = await executor
      .run(
        step({ command: 'echo started; exec sleep infinity' }),
        context({ signal: controller.signal, log: cancelOnceStarted }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELLED', message: 'container cancelled: workflow cancelled' });
  });

  it('refuses privileged, cap_add, devices, host network and sensitive volumes, leaving no container', async () => {
    const attacks: Array<[Partial<DockerContainerStep['docker']>, string]> = [
      [{ privileged: true }, 'privileged containers are not allowed'],
      [{ cap_add: ['SYS_ADMIN'] }, 'adding capabilities is not allowed (SYS_ADMIN)'],
      [{ devices: ['/dev/kvm'] }, 'mapping host devices is not allowed (/dev/kvm)'],
      [{ network: 'host' }, 'the host network is not allowed'],
      [{ volumes: ['../../../../../../../etc:/x'] }, 'mounts the sensitive host path /etc'],
      [{ volumes: ['/var/run/docker.sock:/var/run/docker.sock'] }, 'mounts the Docker socket'],
    ];
    const stepIds: string[] = [];
    for (const [spec, message] of attacks) {
      const ctx = context();
      stepIds.push(ctx.step_id);
      await expect(executor.run(step({ command: ['true'], ...spec }), ctx)).rejects.toMatchObject({
        code: 'POLICY_VIOLATION',
        message: expect.stringContaining(message),
        details: expect.objectContaining({ retryable: false }),
      });
    }
    for (const stepId of stepIds) expect(await sandbox.listContainers({ [SandboxLabel.StepId]: stepId })).toEqual([]);
    expect(executor.validate?.(step({ privileged: true, cap_add: ['NET_ADMIN'] }))).toEqual([
      'privileged containers are not allowed',
      'adding capabilities is not allowed (NET_ADMIN)',
    ]);
  });
});
