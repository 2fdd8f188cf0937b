// The guide's container examples for real: hello-workflow prints "Hello, Workflow!" through the python
// skill, and the batch example processes real CSV files with pandas in containers.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '@skill/workflow-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable } from './test-support/docker-available.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const engine = createEngine({ cwd: here });
const docker = await dockerAvailable();

describe.runIf(docker)('guide examples in containers', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'skill-csv-'));
    await mkdir(path.join(dataDir, 'input'));
    await mkdir(path.join(dataDir, 'output'));
    await chmod(dataDir, 0o755); // containers run as user 65534: they must read input/ and write output/
    await chmod(path.join(dataDir, 'output'), 0o777);
    await writeFile(path.join(dataDir, 'input', 'north.csv'), 'city,sales\nOslo,10\nBergen,7\n');
    await writeFile(path.join(dataDir, 'input', 'south.csv'), 'city,sales\nRome,3\n');
  });

  it('hello-workflow prints "Hello, Workflow!"', async () => {
    const record = await engine.run('guide/hello-workflow.toml');
    expect(record.status).toBe('completed');
    expect(record.steps.greet?.output).toBe('Hello, Workflow!');
  });

  it('batch processing writes a processed copy of every CSV', async () => {
    const record = await engine.run('docker/csv-batch.toml', { data_dir: dataDir });
    expect(record.status).toBe('completed');
    expect(record.steps['list-files']?.output).toBe('north.csv\nsouth.csv');
    expect(record.steps['process-files']?.output).toEqual([2, 1]);
    expect(await readFile(path.join(dataDir, 'output', 'north.csv'), 'utf8')).toBe(
      'city,sales,processed\nOslo,10,True\nBergen,7,True\n',
    );
    expect(await readFile(path.join(dataDir, 'output', 'south.csv'), 'utf8')).toBe(
      'city,sales,processed\nRome,3,True\n',
    );
  });
});
