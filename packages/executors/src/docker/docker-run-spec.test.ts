import { dockerStep, executorContext } from '@skill/test-kit';
import type { DockerContainerStep, DockerSpec, ExecutorContext } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { containerCommand, containerEntrypoint, dockerRunSpec, parseVolume, splitWords } from './docker-run-spec.js';

const ctx: ExecutorContext = executorContext({
  execution_id: 'exec-1',
  step_id: 'transcode',
  attempt: 2,
  base_dir: '/home/me/flows',
  output_limit_bytes: 4096,
});

/** The ffmpeg transcode step the tests vary. */
function step(docker: Partial<DockerSpec>, extra: Partial<DockerContainerStep> = {}): DockerContainerStep {
  return dockerStep({ image: 'jrottenberg/ffmpeg:5-alpine', ...docker }, { id: 'transcode', ...extra });
}

describe('command and entrypoint', () => {
  it('runs a string command through /bin/sh -c and keeps arrays as argv', () => {
    expect(containerCommand('echo "a b" | wc -c')).toEqual(['/bin/sh', '-c', 'echo "a b" | wc -c']);
    expect(containerCommand(['-i', '/input/v.mp4'])).toEqual(['-i', '/input/v.mp4']);
    expect(containerCommand(undefined)).toEqual([]);
  });

  it('splits a string entrypoint into words like a shell, without running one', () => {
    expect(containerEntrypoint('python -u "my script.py"')).toEqual(['python', '-u', 'my script.py']);
    expect(containerEntrypoint(['ffmpeg'])).toEqual(['ffmpeg']);
    expect(containerEntrypoint(undefined)).toBeUndefined();
    expect(splitWords(` a\\ b 'c "d' "e \\"f\\" \\n" '' $x `)).toEqual(['a b', 'c "d', 'e "f" \\n', '', '$x']);
    expect(() => splitWords('echo "open')).toThrow('unterminated " quote');
  });
});

describe('parseVolume', () => {
  it('resolves relative host paths against the workflow folder', () => {
    expect(parseVolume('./input:/input', '/home/me/flows')).toEqual({
      host: '/home/me/flows/input',
      container: '/input',
      readOnly: false,
    });
    expect(parseVolume('../data:/data:ro', '/home/me/flows')).toEqual({
      host: '/home/me/data',
      container: '/data',
      readOnly: true,
    });
    expect(parseVolume('/srv/out:/out:rw', '/x')).toEqual({ host: '/srv/out', container: '/out', readOnly: false });
  });

  it('refuses malformed volumes with INVALID_VALUE', () => {
    for (const [volume, message] of [
      ['/only-one', 'must be "host_path:container_path"'],
      ['a:b:c:d', 'must be "host_path:container_path"'],
      ['./in:relative', 'container path must be absolute'],
      ['./in:/in:z', 'unknown option z'],
    ]) {
      expect(() => parseVolume(volume as string, '/x')).toThrow(message as string);
    }
  });
});

describe('dockerRunSpec', () => {
  it('maps every DockerSpec field, with step-level limits as fallback', () => {
    const spec = dockerRunSpec(
      step(
        {
          command: ['-i', '/input/video.mp4'],
          entrypoint: 'ffmpeg -y',
          volumes: ['./input:/input', './output:/output'],
          environment: { QUALITY: 'high', SKILL_STEP_ID: 'spoofed' },
          working_dir: '/workspace',
          network: 'bridge',
          user: '1000:1000',
          pull: 'never',
          cpu_limit: 1.5,
        },
        { memory_limit_bytes: 512 * 1024 * 1024, cpu_limit: 4, timeout_ms: 600_000 },
      ),
      ctx,
    );
    expect(spec).toMatchObject({
      image: 'jrottenberg/ffmpeg:5-alpine',
      command: ['-i', '/input/video.mp4'],
      entrypoint: ['ffmpeg', '-y'],
      env: { QUALITY: 'high', SKILL_EXECUTION_ID: 'exec-1', SKILL_STEP_ID: 'transcode', SKILL_ATTEMPT: '2' },
      workdir: '/workspace',
      volumes: [
        { host: '/home/me/flows/input', container: '/input', readOnly: false },
        { host: '/home/me/flows/output', container: '/output', readOnly: false },
      ],
      network: 'bridge',
      user: '1000:1000',
      pull: 'never',
      limits: { memoryBytes: 512 * 1024 * 1024, cpus: 1.5 },
      labels: { 'skill.execution_id': 'exec-1', 'skill.step_id': 'transcode' },
      timeoutMs: 600_000,
      outputLimitBytes: 4096,
      metadata: true,
    });
  });

  it('leaves defaults to the sandbox (network none, nobody) when fields are absent', () => {
    const spec = dockerRunSpec(step({ memory_limit_bytes: 64 * 1024 * 1024 }, { memory_limit_bytes: 1 }), ctx);
    expect(spec.network).toBeUndefined();
    expect(spec.user).toBeUndefined();
    expect(spec.entrypoint).toBeUndefined();
    expect(spec.command).toEqual([]);
    expect(spec.limits).toEqual({ memoryBytes: 64 * 1024 * 1024, cpus: undefined });
  });
});
