// fetchJson against a real server on port 0: method, headers and body sent, JSON and empty answers read.
import { describe, expect, it } from 'vitest';
import { fetchJson } from './fetch-json.js';
import { useHttpServer } from './http-server.js';

const echo = useHttpServer((req, res) => {
  let text = '';
  req.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  req.on('end', () => {
    if (req.url === '/empty') return void res.writeHead(204).end();
    const { 'content-type': type, authorization, 'x-extra': extra } = req.headers;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, type, authorization, extra, text }));
  });
});

describe('fetchJson', () => {
  it('GETs without a body or Content-Type, and POSTs a JSON body with the token', async () => {
    const get = await fetchJson(`${echo().url}/x`);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/json');
    expect(get.body).toEqual({ method: 'GET', text: '' });
    const post = await fetchJson(`${echo().url}/x`, { body: { a: 1 }, token: 't0k' });
    expect(post.body).toEqual({
      method: 'POST',
      type: 'application/json',
      authorization: 'Bearer t0k',
      text: '{"a":1}',
    });
  });

  it('sends a string body as it is, lets headers override the Content-Type, and reads an empty answer', async () => {
    const raw = await fetchJson(`${echo().url}/x`, {
      method: 'PUT',
      body: '{"broken": ',
      headers: { 'content-type': 'text/plain', 'x-extra': 'yes' },
    });
    expect(raw.body).toEqual({ method: 'PUT', type: 'text/plain', extra: 'yes', text: '{"broken": ' });
    const empty = await fetchJson(`${echo().url}/empty`);
    expect(empty).toMatchObject({ status: 204, body: undefined });
  });
});
