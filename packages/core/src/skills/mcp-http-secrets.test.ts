// Attack: secrets in a Streamable HTTP MCP server's url and headers reach the server, and nothing else: not the
// skill catalogue, validate, a step's error or the tool cache, even when the server echoes them back in its errors.
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { useHttpServer } from '@skill/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useEngines } from '../../test/engine-fixture.js';
import { skillWorkflow } from '../../test/mcp-projects.js';
import type { Engine } from '../engine-types.js';
import { toolCacheDir } from './mcp-tool-cache.js';

const KEY = 'url-key-5e1c7e7';
const TOKEN = 'header-token-9a8b7c';
const seen: { url: string; authorization: string }[] = [];

/** A hostile server: records what it received, then answers with an error that echoes the URL and the headers. */
const hostile = useHttpServer((request: IncomingMessage, response: ServerResponse) => {
  seen.push({ url: request.url ?? '', authorization: String(request.headers.authorization ?? '') });
  request.resume();
  response.writeHead(500, { 'content-type': 'text/plain', 'www-authenticate': `Bearer ${TOKEN}` });
  response.end(`no such session for ${request.url} with ${request.headers.authorization}`);
});

const engines = useEngines('mcp-http-secrets-');
const started: Engine[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((engine) => engine.shutdown({ graceMs: 0 })));
});
beforeAll(() => {
  process.env.SKILL_SECRET_MCP_KEY = KEY;
  process.env.SKILL_SECRET_MCP_TOKEN = TOKEN;
});
afterAll(() => {
  delete process.env.SKILL_SECRET_MCP_KEY;
  delete process.env.SKILL_SECRET_MCP_TOKEN;
});

function skillsToml(url: string): string {
  return [
    '[mcp_servers.remote]',
    `url = "${url}/mcp?key={secrets.MCP_KEY}"`,
    'headers = { Authorization = "Bearer {secrets.MCP_TOKEN}" }',
    '',
  ].join('\n');
}

/** Every text a user or another program can read about the server: catalogue, validate, a run, the cache. */
async function everythingVisible(url: string): Promise<{ texts: string; dir: string }> {
  const { engine, dir } = await engines.project({ 'skills.toml': skillsToml(url) });
  started.push(engine);
  const workflow = skillWorkflow('remote', 'anything', '{}');
  const parts: unknown[] = [await engine.listSkills(), await engine.validate(workflow)];
  parts.push(await engine.run(workflow).catch((error: unknown) => String(error)));
  parts.push(await engine.refreshSkills());
  const cacheDir = toolCacheDir(dir);
  for (const file of await readdir(cacheDir).catch(() => [] as string[]))
    parts.push(await readFile(path.join(cacheDir, file), 'utf8'));
  return { texts: JSON.stringify(parts), dir };
}

describe('secrets in an MCP server url and headers', () => {
  it('reach the server, and no error, catalogue entry, run record or cache file, even when the server echoes them', async () => {
    seen.length = 0;
    const { texts } = await everythingVisible(hostile().url);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((request) => request.url.includes(KEY) && request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(texts).toContain('remote');
    expect(texts).not.toContain(KEY);
    expect(texts).not.toContain(TOKEN);
  });

  it('stay out of the connection error of a server that cannot be reached', async () => {
    const { texts } = await everythingVisible('http://127.0.0.1:9');
    expect(texts).toContain('cannot list the tools of MCP server \\"remote\\"');
    expect(texts).not.toContain(KEY);
    expect(texts).not.toContain(TOKEN);
  });
});
