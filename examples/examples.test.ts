// Runs or validates every example: the quickstart and friends for real, the guide's Docker/skill ones by validation.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEngine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(new URL(import.meta.url).pathname);
const engine = createEngine({ cwd: here });
// skills.toml declares an MCP server: shutting down ends its process.
afterAll(() => engine.shutdown({ graceMs: 0 }));

describe('examples/.workflows', () => {
  it('quickstart runs: parallel level, retries, foreach fan-in, when, metadata', async () => {
    const record = await engine.run('quickstart');
    expect(record.status).toBe('completed');
    expect(record.steps['flaky-check']).toMatchObject({
      status: 'completed',
      attempts: 2,
      output: 'healthy after 2 attempts',
    });
    expect(record.steps['measure-quality']?.metadata).toMatchObject({ quality_score: 0.93, rows: 1234, exit_code: 0 });
    expect(record.steps['deploy-regions']?.output).toEqual([
      { region: 'eu-west-1', slot: 0, env: 'staging' },
      { region: 'us-east-1', slot: 1, env: 'staging' },
      { region: 'ap-south-1', slot: 2, env: 'staging' },
    ]);
    expect(record.steps['publish-report']?.output).toBe(
      'skill-workflows: 3 regions deployed to staging for Ada (quality 0.93, first region eu-west-1)',
    );
    expect(record.steps['alert-low-quality']).toMatchObject({ status: 'skipped' });
    expect(record.steps['alert-low-quality']?.reason).toContain('condition');
  });

  it('quickstart takes the other branch when the quality bar is raised', async () => {
    const record = await engine.run('quickstart', { min_quality: 0.99, regions: ['eu-central-1'] });
    expect(record.steps['publish-report']?.status).toBe('skipped');
    expect(record.steps['alert-low-quality']?.status).toBe('completed');
    expect(record.steps['deploy-regions']?.output).toEqual([{ region: 'eu-central-1', slot: 0, env: 'staging' }]);
  });

  it('mcp-notes-summary: lists and reads notes through the filesystem MCP server and writes a summary back', async () => {
    const summary = path.join(here, 'mcp-notes', 'SUMMARY.txt');
    try {
      const record = await engine.run('mcp-notes-summary');
      expect(record.status).toBe('completed');
      expect(record.steps['pick-notes']?.output).toEqual(['alpha.md', 'beta.md', 'gamma.md']);
      expect(await readFile(summary, 'utf8')).toBe(
        'Notes summary\nalpha.md: 13 words\nbeta.md: 14 words\ngamma.md: 3 words\n',
      );
    } finally {
      await rm(summary, { force: true });
    }
  });

  it('failure-handling: handler runs, dependents of the failed step are skipped, continue_on_error carries on', async () => {
    const record = await engine.run('failure-handling');
    expect(record.status).toBe('failed');
    expect(record.steps['validate-data']).toMatchObject({ status: 'failed' });
    expect(record.steps['process-data']).toMatchObject({ status: 'skipped' });
    expect(record.steps['process-data']?.reason).toContain('validate-data');
    expect(record.steps['send-alert']?.output).toBe(
      'alert: validation failed: command exited with code 3: schema mismatch in row 7',
    );
    expect(record.steps['optional-cleanup']?.status).toBe('failed');
    expect(record.steps['independent-branch']?.output).toBe('still running');
  });

  describe('http-health against a local server', () => {
    let server: Server;
    const posted: unknown[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          if (req.url === '/users/123') res.end(JSON.stringify({ user: { id: 123, name: 'Alice' } }));
          else if (req.url?.startsWith('/health/')) res.end(JSON.stringify({ service: req.url.slice(8), ok: true }));
          else if (req.url === '/reports' && req.method === 'POST') {
            posted.push(JSON.parse(body));
            res.statusCode = 201;
            res.end('{"stored": true}');
          } else {
            res.statusCode = 404;
            res.end('{}');
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches, fans out health checks and posts a typed summary', async () => {
      const { port } = server.address() as AddressInfo;
      const record = await engine.run('http-health', { base_url: `http://127.0.0.1:${port}` });
      expect(record.status).toBe('completed');
      expect(record.steps.report?.metadata).toMatchObject({ status_code: 201 });
      expect(posted).toEqual([
        {
          user: 'Alice',
          user_id: 123,
          checks: [
            { service: 'users', ok: true },
            { service: 'orders', ok: true },
            { service: 'billing', ok: true },
          ],
        },
      ]);
    });
  });
});

describe('examples/guide (Docker, inline code and skills run with the sandbox)', async () => {
  const files = (await readdir(path.join(here, 'guide'))).filter((f) => f.endsWith('.toml'));
  it.each(files)('%s validates', async (file) => {
    const report = await engine.validate(path.join(here, 'guide', file));
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('examples/library', () => {
  it('custom-executor.mjs runs with the built packages', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'library/custom-executor.mjs')], {
      cwd: here,
    }).catch((error: Error) => {
      throw new Error(`custom-executor.mjs failed (run the build first: pnpm run build): ${error.message}`);
    });
    expect(stdout.trim()).toBe('completed - 9 words, longest 5 letters');
  });
});
