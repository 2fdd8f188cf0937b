// The guide's container examples for real: hello-workflow prints "Hello, Workflow!" through the python
// skill, and the batch example processes real CSV files with pandas in containers.
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('video transcoding (stand-in ffmpeg image): two renditions in parallel, then thumbnails', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'skill-video-'));
    const [input, output] = [path.join(root, 'in'), path.join(root, 'out')];
    await mkdir(input);
    await mkdir(output);
    await chmod(root, 0o755);
    await chmod(input, 0o755);
    await chmod(output, 0o777);
    await writeFile(path.join(input, 'clip.mp4'), 'not really a video');
    const record = await engine.run('docker/video-transcoding.toml', {
      input_dir: input,
      output_dir: output,
      filename: 'clip.mp4',
    });
    expect(record.status).toBe('completed');
    expect((await readdir(output)).sort()).toEqual([
      'clip.mp4_480p.mp4',
      'clip.mp4_720p.mp4',
      'clip.mp4_thumb_001.jpg',
      'clip.mp4_thumb_002.jpg',
      'clip.mp4_thumb_003.jpg',
    ]);
    expect(record.steps['transcode-720p']?.metadata.stderr).toContain('-vf scale=1280:720 -c:v libx264 -crf 23');
  });

  it("data processing: HTTP in, the guide's Python in a container, HTTP out", async () => {
    const uploads: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/data') {
          res.end(
            JSON.stringify({
              items: [
                { id: 1, name: 'ada' },
                { id: 2, name: 'grace' },
              ],
            }),
          );
        } else {
          uploads.push(JSON.parse(body));
          res.end('{"ok": true}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const record = await engine.run('docker/data-processing.toml', { base_url: `http://127.0.0.1:${port}` });
      expect(record.status).toBe('completed');
      expect(uploads).toEqual([
        [
          { id: 1, name: 'ADA', processed_at: '2024-01-01' },
          { id: 2, name: 'GRACE', processed_at: '2024-01-01' },
        ],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
