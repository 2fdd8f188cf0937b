// Step definitions for executor tests: a command, an http, an inline_code and a docker_container step with test defaults.
import type {
  CommandStep,
  DockerContainerStep,
  DockerSpec,
  HttpRequestSpec,
  HttpStep,
  InlineCodeSpec,
  InlineCodeStep,
} from '@skill/workflow-model';
import { defaultStepFields } from './step-fields.js';

/**
 * A command step `cmd` with no env; `extra` wins.
 *
 * @example
 * await executor.run(commandStep('echo hi'), executorContext());
 */
export function commandStep(command: string | string[], extra: Partial<CommandStep> = {}): CommandStep {
  return { id: 'cmd', step_type: 'command', command, env: {}, ...defaultStepFields(), ...extra };
}

/**
 * An http step `call` that GETs `http.url` unless `http` says otherwise; `extra` wins.
 *
 * @example
 * await executor.run(httpStep({ url: `${server().url}/json` }), executorContext());
 */
export function httpStep(http: Partial<HttpRequestSpec> & { url: string }, extra: Partial<HttpStep> = {}): HttpStep {
  return { id: 'call', step_type: 'http', http: { method: 'GET', ...http }, ...defaultStepFields(), ...extra };
}

/**
 * An inline_code step `code` in python with no environment, run in a container unless `spec` says
 * `unsafe_native: true`; `extra` wins.
 *
 * @example
 * inlineCodeStep({ language: 'bash', code: 'echo hi', unsafe_native: true })
 */
export function inlineCodeStep(spec: Partial<InlineCodeSpec>, extra: Partial<InlineCodeStep> = {}): InlineCodeStep {
  return {
    id: 'code',
    step_type: 'inline_code',
    ...defaultStepFields(),
    inline_code: { language: 'python', environment: {}, unsafe_native: false, ...spec },
    ...extra,
  };
}

/**
 * A docker_container step `dock` with image `alpine:latest`, no volumes and no environment; `extra` wins.
 *
 * @example
 * dockerStep({ image: 'skill-test/tiny:1', command: ['true'] }, { id: 'transcode' })
 */
export function dockerStep(docker: Partial<DockerSpec>, extra: Partial<DockerContainerStep> = {}): DockerContainerStep {
  return {
    id: 'dock',
    step_type: 'docker_container',
    ...defaultStepFields(),
    docker: { image: 'alpine:latest', volumes: [], environment: {}, ...docker },
    ...extra,
  };
}
