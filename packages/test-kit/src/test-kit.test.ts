// The kit's own checks: temp projects are written and removed, servers listen and close, contexts record logs.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { executorContext } from './executor-context.js';
import { listenOnFreePort, useHttpServer } from './http-server.js';
import { rawHttpExchange } from './raw-http.js';
import { createTempProject, useTempDir } from './temp-dir.js';
import { deferred, waitFor } from './wait-for.js';
import { workflowErrorOf, workflowErrorThrownBy } from './workflow-error-of.js';
import { workflowFixture, workflowFixtures } from './workflow-fixtures.js';

describe('temp folders', () => {
  const suiteDir = useTempDir('kit-suite-');

  it('writes .workflows/<name>.toml and removes the whole project on cleanup', async () => {
    const project = await createTempProject({ hello: 'name = "hello"\n' });
    const file = path.join(project.dir, '.workflows', 'hello.toml');
    expect(await readFile(file, 'utf8')).toBe('name = "hello"\n');
    await project.cleanup();
    expect(existsSync(project.dir)).toBe(false);
  });

  it('gives the suite one folder while it runs', () => {
    expect(existsSync(suiteDir())).toBe(true);
  });
});

describe('servers on port 0', () => {
  const server = useHttpServer((_req, res) => res.end('pong'));

  it('serves the suite from beforeAll', async () => {
    expect(await (await fetch(`${server().url}/ping`)).text()).toBe('pong');
  });

  it('closes, after which the port refuses', async () => {
    const once = await listenOnFreePort((_req, res) => res.end('ok'));
    expect(once.url).toBe(`http://127.0.0.1:${once.port}`);
    await once.close();
    await expect(fetch(once.url)).rejects.toThrow();
  });
});

describe('executor contexts and errors', () => {
  it('records what the executor logs, with overrides applied', () => {
    const context = executorContext({ step_id: 'cmd', attempt: 2 });
    context.log('hello', 'stdout');
    expect([context.step_id, context.attempt, context.lines]).toEqual(['cmd', 2, [['hello', 'stdout']]]);
  });

  it('returns the WorkflowError and refuses anything else', async () => {
    const error = new WorkflowError('TIMEOUT', 'too slow');
    expect(await workflowErrorOf(Promise.reject(error))).toBe(error);
    await expect(workflowErrorOf(Promise.resolve(1))).rejects.toThrow('expected a WorkflowError');
    expect(
      workflowErrorThrownBy(() => {
        throw error;
      }),
    ).toBe(error);
    expect(() => workflowErrorThrownBy(() => 1)).toThrow('nothing was thrown');
  });
});

describe('ordering without sleeps', () => {
  it('waitFor returns the first value that is not undefined or false, and fails past its bound', async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? calls : undefined))).toBe(3);
    await expect(waitFor(() => false, 60)).rejects.toThrow('condition not met within 60 ms');
  });

  it('deferred settles from outside', async () => {
    const gate = deferred<string>();
    setImmediate(() => gate.resolve('open'));
    expect(await gate.promise).toBe('open');
    const refused = deferred();
    refused.reject(new Error('no'));
    await expect(refused.promise).rejects.toThrow('no');
  });
});

describe('raw HTTP and fixtures', () => {
  const server = useHttpServer((req, res) => res.end(`host=${req.headers.host ?? 'none'}`));

  it('sends bytes as written and returns the whole answer', async () => {
    const answer = await rawHttpExchange(server().url, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('host=x');
  });

  it('reads shared workflow files by name and refuses names that are not plain', () => {
    expect(workflowFixture('slow')).toContain('name = "slow"');
    expect(Object.keys(workflowFixtures('quick', 'fail'))).toEqual(['quick', 'fail']);
    expect(() => workflowFixture('../package')).toThrow('bad fixture name');
  });
});
