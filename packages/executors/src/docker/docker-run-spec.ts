// Maps a resolved docker_container step (DockerSpec + step limits) onto a SandboxRunSpec: command, entrypoint, volumes, limits.
import { isAbsolute, resolve } from 'node:path';
import { SandboxLabel, type SandboxRunSpec, type SandboxVolume } from '@skill/sandbox';
import {
  type DockerContainerStep,
  ErrorCode,
  type ExecutorContext,
  stepIdentityEnv,
  WorkflowError,
} from '@skill/workflow-model';

function invalid(message: string): WorkflowError {
  return new WorkflowError(ErrorCode.InvalidValue, message, { retryable: false });
}

/**
 * Splits a string like a shell splits words (whitespace, '…', "…", backslash escapes), without
 * running a shell: `python -u "my script.py"` -> ['python', '-u', 'my script.py'].
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (ch === '\\' && i + 1 < text.length && (quote === undefined || /["\\$`]/.test(text[i + 1] as string))) {
      word = (word ?? '') + text[++i];
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== undefined) throw invalid(`unterminated ${quote} quote in "${text}"`);
  if (word !== undefined) words.push(word);
  return words;
}

/** `command`: a string is Docker's shell form (`/bin/sh -c`), an array is argv; absent = the image's CMD. */
export function containerCommand(command: string[] | string | undefined): string[] {
  if (command === undefined) return [];
  return typeof command === 'string' ? ['/bin/sh', '-c', command] : command.map(String);
}

/** `entrypoint`: an array as is, a string split into words (like Compose), absent = the image's ENTRYPOINT. */
export function containerEntrypoint(entrypoint: string[] | string | undefined): string[] | undefined {
  if (entrypoint === undefined) return undefined;
  return typeof entrypoint === 'string' ? splitWords(entrypoint) : entrypoint.map(String);
}

/** `"host:container[:ro|rw]"`, the host path resolved against `baseDir` when relative. */
export function parseVolume(volume: string, baseDir: string): SandboxVolume {
  const parts = volume.split(':');
  const [host, container, options] = parts;
  if (parts.length < 2 || parts.length > 3 || !host || !container) {
    throw invalid(`volume "${volume}" must be "host_path:container_path" with an optional ":ro" or ":rw"`);
  }
  const flags = options === undefined || options === '' ? [] : options.split(',');
  const unknown = flags.filter((flag) => flag !== 'ro' && flag !== 'rw');
  if (unknown.length > 0) throw invalid(`volume "${volume}": unknown option ${unknown.join(', ')} (use ro or rw)`);
  if (!container.startsWith('/')) throw invalid(`volume "${volume}": the container path must be absolute`);
  return {
    host: isAbsolute(host) ? host : resolve(baseDir, host),
    container,
    readOnly: flags.includes('ro'),
  };
}

/** The sandbox run of one attempt: the step's docker settings with step-level limits as fallback. */
export function dockerRunSpec(step: DockerContainerStep, ctx: ExecutorContext): SandboxRunSpec {
  const docker = step.docker;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(docker.environment ?? {})) env[key] = String(value);
  Object.assign(env, stepIdentityEnv(ctx));
  const memoryBytes = docker.memory_limit_bytes ?? step.memory_limit_bytes;
  const cpus = docker.cpu_limit ?? step.cpu_limit;
  return {
    image: docker.image,
    command: containerCommand(docker.command),
    entrypoint: containerEntrypoint(docker.entrypoint),
    env,
    workdir: docker.working_dir,
    volumes: (docker.volumes ?? []).map((volume) => parseVolume(volume, ctx.base_dir)),
    network: docker.network,
    user: docker.user,
    limits: { memoryBytes, cpus },
    pull: docker.pull,
    labels: { [SandboxLabel.ExecutionId]: ctx.execution_id, [SandboxLabel.StepId]: ctx.step_id },
    signal: ctx.signal,
    timeoutMs: step.timeout_ms,
    outputLimitBytes: ctx.output_limit_bytes,
    onOutput: (line, stream) => ctx.log(line, stream),
    metadata: true,
    boundary: ctx.boundary,
  };
}
