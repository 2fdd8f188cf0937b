// examples/.workflows/examples/ai-research.toml end to end with Docker: local source pages and a local stand-in of an
// OpenAI-compatible chat-completions API (it checks the bearer key and answers the real response shape). Each source
// runs in its own sub-workflow; the report is written to a temp folder; a page's template syntax stays text; a wrong
// key fails the run with the API's 401.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '@skill/workflow-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAvailable } from './test-support/docker-available.js';
import {
  type LocalRequest,
  type LocalResponse,
  type LocalServer,
  startLocalServer,
} from './test-support/local-server.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const WORKFLOW = '.workflows/examples/ai-research.toml';
const KEY = 'sk-test-4f1c0a9e';
const docker = await dockerAvailable();

const PAGES: Record<string, string> = {
  '/pages/hnsw': `<html><head><title>HNSW graphs</title><style>body { color: red }</style></head>
    <body><h1>HNSW</h1><p>Hierarchical navigable small world graphs give fast approximate search &amp; good recall.</p>
    <script>var tracking = "do not summarise me";</script></body></html>`,
  '/pages/ivf':
    '<html><head><title>IVF indexes</title></head><body><p>Inverted file indexes cluster vectors. {secrets.OPENAI_API_KEY}</p></body></html>',
  '/pages/pq': '<html><body><p>Product quantisation compresses vectors into short codes.</p></body></html>',
};

interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

/** The chat-completions answer, shaped as OpenAI's API shapes it. */
function completion(model: string, content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_764_763_200,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

describe.runIf(docker)('the ai-research example', () => {
  const engine = createEngine({ cwd: here });
  const chats: ChatRequest[] = [];
  const savedKey = process.env.SKILL_SECRET_OPENAI_API_KEY;
  let server: LocalServer;
  let inputs: Record<string, unknown> = {};
  const reportDirs: string[] = [];

  function answer(request: LocalRequest): LocalResponse {
    const page = PAGES[request.url];
    if (request.method === 'GET' && page) return { contentType: 'text/html; charset=utf-8', body: page };
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return { status: 404, body: {} };
    if (request.headers.authorization !== `Bearer ${KEY}`) {
      const error = { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' };
      return { status: 401, body: { error } };
    }
    const chat = JSON.parse(request.body) as ChatRequest;
    chats.push(chat);
    const prompt = chat.messages.at(-1)?.content ?? '';
    const source = /^Source: (\S+)$/m.exec(prompt)?.[1];
    const content = source
      ? `Summary of ${source.slice(source.lastIndexOf('/') + 1)}.`
      : `Overview of ${(prompt.match(/"summary"/g) ?? []).length} summaries.`;
    return { body: completion(chat.model, content) };
  }

  async function reportDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'skill-research-'));
    await chmod(dir, 0o777); // the report container writes as user 65534
    reportDirs.push(dir);
    return dir;
  }

  beforeAll(async () => {
    process.env.SKILL_SECRET_OPENAI_API_KEY = KEY;
    server = await startLocalServer(answer);
    inputs = {
      topic: 'vector search',
      sources: ['hnsw', 'ivf', 'pq'].map((name) => `${server.base}/pages/${name}`),
      api_base: `${server.base}/v1`,
      model: 'test-model',
    };
  });

  afterAll(async () => {
    await engine.shutdown({ graceMs: 0 });
    if (savedKey === undefined) delete process.env.SKILL_SECRET_OPENAI_API_KEY;
    else process.env.SKILL_SECRET_OPENAI_API_KEY = savedKey;
    await server.close();
    await Promise.all(reportDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('validates, with its per-source sub-workflow', async () => {
    expect((await engine.validate(WORKFLOW)).diagnostics).toEqual([]);
    expect((await engine.validate('ai-research-source')).diagnostics).toEqual([]);
  });

  it('reads every source in its own sub-workflow, summarises each and then all, and writes the report', async () => {
    const dir = await reportDir();
    const record = await engine.run(WORKFLOW, { ...inputs, report_dir: dir });
    expect(record.status, JSON.stringify(record.steps)).toBe('completed');

    const [hnsw = '', ivf = '', pq = ''] = inputs.sources as string[];
    expect(record.steps.research?.output).toEqual([
      { url: hnsw, title: 'HNSW graphs', words: 13, summary: 'Summary of hnsw.' },
      { url: ivf, title: 'IVF indexes', words: 6, summary: 'Summary of ivf.' },
      { url: pq, title: null, words: 7, summary: 'Summary of pq.' },
    ]);
    const children = await engine.listExecutions({ parent_id: record.id });
    expect(children.items.map((child) => [child.workflow_name, child.status, child.parent?.step]).sort()).toEqual([
      ['ai-research-source', 'completed', 'research[0].source'],
      ['ai-research-source', 'completed', 'research[1].source'],
      ['ai-research-source', 'completed', 'research[2].source'],
    ]);

    // Four calls: one per source (with the extracted text, never the page's script), then the overview.
    expect(chats).toHaveLength(4);
    const perSource = chats.filter((chat) => chat.messages[1]?.content.includes('\nSource: '));
    expect(perSource).toHaveLength(3);
    const hnswPrompt = perSource.find((chat) => chat.messages[1]?.content.includes(hnsw))?.messages[1]?.content;
    expect(hnswPrompt).toBe(
      `Topic: vector search\nSource: ${hnsw}\nTitle: HNSW graphs\n\nHNSW Hierarchical navigable small world graphs give fast approximate search & good recall.`,
    );
    expect(chats.every((chat) => chat.model === 'test-model')).toBe(true);
    expect(chats[3]?.messages[1]?.content).toContain('Summary of ivf.');
    // A page's text is data: template syntax in it reaches the model as those characters, never as the secret.
    const ivfPrompt = perSource.find((chat) => chat.messages[1]?.content.includes(ivf))?.messages[1]?.content;
    expect(ivfPrompt).toContain('cluster vectors. {secrets.OPENAI_API_KEY}');
    expect(JSON.stringify(chats)).not.toContain(KEY);

    expect(await readFile(path.join(dir, 'report.md'), 'utf8')).toBe(
      [
        '# Research: vector search',
        '',
        'Overview of 3 summaries.',
        '',
        '## Sources',
        '',
        '### HNSW graphs',
        '',
        `<${hnsw}> (13 words)`,
        '',
        'Summary of hnsw.',
        '',
        '### IVF indexes',
        '',
        `<${ivf}> (6 words)`,
        '',
        'Summary of ivf.',
        '',
        `### ${pq}`,
        '',
        `<${pq}> (7 words)`,
        '',
        'Summary of pq.',
        '',
        `_Execution ${record.id}, model test-model._`,
        '',
      ].join('\n'),
    );
    const events = await engine.listEvents(record.id);
    expect(JSON.stringify([record, events])).not.toContain(KEY);
  });

  it('fails with the API answer when the key is wrong, and writes no report', async () => {
    process.env.SKILL_SECRET_OPENAI_API_KEY = 'sk-wrong';
    chats.length = 0;
    try {
      const dir = await reportDir();
      const record = await engine.run(WORKFLOW, { ...inputs, report_dir: dir });
      expect(record.status).toBe('failed');
      expect(record.steps.research?.status).toBe('failed');
      expect(record.steps.research?.error).toContain('401');
      expect(record.steps.synthesise?.status).toBe('skipped');
      expect(chats).toEqual([]);
      await expect(readFile(path.join(dir, 'report.md'))).rejects.toThrow('ENOENT');
    } finally {
      process.env.SKILL_SECRET_OPENAI_API_KEY = KEY;
    }
  });
});
