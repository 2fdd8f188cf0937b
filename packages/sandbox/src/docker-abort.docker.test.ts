// A timeout or cancel that arrives while the container is being created: the container never starts and is removed.
import { chmod, readdir } from 'node:fs/promises';
import { serviceReady, useTempDir } from '@skill/test-kit';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerEventsSince, freshStepId, leftoverContainers, runSpec } from '../test/docker-run-spec.js';
import { DockerSandbox } from './docker-sandbox.js';
import type { SandboxRunSpec } from './sandbox.js';

const dockerReady = await serviceReady('docker', () => new DockerSandbox().ping());

const out = useTempDir('skill-abort-');

beforeAll(async () => {
  await chmod(out(), 0o777); // the container runs as nobody
});

/** A spec whose command leaves a file in the mounted folder if it ever runs, labelled with a fresh step id. */
function spec(extra: Partial<SandboxRunSpec>): SandboxRunSpec & { stepId: string } {
  const stepId = freshStepId('abort');
  const volumes = [{ host: out(), container: '/out', readOnly: false }];
  return { ...runSpec(stepId, ['sh', '-c', `touch /out/${stepId}`], { volumes, ...extra }), stepId };
}

/** Proves the container was created, never started, never ran its command, and is gone. */
async function expectCreatedNeverStarted(docker: Docker, stepId: string, since: number): Promise<void> {
  expect(await containerEventsSince(docker, 'create', stepId, since)).toBe(1);
  expect(await containerEventsSince(docker, 'start', stepId, since)).toBe(0);
  expect(await readdir(out())).not.toContain(stepId);
  expect(await leftoverContainers(docker, stepId)).toBe(0);
}

/** A Docker client that hands each container it creates to `created` before the sandbox gets it. */
function dockerWith(created: (container: Docker.Container) => void): Docker {
  const docker = new Docker();
  const create = docker.createContainer.bind(docker);
  docker.createContainer = (async (options: Docker.ContainerCreateOptions) => {
    const container = await create(options);
    created(container);
    return container;
  }) as typeof docker.createContainer;
  return docker;
}

describe.skipIf(!dockerReady)('an abort while the container is being created', () => {
  it('a timeout that runs out during the create: timed out, never started, removed', async () => {
    const docker = new Docker();
    const since = Math.floor(Date.now() / 1000) - 1;
    const run = spec({ timeoutMs: 1 });
    const result = await new DockerSandbox({ docker }).run(run);
    expect(result).toMatchObject({ timedOut: true, cancelled: false, exitCode: -1, stdout: '', stderr: '' });
    await expectCreatedNeverStarted(docker, run.stepId, since);
  });

  it('a cancel that arrives as the create returns: cancelled, never started, removed', async () => {
    const controller = new AbortController();
    const docker = dockerWith(() => controller.abort(new Error('user cancelled')));
    const since = Math.floor(Date.now() / 1000) - 1;
    const run = spec({ signal: controller.signal });
    const result = await new DockerSandbox({ docker }).run(run);
    expect(result).toMatchObject({ cancelled: true, timedOut: false, exitCode: -1 });
    await expectCreatedNeverStarted(docker, run.stepId, since);
  });

  it('a cancel that races the start call: SIGKILL as the start returns, without a grace period to work in', async () => {
    const controller = new AbortController();
    const docker = dockerWith((container) => {
      const start = container.start.bind(container);
      container.start = (async () => {
        const started = start();
        controller.abort(new Error('user cancelled')); // while the daemon starts it
        return started;
      }) as typeof container.start;
    });
    const run = { ...spec({ signal: controller.signal }) };
    run.command = ['sh', '-c', `sleep 1; touch /out/${run.stepId}`]; // sh as PID 1 ignores SIGTERM
    const result = await new DockerSandbox({ docker, stopGraceMs: 5000 }).run(run);
    // Killed (137) rather than finished (0): had it waited out the 5 s grace, the command would have ended first.
    expect(result).toMatchObject({ cancelled: true, exitCode: 137 });
    // The run returns once the container has exited and is removed, so nothing can write the file later.
    expect(await leftoverContainers(docker, run.stepId)).toBe(0);
    expect(await readdir(out())).not.toContain(run.stepId);
  });

  it('the same sandbox still runs the command when nothing aborts (the check sees a run)', async () => {
    const docker = new Docker();
    const since = Math.floor(Date.now() / 1000) - 1;
    const run = spec({});
    expect(await new DockerSandbox({ docker }).run(run)).toMatchObject({ exitCode: 0, cancelled: false });
    expect(await containerEventsSince(docker, 'start', run.stepId, since)).toBe(1);
    expect(await readdir(out())).toContain(run.stepId);
  });
});
