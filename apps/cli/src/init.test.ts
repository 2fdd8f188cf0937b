// `skill init`: the scaffold validates and runs, a second init overwrites nothing, symlinks left in the way are not
// followed, and the real `taplo lint` finds the workflow files and checks them against the copied JSON Schema.
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../test/project.js';
import { main } from './main.js';

const suiteDir = useTempDir('cli-init-');
let made = 0;
/** A fresh folder inside the suite's temp folder. */
async function temp(): Promise<string> {
  made += 1;
  const dir = path.join(suiteDir(), `case-${made}`);
  await mkdir(dir);
  return dir;
}
const taploBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@taplo/cli/package.json')),
  'dist/cli.js',
);

async function init(cwd: string, ...args: string[]): Promise<string> {
  const run = memoryIo(cwd);
  expect(await main(['init', ...args], run.io)).toBe(0);
  expect(run.out.stderr).toBe('');
  return run.out.stdout;
}

/** The real `taplo lint` (the npm build of Taplo) in `cwd`, with the `.taplo.toml` it finds there. */
function taploLint(cwd: string, ...files: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [taploBin, 'lint', ...files], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: 'info' },
    timeout: 60_000,
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('skill init', () => {
  it('scaffolds a project whose first workflow validates and runs', async () => {
    const dir = await temp();
    const out = await init(dir, 'project');
    expect(out).toContain('created .workflows/hello.toml');
    expect(out).toContain('created .taplo.toml');
    expect(out).toContain('created .gitignore');
    expect(out).toContain('created .skill/schema/workflow.schema.json');
    expect(out).toContain('Next: cd project && skill workflow run hello');
    const project = path.join(dir, 'project');
    expect(await readFile(path.join(project, '.gitignore'), 'utf8')).toMatch(/^\.skill\/$/m);
    const schema = JSON.parse(await readFile(path.join(project, '.skill/schema/workflow.schema.json'), 'utf8'));
    expect(schema.title).toBe('Skill workflow');

    const validate = memoryIo(project);
    expect(await main(['workflow', 'validate', '.workflows/hello.toml'], validate.io)).toBe(0);
    const run = memoryIo(project);
    expect(await main(['workflow', 'run', 'hello', '-i', 'name=Ada', '--json'], run.io)).toBe(0);
    const events = run.out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const outputs = Object.fromEntries(
      events.filter((e) => e.type === 'step_completed').map((e) => [e.step_id, String(e.output).trim()]),
    );
    expect(outputs).toEqual({ greet: 'Hello, Ada!', count: '11' });
  });

  it('keeps every file that exists and says so; running it again is safe', async () => {
    const dir = await temp();
    await mkdir(path.join(dir, '.workflows'), { recursive: true });
    await writeFile(path.join(dir, '.workflows/hello.toml'), 'mine\n');
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\n');
    const out = await init(dir);
    expect(out).toContain('kept    .workflows/hello.toml (exists, not overwritten)');
    expect(out).toContain('kept    .gitignore (exists, not overwritten)');
    expect(out).toContain('note: add ".skill/" to .gitignore');
    expect(out).toContain('created .taplo.toml');
    expect(out).toContain('Next: skill workflow run hello');
    expect(await readFile(path.join(dir, '.workflows/hello.toml'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');

    const again = await init(dir);
    expect(again).toContain('kept    .taplo.toml (exists, not overwritten)');
    expect(again).toContain('updated .skill/schema/workflow.schema.json');
    expect(again).not.toContain('created');
  });

  it('does not follow symlinks left where it writes (attack)', async () => {
    const dir = await temp();
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'precious\n');
    const project = path.join(dir, 'p');
    await mkdir(path.join(project, '.skill/schema'), { recursive: true });
    await symlink(outside, path.join(project, '.taplo.toml'));
    await symlink(outside, path.join(project, '.skill/schema/workflow.schema.json'));
    const out = await init(project);
    expect(out).toContain('kept    .taplo.toml');
    expect(await readFile(outside, 'utf8')).toBe('precious\n');
    // The schema copy replaced the link itself.
    expect((await lstat(path.join(project, '.skill/schema/workflow.schema.json'))).isSymbolicLink()).toBe(false);
  });

  it('names the path and the reason when it cannot write, without a stack trace', async () => {
    const dir = await temp();
    await writeFile(path.join(dir, 'a-file'), '');
    await mkdir(path.join(dir, 'p'));
    await writeFile(path.join(dir, 'p/.workflows'), '');
    for (const [target, why] of [
      ['a-file', `${path.join(dir, 'a-file/.workflows')}: a file is in the way of a folder`],
      ['p', `${path.join(dir, 'p/.workflows')}: a file is in the way of a folder`],
    ]) {
      const run = memoryIo(dir);
      expect(await main(['init', target as string], run.io)).not.toBe(0);
      expect(run.out.stderr).toContain(`skill init cannot write ${why}`);
      expect(run.out.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('lets the real taplo find .workflows/*.toml and check them against the schema', async () => {
    const project = await temp();
    await init(project);
    // A broken TOML file under node_modules/ is none of the project's business.
    await mkdir(path.join(project, 'web/node_modules/dep'), { recursive: true });
    await writeFile(path.join(project, 'web/node_modules/dep/broken.toml'), 'key = \n');
    const clean = taploLint(project);
    expect(clean.output).toMatch(/found files total=2 excluded=1\b/);
    expect(clean.code, clean.output).toBe(0);

    await writeFile(
      path.join(project, '.workflows/bad.toml'),
      'version = "1"\nname = "bad"\nstepz = []\n[[steps]]\nid = "a"\ncommand = "true"\n',
    );
    const bad = taploLint(project);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('.workflows/bad.toml');
    expect(bad.output).toMatch(/'stepz' was unexpected/);
  });
});
