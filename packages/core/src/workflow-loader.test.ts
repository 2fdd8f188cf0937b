// Tests of the workflow loader's reading of files: invalid UTF-8 is a located diagnostic, and files in
// the untrusted folder get the untrusted size limits.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';

const head = 'version = "1"\nname = "w"\n';

const engines = useEngines('skill-loader-');

/** A project with empty `.workflows/` and `.skill/workflows/` folders. */
async function project() {
  const created = await engines.project();
  await mkdir(path.join(created.dir, '.workflows'));
  await mkdir(path.join(created.dir, '.skill', 'workflows'), { recursive: true });
  return created;
}

describe('workflow files', () => {
  it('refuses a file that is not UTF-8 at the first bad byte (validate used to pass it)', async () => {
    const { dir, engine } = await project();
    const text = `${head}description = "ok`;
    const bytes = Buffer.concat([
      Buffer.from(text),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"\n[[steps]]\nid = "a"\ncommand = "true"\n'),
    ]);
    await writeFile(path.join(dir, '.workflows', 'w.toml'), bytes);
    const report = await engine.validate('w');
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'INVALID_ENCODING',
        file: path.join('.workflows', 'w.toml'),
        line: 3,
        column: 18,
      }),
    ]);
  });

  it('holds API-created files to the untrusted step limit, trusted ones to max_total_steps', async () => {
    const { dir, engine } = await project();
    let text = `${head}[config]\nmax_total_steps = 6000\n`;
    for (let i = 0; i < 5001; i++) text += `[[steps]]\nid = "s${i}"\ncommand = "true"\n`;
    await writeFile(path.join(dir, '.skill', 'workflows', 'w.toml'), text);
    await writeFile(path.join(dir, '.workflows', 'trusted.toml'), text.replace('name = "w"', 'name = "trusted"'));
    const untrusted = await engine.validate('w');
    expect(untrusted.diagnostics.map((d) => d.code)).toEqual(['TOO_MANY_STEPS']);
    expect((await engine.validate('trusted')).ok).toBe(true);
    const asText = await engine.validate(text, { untrusted: true });
    expect(asText.diagnostics.map((d) => d.code)).toEqual(['TOO_MANY_STEPS']);
  });
});
