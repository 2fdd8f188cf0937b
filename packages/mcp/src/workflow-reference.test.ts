// resolveWorkflowReference: names, paths inside the project, escapes by .. or symlink, and trust by folder.
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir, writeFiles } from '@skill/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceScope, resolveWorkflowReference } from './workflow-reference.js';

let root: string;
let outside: string;
let scope: ReferenceScope;

const rootDir = useTempDir('skill-mcp-ref-');
const outsideDir = useTempDir('skill-mcp-outside-');

beforeAll(async () => {
  root = rootDir();
  outside = outsideDir();
  await mkdir(path.join(root, '.workflows'));
  await writeFiles(root, { '.workflows/a.toml': '', 'other/b.toml': '' });
  await writeFiles(outside, { 'secret.toml': '' });
  await symlink(path.join(outside, 'secret.toml'), path.join(root, 'link.toml'));
  await symlink(outside, path.join(root, 'linked-dir'));
  scope = { root, workflowsDir: path.join(root, '.workflows'), trustAllFiles: false };
});

describe('resolveWorkflowReference', () => {
  it('passes bare names through and refuses strings that are neither name nor path', async () => {
    expect(await resolveWorkflowReference('hello-workflow', scope)).toEqual({
      source: 'hello-workflow',
      trusted: true,
    });
    await expect(resolveWorkflowReference('name = "x"', scope)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(resolveWorkflowReference('a\nb', scope)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('resolves paths inside the project; trusted only inside the workflows folder', async () => {
    expect(await resolveWorkflowReference('.workflows/a.toml', scope)).toEqual({
      source: path.join(root, '.workflows', 'a.toml'),
      trusted: true,
    });
    expect(await resolveWorkflowReference('other/b.toml', scope)).toEqual({
      source: path.join(root, 'other', 'b.toml'),
      trusted: false,
    });
    expect(
      await resolveWorkflowReference(path.join(root, 'other', 'b.toml'), { ...scope, trustAllFiles: true }),
    ).toEqual({ source: path.join(root, 'other', 'b.toml'), trusted: true });
  });

  it('refuses paths that leave the project by .., absolute path or symlink', async () => {
    for (const workflow of [
      '../x.toml',
      'other/../../x.toml',
      path.join(outside, 'secret.toml'),
      'link.toml',
      'linked-dir/secret.toml',
    ]) {
      await expect(resolveWorkflowReference(workflow, scope), workflow).rejects.toMatchObject({
        code: 'INVALID_VALUE',
        message: expect.stringContaining('is outside the project folder'),
      });
    }
    await expect(resolveWorkflowReference('dir=x/a.toml', scope)).rejects.toMatchObject({
      message: 'a workflow path may not contain "=", NUL or line breaks',
    });
  });
});
