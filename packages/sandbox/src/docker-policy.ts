// The run-time Docker policy: model's shared rules (dockerPolicyViolations) on resolved settings, refusals as one WorkflowError.
import { dockerPolicyViolations, type WorkflowError } from '@skill/workflow-model';
import type { SandboxRunSpec } from './sandbox.js';
import { configurationError, SandboxErrorCode } from './sandbox-errors.js';

/** What {@link checkDockerPolicy} looks at. */
export type DockerPolicyInput = Pick<SandboxRunSpec, 'network' | 'volumes' | 'user' | 'limits' | 'boundary'> & {
  privileged?: boolean;
  capAdd?: string[];
  devices?: string[];
};

/**
 * Checks resolved container settings against the Docker policy (the same rules validation applies,
 * plus absolute host paths and templated values now that they are resolved, and the rules of
 * `spec.boundary`'s level) and returns one readable problem per violation; empty when allowed.
 */
export function checkDockerPolicy(spec: DockerPolicyInput): string[] {
  const settings = { ...spec, memoryBytes: spec.limits?.memoryBytes, cpus: spec.limits?.cpus };
  return dockerPolicyViolations(settings, { resolved: true, boundary: spec.boundary }).map(
    (violation) => violation.message,
  );
}

/** The POLICY_VIOLATION error (not retryable) for `problems`, listing them all in its message and details. */
export function dockerPolicyError(problems: readonly string[]): WorkflowError {
  return configurationError(SandboxErrorCode.PolicyViolation, `Docker policy: ${problems.join('; ')}`, {
    problems: [...problems],
  });
}
