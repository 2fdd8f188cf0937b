// hideLocalPaths: project paths become relative, other local paths their base name, URL paths stay.
import { rm, symlink } from 'node:fs/promises';
import { createTempDir } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { hideLocalPaths, hideLocalPathsDeep } from './client-paths.js';

describe('hideLocalPaths', () => {
  const project = '/tmp/skill-project';

  it('makes paths below the project relative, with their line and column', () => {
    expect(hideLocalPaths(`workflow "x" not found: ${project}/.workflows/x.toml (ENOENT)`, project)).toBe(
      'workflow "x" not found: .workflows/x.toml (ENOENT)',
    );
    expect(hideLocalPaths(`${project}/a.toml:3:5: bad`, project)).toBe('a.toml:3:5: bad');
    expect(hideLocalPaths(`in "${project}".`, project)).toBe('in ".".');
    expect(hideLocalPaths(`cwd=${project}/sub`, project)).toBe('cwd=sub');
  });

  it('reduces other local paths to their base name', () => {
    expect(hideLocalPaths('cannot read /etc/passwd.', project)).toBe('cannot read …/passwd.');
    expect(hideLocalPaths("open '/tmp/skill-projectX/secret.env'", project)).toBe("open '…/secret.env'");
    expect(hideLocalPaths('at (/usr/lib/node/x.js:1:2)', project)).toBe('at (…/x.js:1:2)');
  });

  it('keeps URL paths, routes and text without paths', () => {
    expect(hideLocalPaths('no route for GET /api/nope', project)).toBe('no route for GET /api/nope');
    expect(hideLocalPaths('GET http://127.0.0.1:9/etc/passwd failed', project)).toBe(
      'GET http://127.0.0.1:9/etc/passwd failed',
    );
    expect(hideLocalPaths('a/b and 1/2', project)).toBe('a/b and 1/2');
  });

  it('knows the project under its real path too', async () => {
    const { dir: real, cleanup } = await createTempDir('skill-paths-');
    const link = `${real}-link`;
    await symlink(real, link);
    try {
      expect(hideLocalPaths(`${real}/.workflows/a.toml`, link)).toBe('.workflows/a.toml');
    } finally {
      await rm(link, { force: true });
      await cleanup();
    }
  });

  it('rewrites every string of a JSON-like value and keeps the rest', () => {
    const value = { file: `${project}/a.toml`, line: 3, list: [`see /home/u/x`, null, true], keep: {} };
    expect(hideLocalPathsDeep(value, project)).toEqual({
      file: 'a.toml',
      line: 3,
      list: ['see …/x', null, true],
      keep: {},
    });
  });
});
