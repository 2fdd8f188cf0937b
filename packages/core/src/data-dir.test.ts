// checkDataDir: the data folder may not be, hold or lie in the project's trusted places (symlinks resolved).
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { checkDataDir } from './data-dir.js';

const suite = useTempDir('skill-data-dir-');

/** A fresh project folder with its trusted places and a `data` folder. */
async function places() {
  const cwd = await mkdtemp(path.join(suite(), 'project-'));
  await mkdir(path.join(cwd, '.skill', 'workflows'), { recursive: true });
  await mkdir(path.join(cwd, '.workflows'));
  await mkdir(path.join(cwd, 'data'));
  return { cwd, workflowsDir: path.join(cwd, '.workflows'), untrustedDir: path.join(cwd, '.skill', 'workflows') };
}

describe('checkDataDir', () => {
  it('accepts a folder of its own, inside the project or not, resolved', async () => {
    const p = await places();
    expect(checkDataDir('data', p)).toBe(path.join(p.cwd, 'data'));
    expect(checkDataDir('not-yet/there', p)).toBe(path.join(p.cwd, 'not-yet', 'there'));
    const elsewhere = await mkdtemp(path.join(suite(), 'elsewhere-'));
    expect(checkDataDir(elsewhere, p)).toBe(elsewhere);
  });

  it('refuses the project, its parents and the trusted places, also through a symlink', async () => {
    const p = await places();
    await symlink(path.join(p.cwd, '.workflows'), path.join(p.cwd, 'sneaky'));
    for (const dir of ['.', '..', '/', '.workflows', '.skill', '.skill/workflows', 'skills/x', 'sneaky']) {
      expect(() => checkDataDir(dir, p), dir).toThrow(/the data folder .* (is or holds the project|overlaps)/);
    }
  });
});
