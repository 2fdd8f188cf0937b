// Test support for the Docker suites: run specs of the small local test image labelled with a step id, and what
// the daemon holds or logged for a step id.
import type Docker from 'dockerode';
import { SandboxLabel } from '../src/docker-container-config.js';
import type { SandboxRunSpec } from '../src/sandbox.js';

/** The small local image `scripts/build-test-images.sh` builds. */
export const TINY_IMAGE = 'skill-test/tiny:1';

let stepCounter = 0;

/** A step id no other test of this process uses: `<prefix>-<pid>-<n>`. */
export function freshStepId(prefix: string): string {
  stepCounter += 1;
  return `${prefix}-${process.pid}-${stepCounter}`;
}

/** A spec running `command` in the tiny image with a 1 MiB output limit, labelled with `stepId`; `extra` wins. */
export function runSpec(stepId: string, command: string[], extra: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return {
    image: TINY_IMAGE,
    command,
    signal: new AbortController().signal,
    outputLimitBytes: 1024 * 1024,
    labels: { [SandboxLabel.StepId]: stepId },
    ...extra,
  };
}

/** How many containers carry the label of `stepId` (in any state, or only in `state`). */
export async function leftoverContainers(docker: Docker, stepId: string, state?: 'running'): Promise<number> {
  const filters: Record<string, string[]> = { label: [`${SandboxLabel.StepId}=${stepId}`] };
  if (state) filters.status = [state];
  const list = await docker.listContainers({ all: true, filters });
  return list.length;
}

/** How many daemon events of `kind` (`create`, `start`) the containers of `stepId` had since `since` (seconds). */
export async function containerEventsSince(
  docker: Docker,
  kind: string,
  stepId: string,
  since: number,
): Promise<number> {
  const stream = await docker.getEvents({
    since,
    until: Math.ceil(Date.now() / 1000),
    filters: { type: ['container'], event: [kind], label: [`${SandboxLabel.StepId}=${stepId}`] },
  });
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString();
  return text.split('\n').filter((line) => line.trim() !== '').length;
}
