// Protocol rules of the API against a real server: JSON bodies only (415), Host required, no silent
// overwrite of API workflows (409, PUT replaces), and no absolute local paths in errors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rawHttpExchange } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';
import { isJsonMediaType } from './request-input.js';

const TRUSTED = 'version = "1"\nname = "local"\n[[steps]]\nid = "a"\ncommand = "echo local"\n';
const made = (word: string) =>
  `version = "1"\nname = "made"\n[[steps]]\nid = "a"\nstep_type = "http"\n[steps.http]\nurl = "http://127.0.0.1:9/${word}"\n`;

describe('request rules', () => {
  const fx = useHttpFixture({ local: TRUSTED });

  it('knows JSON media types', () => {
    const json = ['application/json', 'Application/JSON; charset=utf-8', 'application/merge-patch+json'];
    const other = ['text/plain', 'text/json', 'application/x-www-form-urlencoded', 'application/jsonp', undefined];
    expect(json.filter((type) => !isJsonMediaType(type))).toEqual([]);
    expect(other.filter((type) => isJsonMediaType(type))).toEqual([]);
  });

  it('answers 415 to a JSON body sent as text/plain, form data or without Content-Type, and runs nothing', async () => {
    const body = JSON.stringify({ inputs: {} });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', undefined]) {
      const response = await fetch(`${fx().url}/api/workflows/local/execute`, {
        method: 'POST',
        body: new Blob([body], type === undefined ? {} : { type }),
      });
      expect(response.status, String(type)).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await fx().engine.listExecutions()).items).toHaveLength(0);
    const charset = await fx().api('/api/workflows/local/execute', {
      body,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
    const suffix = await fx().api('/api/workflows/local/execute', {
      body,
      headers: { 'content-type': 'application/vnd.skill+json' },
    });
    expect(suffix.status).toBe(200);
    const empty = await fetch(`${fx().url}/api/workflows/local/execute`, { method: 'POST' });
    expect(empty.status).toBe(200);
  });

  it('answers 400 to an HTTP/1.0 request without Host, 200 with one', async () => {
    const bare = await rawHttpExchange(fx().url, 'GET /api/workflows HTTP/1.0\r\n\r\n');
    expect(bare).toMatch(/^HTTP\/1\.[01] 400 /);
    expect(bare).toContain('"HOST_REQUIRED"');
    const health = await rawHttpExchange(fx().url, 'GET /api/health HTTP/1.0\r\n\r\n');
    expect(health).toMatch(/^HTTP\/1\.[01] 400 /);
    const withHost = await rawHttpExchange(
      fx().url,
      `GET /api/workflows HTTP/1.0\r\nHost: ${new URL(fx().url).host}\r\n\r\n`,
    );
    expect(withHost).toMatch(/^HTTP\/1\.[01] 200 /);
  });

  it('refuses to re-POST a workflow (409, unchanged); PUT replaces it, or creates one', async () => {
    const file = path.join(fx().dir, '.skill', 'workflows', 'made.toml');
    expect((await fx().api('/api/workflows', { body: { name: 'made', content: made('one') } })).status).toBe(201);
    const again = await fx().api('/api/workflows', { body: { name: 'made', content: made('two') } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'WORKFLOW_EXISTS', details: { name: 'made', trusted: false } });
    expect(again.body.error.message).toContain('PUT /api/workflows/made');
    expect(await readFile(file, 'utf8')).toBe(made('one'));

    const put = await fx().api('/api/workflows/made', { method: 'PUT', body: { content: made('three') } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      name: 'made',
      trusted: false,
      file: path.join('.skill', 'workflows', 'made.toml'),
    });
    expect(await readFile(file, 'utf8')).toBe(made('three'));

    const fresh = made('x').replace('"made"', '"fresh"');
    expect((await fx().api('/api/workflows/fresh', { method: 'PUT', body: { content: fresh } })).status).toBe(201);
    const wrongName = await fx().api('/api/workflows/other', { method: 'PUT', body: { content: fresh } });
    expect(wrongName.body.error.code).toBe('WORKFLOW_NAME_MISMATCH');
    const impostor = made('x').replace('"made"', '"local"'); // allowed at the API level, named like a trusted one
    const trusted = await fx().api('/api/workflows/local', { method: 'PUT', body: { content: impostor } });
    expect(trusted.status).toBe(409);
    expect(trusted.body.error).toMatchObject({ code: 'WORKFLOW_EXISTS', details: { trusted: true } });
    expect(trusted.body.error.message).toContain('cannot be replaced');
  });

  it('shows paths relative to the project in errors, never the absolute project folder', async () => {
    const missing = await fx().api('/api/workflows/ghost/execute', { body: {} });
    expect(missing.status).toBe(404);
    const text = JSON.stringify(missing.body);
    expect(text).not.toContain(fx().dir);
    expect(missing.body.error.message).toContain(path.join('.workflows', 'ghost.toml'));
    const shown = await fx().api('/api/workflows/ghost');
    expect(JSON.stringify(shown.body)).not.toContain(fx().dir);
  });
});
