// The `docker_container` step executor: policy re-check, one sandboxed container per attempt, output captured like a command's.
import { checkDockerPolicy, defaultDockerSandbox, dockerPolicyError, type Sandbox } from '@skill/sandbox';
import type { DockerContainerStep, ExecutorContext, StepExecutor, StepResult } from '@skill/workflow-model';
import { parseMetadataText, withEngineKeys } from '../output/metadata-file.js';
import { parseProcessOutput, stripFinalNewline } from '../output/parse-output.js';
import { containerFailure } from './docker-errors.js';
import { dockerRunSpec } from './docker-run-spec.js';
import { dockerStepProblems } from './docker-step-checks.js';

/** Options of {@link createDockerExecutor}. */
export interface DockerExecutorOptions {
  /** Where containers run; default the process-wide `defaultDockerSandbox()` (DOCKER_HOST or the local socket). */
  sandbox?: Sandbox;
}

function policyCheck(step: DockerContainerStep, spec: ReturnType<typeof dockerRunSpec>): void {
  const problems = checkDockerPolicy({
    network: spec.network,
    user: spec.user,
    volumes: spec.volumes,
    privileged: step.docker.privileged,
    capAdd: step.docker.cap_add,
    devices: step.docker.devices,
    limits: spec.limits,
    boundary: spec.boundary,
  });
  if (problems.length > 0) throw dockerPolicyError(problems);
}

async function runContainer(step: DockerContainerStep, ctx: ExecutorContext, sandbox: Sandbox): Promise<StepResult> {
  const spec = dockerRunSpec(step, ctx);
  policyCheck(step, spec);
  const result = await sandbox.run(spec);
  const stepMetadata = result.metadataText === undefined ? {} : parseMetadataText(result.metadataText);
  const stderr = stripFinalNewline(result.stderr);
  const truncated = result.stdoutTruncated || result.stderrTruncated;
  const metadata = withEngineKeys(stepMetadata, {
    exit_code: result.exitCode,
    stderr: stderr === '' ? undefined : stderr,
    image: result.image ?? spec.image,
    truncated: truncated || undefined,
    stdout_truncated: result.stdoutTruncated || undefined,
    stderr_truncated: result.stderrTruncated || undefined,
    oom_killed: result.oomKilled || undefined,
  });
  const output = parseProcessOutput(result.stdout);
  const failure = await containerFailure({
    result,
    stderr,
    metadata,
    output,
    memoryBytes: spec.limits?.memoryBytes,
    timeoutMs: spec.timeoutMs,
    volumes: spec.volumes ?? [],
    user: spec.user,
    viaShell: typeof step.docker.command === 'string',
    abortReason: ctx.signal.reason,
  });
  if (failure) throw failure;
  return { output, metadata };
}

/**
 * Creates the `docker_container` executor. Each attempt runs one fresh container (network none,
 * user 65534:65534 unless set, all capabilities dropped, pids limit) that is always removed; a
 * string `command` runs through `/bin/sh -c`, an array as argv after the image's entrypoint.
 * The default sandbox's first run also removes containers left behind by engines that died.
 */
export function createDockerExecutor(options: DockerExecutorOptions = {}): StepExecutor<DockerContainerStep> {
  return {
    type: 'docker_container',
    validate: dockerStepProblems,
    run: (step, ctx) => runContainer(step, ctx, options.sandbox ?? defaultDockerSandbox()),
  };
}
