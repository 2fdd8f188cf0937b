// Trust levels: where a workflow comes from sets its level, its `trust` key can only lower it, and each level's limits.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import { executionTrust } from './trust-check.js';

const engines = useEngines('skill-trust-');

const workflow = (name: string, trust: string | undefined, step: string) =>
  `version = "1"\nname = "${name}"\n${trust ? `trust = "${trust}"\n` : ''}\n[[steps]]\n${step}\n`;
const COMMAND = 'id = "build"\ncommand = "echo built"';
const SECRET =
  'id = "call"\nstep_type = "http"\n[steps.http]\nurl = "https://example.com/"\nheaders = { Authorization = "{secrets.TOKEN}" }';

describe('trust levels', () => {
  it('a trust key lowers the level and never raises it', () => {
    expect(executionTrust(true, {}, 'user-provided')).toBe('trusted');
    expect(executionTrust(true, { trust: 'community' }, 'user-provided')).toBe('community');
    expect(executionTrust(false, {}, 'community')).toBe('community');
    expect(executionTrust(false, { trust: 'trusted' }, 'user-provided')).toBe('user-provided');
    expect(executionTrust(false, { trust: 'user-provided' }, 'community')).toBe('user-provided');
  });

  it('validate reports, located at the step, what a workflow that lowers itself may no longer do', async () => {
    const { engine } = await engines.project({
      '.workflows/lowered.toml': workflow('lowered', 'community', COMMAND),
      '.workflows/plain.toml': workflow('plain', undefined, COMMAND),
    });
    const lowered = await engine.validate('lowered');
    expect(lowered).toMatchObject({ ok: false, trust: 'community' });
    expect(lowered.diagnostics).toEqual([
      expect.objectContaining({
        code: 'UNTRUSTED_STEP',
        file: path.join('.workflows', 'lowered.toml'),
        line: 5,
        column: 1,
        step_id: 'build',
        message: 'command is not allowed at trust level community (see docs/security.md)',
      }),
    ]);
    await expect(engine.run('lowered')).rejects.toMatchObject({ code: 'UNTRUSTED_STEP' });
    expect(await engine.validate('plain')).toMatchObject({ ok: true, trust: 'trusted' });
    const listed = (await engine.listWorkflows()).map((w) => [w.name, w.trust, w.valid]);
    expect(listed).toEqual([
      ['lowered', 'community', false],
      ['plain', 'trusted', true],
    ]);
  });

  it('an API-created workflow that claims trust = "trusted" stays at the API level', async () => {
    const { engine } = await engines.project({}, { apiTrust: 'community' });
    const report = await engine.saveWorkflow(workflow('claims', 'trusted', COMMAND));
    expect(report).toMatchObject({ ok: false, trust: 'community' });
    expect(report.diagnostics.map((d) => d.code)).toEqual(['UNTRUSTED_STEP']);
  });

  it('below trusted, only the secrets the server grants by name may be read', async () => {
    const { dir } = await engines.project({ '.workflows/lowered.toml': workflow('lowered', 'user-provided', SECRET) });
    const refused = await createEngine({ cwd: dir }).validate('lowered');
    expect(refused.diagnostics).toEqual([
      expect.objectContaining({
        code: 'UNTRUSTED_STEP',
        message:
          '{secrets.TOKEN}: a secret not granted to it is not allowed at trust level user-provided (see docs/security.md)',
      }),
    ]);
    const granted = await createEngine({ cwd: dir, untrustedSecrets: ['TOKEN'] }).validate('lowered');
    expect(granted).toMatchObject({ ok: true, trust: 'user-provided' });
  });
});

describe('container rules of a level at validation', () => {
  const DOCKER = (extra: string) =>
    `id = "box"\nstep_type = "docker_container"\n[steps.docker]\nimage = "alpine:latest"\n${extra}`;

  it('a user-provided workflow may not mount the project, run as root or join a network not granted', async () => {
    const { dir, engine } = await engines.project({
      '.workflows/boxed.toml': workflow(
        'boxed',
        'user-provided',
        DOCKER('volumes = ["../..:/proj"]\nuser = "0"\nnetwork = "bridge"'),
      ),
      '.workflows/own.toml': workflow('own', undefined, DOCKER('user = "0"\nnetwork = "bridge"')),
    });
    const boxed = await engine.validate('boxed');
    expect(boxed.ok).toBe(false);
    const fields = boxed.diagnostics.map((d) => [d.code, d.message.split(':')[0]]);
    expect(fields).toEqual([
      ['POLICY_VIOLATION', 'steps[0].docker.volumes[0]'],
      ['POLICY_VIOLATION', 'steps[0].docker.user'],
      ['POLICY_VIOLATION', 'steps[0].docker.network'],
    ]);
    expect(await engine.validate('own')).toMatchObject({ ok: true, trust: 'trusted' });
    const granted = createEngine({ cwd: dir, allowedNetworks: ['bridge'] });
    const again = await granted.validate('boxed');
    expect(again.diagnostics.map((d) => d.message.split(':')[0])).not.toContain('steps[0].docker.network');
  });
});
