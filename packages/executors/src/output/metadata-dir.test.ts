import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disposeMetadataDir, nextMetadataPath } from './metadata-dir.js';

describe('metadata paths', () => {
  it('hands out distinct paths in one private folder per process, removed by dispose', async () => {
    const paths = await Promise.all([nextMetadataPath(), nextMetadataPath(), nextMetadataPath()]);
    expect(new Set(paths).size).toBe(3);
    const folder = dirname(paths[0] as string);
    expect(paths.map((p) => dirname(p))).toEqual([folder, folder, folder]);
    expect(folder).toContain(`skill-workflow-${process.pid}-`);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    await disposeMetadataDir();
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
    const next = await nextMetadataPath();
    expect(dirname(next)).not.toBe(folder);
    await disposeMetadataDir();
  });
});
