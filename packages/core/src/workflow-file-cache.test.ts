// Workflow files are parsed once per content: the same bytes reuse the validated definition, changed bytes (even
// of the same size, within one tick of the file clock) are parsed anew.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { useEngines } from '../test/engine-fixture.js';

const engines = useEngines('skill-file-cache-');
const echo = (word: string) => `version = "1"\nname = "cached"\n[[steps]]\nid = "say"\ncommand = "echo ${word}"\n`;

describe('workflow files', () => {
  it('are parsed once while their bytes stay the same', async () => {
    const { engine } = await engines.project({ '.workflows/cached.toml': echo('one') });
    const first = await engine.validate('cached');
    const second = await engine.validate('cached');
    expect(first.ok).toBe(true);
    expect(second.definition).toBe(first.definition);
    expect(second).not.toBe(first);
  });

  it('are read anew when rewritten with other bytes of the same size', async () => {
    const { dir, engine } = await engines.project({ '.workflows/cached.toml': echo('one') });
    expect((await engine.run('cached')).steps.say?.output).toBe('one');
    writeFileSync(path.join(dir, '.workflows/cached.toml'), echo('two'));
    expect((await engine.run('cached')).steps.say?.output).toBe('two');
    writeFileSync(path.join(dir, '.workflows/cached.toml'), 'version = "1"\nname = "cached"\n[[steps]]\nid = "say"\n');
    await expect(engine.run('cached')).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' });
  });

  it('are read anew when rewritten after the cache trusted their settled stat', async () => {
    const { dir, engine } = await engines.project({ '.workflows/cached.toml': echo('one') });
    const file = path.join(dir, '.workflows/cached.toml');
    // Old enough that the cache stops reading it while its stat is unchanged.
    await waitFor(() => Date.now() - statSync(file).ctimeMs > 300, 5_000);
    expect((await engine.run('cached')).steps.say?.output).toBe('one');
    expect((await engine.run('cached')).steps.say?.output).toBe('one');
    writeFileSync(file, echo('two'));
    expect((await engine.run('cached')).steps.say?.output).toBe('two');
  });
});
