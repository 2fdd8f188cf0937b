// Secrets: resolved from SKILL_SECRET_* and a private file, passed through the environment, masked in all that is recorded.
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { workflowFixture } from '@skill/test-kit';
import { openSqliteStore } from '@skill/workflow-store';
import { afterEach, describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import { SecretMasker } from './secrets/secret-masker.js';
import { loadSecrets, parseSecretsFile } from './secrets/secret-source.js';

const SECRET = 'hunter2-s3cr3t-value';
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
});

const engines = useEngines('skill-secrets-');

/** A project folder, with `.skill/secrets.env` holding `text` with file mode `mode` when given. */
async function project(secretsFile?: { text: string; mode: number }): Promise<string> {
  const { dir } = await engines.project(secretsFile ? { '.skill/secrets.env': secretsFile.text } : {});
  if (secretsFile) await chmod(path.join(dir, '.skill', 'secrets.env'), secretsFile.mode);
  return dir;
}

const LEAKY = `
version = "1"
name = "leaky"
[[steps]]
id = "whole"
step_type = "command"
command = "printf 'token=%s\\\\n' {secrets.API_TOKEN}; echo {secrets.API_TOKEN} >&2"
[[steps]]
id = "split"
step_type = "command"
env = { T = "{secrets.API_TOKEN}" }
command = 'h=$(printf %s "$T" | cut -c1-7); t=$(printf %s "$T" | cut -c8-); printf "%s" "$h"; sleep 0.001; printf "%s\\n" "$t"'
[[steps]]
id = "encoded"
step_type = "command"
command = "printf %s {secrets.API_TOKEN} | base64"
[[steps]]
id = "python"
step_type = "inline_code"
[steps.inline_code]
language = "python"
unsafe_native = true
code = '''
import json
print(json.dumps({"token": {secrets.API_TOKEN}}))
'''
[[steps]]
id = "fails"
step_type = "command"
command = "echo failing with {secrets.API_TOKEN} >&2; exit 3"
`;

describe('secrets', () => {
  it('never appear in events, the store file, outputs, metadata or errors', async () => {
    const dir = await project({ text: `API_TOKEN=${SECRET}\n`, mode: 0o600 });
    const dbFile = path.join(dir, 'executions.db');
    const store = await openSqliteStore(dbFile);
    const engine = createEngine({ cwd: dir, store });
    const lines: string[] = [];
    const record = await engine.run(
      `${LEAKY}[config]\non_failure = "continue"\n`,
      {},
      {
        onEvent: (e) => lines.push(JSON.stringify(e)),
      },
    );
    expect(record.steps.whole?.output).toBe('token=***');
    expect(record.steps.whole?.metadata?.stderr).toBe('***');
    expect(record.steps.split?.output).toBe('***');
    expect(record.steps.encoded?.output).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 20));
    expect(record.steps.python?.output).toEqual({ token: '***' });
    expect(record.steps.fails?.error).toContain('***');
    const everything = [JSON.stringify(record), ...lines, JSON.stringify(await store.listEvents(record.id))].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(SECRET.slice(0, 12));
    await store.close?.();
    const bytes = await readFile(dbFile);
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    const wal = await readFile(`${dbFile}-wal`).catch(() => Buffer.alloc(0));
    expect(wal.includes(Buffer.from(SECRET))).toBe(false);
  });

  it('comes from SKILL_SECRET_<NAME>, and never reaches a command text or another secret', async () => {
    process.env.SKILL_SECRET_API_TOKEN = SECRET;
    process.env.SKILL_SECRET_OTHER = 'other-secret-value';
    const engine = createEngine({ cwd: await project() });
    const record = await engine.run(`
version = "1"
name = "env-secret"
[[steps]]
id = "show"
step_type = "command"
command = "printf '%s|%s|%s' {secrets.API_TOKEN} \\"\${SKILL_SECRET_OTHER:-none}\\" \\"$0\\""
`);
    expect(record.steps.show?.output).toBe('***|none|/bin/sh');
  });

  it('refuses a secrets file that group or others may read, before anything is recorded', async () => {
    const dir = await project({ text: 'A=b\n', mode: 0o644 });
    const engine = createEngine({ cwd: dir });
    await expect(engine.run(workflowFixture('quick'))).rejects.toMatchObject({
      code: 'SECRETS_FILE_UNSAFE',
    });
    expect((await engine.store.listExecutions()).items).toEqual([]);
  });

  it('fails a step that reads a missing secret, naming it', async () => {
    const engine = createEngine({ cwd: await project() });
    const record = await engine.run(
      'version = "1"\nname = "x"\n[[steps]]\nid = "a"\nstep_type = "command"\ncommand = "echo {secrets.NOPE}"\n',
    );
    expect(record.steps.a?.status).toBe('failed');
    expect(record.steps.a?.error).toContain('NOPE');
  });

  it('gives untrusted workflows only the secrets allowed by name', async () => {
    const dir = await project({ text: `API_TOKEN=${SECRET}\nOPEN=fine-to-share\n`, mode: 0o600 });
    const engine = createEngine({ cwd: dir, untrustedSecrets: ['OPEN'] });
    const text = (name: string) =>
      `version = "1"\nname = "u"\n[[steps]]\nid = "a"\nstep_type = "http"\n[steps.http]\nurl = "http://127.0.0.1:9/"\nheaders = { A = "{secrets.${name}}" }\n`;
    await expect(engine.run(text('API_TOKEN'), {}, { trusted: false })).rejects.toMatchObject({
      code: 'UNTRUSTED_STEP',
    });
    await expect(engine.run(text('OPEN'), {}, { trusted: false })).resolves.toBeDefined();
  });
});

describe('SecretMasker', () => {
  it('masks the value, its URL and base64 forms at any alignment, and a cut-off start before "…"', () => {
    const masker = new SecretMasker([SECRET]);
    for (const prefix of ['', 'a', 'ab']) {
      const b64 = Buffer.from(prefix + SECRET).toString('base64');
      expect(masker.maskText(b64)).toContain('***');
      expect(masker.maskText(b64)).not.toContain(Buffer.from(SECRET).toString('base64').slice(4, 16));
    }
    expect(masker.maskText(`x=${encodeURIComponent('a b&')}`)).toBe(`x=${encodeURIComponent('a b&')}`);
    expect(masker.maskText(`line ${SECRET.slice(0, 9)}…`)).toBe('line ***…');
    expect(masker.maskValue({ [SECRET]: [SECRET, 1, null] })).toEqual({ '***': ['***', 1, null] });
  });
});

describe('secret sources', () => {
  it('parses NAME=value lines with comments, export and quotes', () => {
    expect(parseSecretsFile('# c\nexport A="x y"\nB=\'z\'\n\nC=plain=1\n', 'f')).toEqual(
      new Map([
        ['A', 'x y'],
        ['B', 'z'],
        ['C', 'plain=1'],
      ]),
    );
    expect(() => parseSecretsFile('not a line', 'f')).toThrow(/f:1/);
  });

  it('lets SKILL_SECRET_ variables win over the file', async () => {
    const dir = await project({ text: 'A=file\n', mode: 0o600 });
    const secrets = loadSecrets({ file: path.join(dir, '.skill', 'secrets.env'), env: { SKILL_SECRET_A: 'env' } });
    expect(secrets.get('A')).toBe('env');
  });
});
