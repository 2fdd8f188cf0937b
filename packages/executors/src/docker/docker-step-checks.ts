// Static checks of a docker_container step (no Docker client needed): the image and the Docker policy.
import { type DockerContainerStep, dockerPolicyViolations } from '@skill/workflow-model';

/** Static checks on literal values: the image and the Docker policy (templated values are checked again at run time). */
export function dockerStepProblems(step: DockerContainerStep): string[] {
  const docker = step.docker;
  const problems: string[] = [];
  if (typeof docker?.image !== 'string' || docker.image.trim() === '') problems.push('docker.image is required');
  if (!docker) return problems;
  const violations = dockerPolicyViolations({
    network: docker.network,
    user: docker.user,
    volumes: docker.volumes,
    privileged: docker.privileged,
    capAdd: docker.cap_add,
    devices: docker.devices,
  });
  return [...problems, ...violations.map((violation) => violation.message)];
}
