// Which runs fit a warm container, their pool keys, and the start script that execs the command as PID 1.
import { describe, expect, it } from 'vitest';
import { containerCreateOptions } from '../docker-container-config.js';
import { type DockerSpec, startMessage, warmMounts, warmPlan } from './warm-launch.js';

const base: DockerSpec = {
  image: 'python:3.11-slim',
  command: ['python3', '/tmp/skill/main.py'],
  files: [{ path: '/tmp/skill/main.py', content: 'print(1)' }],
  env: { SKILL_STEP_ID: 'a' },
  workdir: '/tmp',
  metadata: true,
  labels: { 'skill.step_id': 'a' },
  signal: new AbortController().signal,
  outputLimitBytes: 1024,
};

describe('warmPlan', () => {
  it('gives runs that differ only in code, env, stdin and labels the same key', () => {
    const other = { ...base, env: { SKILL_STEP_ID: 'b', X: '1' }, stdin: 'in', labels: { 'skill.step_id': 'b' } };
    const files = [{ path: '/tmp/skill/main.py', content: 'print(2)' }];
    expect(warmPlan({ ...other, files })?.key).toBe(warmPlan(base)?.key);
  });

  it('gives a different key to anything in the create options: image, limits, network, user, level, workdir, folders', () => {
    const key = warmPlan(base)?.key;
    const variants: Array<Partial<DockerSpec>> = [
      { image: 'python:3.12-slim' },
      { limits: { memoryBytes: 64 * 1024 * 1024 } },
      { network: 'bridge' },
      { user: '1000:1000' },
      { workdir: '/tmp/skill' },
      { boundary: { level: 'community', allowedNetworks: [], allowedHttpTargets: [] } },
      { files: [{ path: '/tmp/other/main.py', content: '' }] },
    ];
    for (const variant of variants) expect(warmPlan({ ...base, ...variant })?.key).not.toBe(key);
  });

  it('leaves to the cold path what a warm container cannot run alike', () => {
    expect(warmPlan({ ...base, volumes: [{ host: '/srv/x', container: '/x', readOnly: true }] })).toBeUndefined();
    expect(warmPlan({ ...base, pull: 'always' })).toBeUndefined();
    expect(warmPlan({ ...base, files: [{ path: '/app/main.py', content: '' }] })).toBeUndefined();
    expect(warmPlan({ ...base, env: { 'NOT-A-NAME': '1' } })).toBeUndefined();
    expect(warmPlan({ ...base, command: [] })).toBeUndefined();
  });

  it('builds the warm container with the same secure options as the cold one (containerCreateOptions)', () => {
    const plan = warmPlan({ ...base, boundary: { level: 'community', allowedNetworks: [], allowedHttpTargets: [] } });
    if (plan === undefined) throw new Error('no plan');
    const options = containerCreateOptions(plan.template, warmMounts(plan.targets, ['/h/dir0'], '/h/meta'));
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Privileged: false,
    });
    expect(options.User).toBe('65534:65534');
    expect(options.Labels).toMatchObject({ 'skill.workflow': '1', 'skill.warm_pool': '1' });
    expect(options.HostConfig?.Mounts?.map((m) => [m.Target, m.ReadOnly ?? false])).toEqual([
      ['/tmp', false],
      ['/tmp/skill', true],
      ['/tmp/.skill-metadata', false],
    ]);
  });
});

describe('startMessage', () => {
  it('counts the script lines, exports the env as single-quoted words and execs the entrypoint and command', () => {
    const message = startMessage({ ...base, env: { A: "it's $HOME `x`\nline" } }, ['/entry.sh']);
    expect(message).toBe(
      `4\nexport A='it'\\''s $HOME \`x\`\nline'\nexport SKILL_METADATA='/tmp/.skill-metadata'\nexec '/entry.sh' 'python3' '/tmp/skill/main.py'\n`,
    );
  });

  it("uses the step's entrypoint instead of the image's, and sets SKILL_METADATA only when asked", () => {
    const message = startMessage({ ...base, env: {}, metadata: false, entrypoint: ['/bin/env'] }, ['/entry.sh']);
    expect(message).toBe(`1\nexec '/bin/env' 'python3' '/tmp/skill/main.py'\n`);
  });
});
