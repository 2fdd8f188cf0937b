import { createServer } from 'node:http';
import { executorContext, httpStep, listenOnFreePort, useHttpServer, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext, HttpStep, TrustBoundary } from '@skill/workflow-model';
import { TRUSTED_BOUNDARY, type WorkflowError } from '@skill/workflow-model';
import { Agent, type Dispatcher, getGlobalDispatcher, interceptors, ProxyAgent, setGlobalDispatcher } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpSkill } from '../skill/builtin/http-skill.js';
import { guardedDispatcher } from './egress-dispatcher.js';
import { egressPolicyOf, type HostResolver } from './egress-guard.js';
import { createHttpExecutor } from './http-executor.js';

/** Requests that reached the local server, by path. */
const hits: string[] = [];
let port: number;
let base: string;
const target = useHttpServer((req, res) => {
  hits.push(req.url ?? '');
  if (req.url === '/redirect') {
    res.writeHead(302, { location: `${base}/secret` });
    res.end();
    return;
  }
  // `connection: close`: every request opens a new connection, so each is checked anew
  res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ path: req.url }));
});
beforeAll(() => {
  ({ port, url: base } = target());
});

const untrusted = (allowedHttpTargets: string[] = []): TrustBoundary => ({
  level: 'user-provided',
  allowedNetworks: [],
  allowedHttpTargets,
});

/** A GET of `url`. */
const step = (url: string): HttpStep => httpStep({ url });

function context(boundary: TrustBoundary): ExecutorContext {
  return executorContext({
    execution_id: 'exec-egress',
    base_dir: '/',
    step_id: 'call',
    output_limit_bytes: 1024 * 1024,
    boundary,
  });
}

describe('http executor: egress of untrusted executions', () => {
  const executor = createHttpExecutor();

  it('refuses loopback for user-provided and community with EGRESS_REFUSED, naming the address and the allow-list', async () => {
    hits.length = 0;
    const error = await workflowErrorOf(executor.run(step(`${base}/secret`), context(untrusted())));
    expect(error.code).toBe('EGRESS_REFUSED');
    expect(error.message).toBe(
      `GET ${base}/secret refused: 127.0.0.1, a loopback address (127.0.0.0/8), which user-provided workflows may not reach; ` +
        `to allow it, add "127.0.0.1:${port}" or a CIDR range to the server's HTTP allow-list (SKILL_HTTP_ALLOW)`,
    );
    expect(error.details).toMatchObject({ address: '127.0.0.1', port, retryable: false });
    const community = { ...untrusted(), level: 'community' as const };
    expect((await workflowErrorOf(executor.run(step(`${base}/secret`), context(community)))).code).toBe(
      'EGRESS_REFUSED',
    );
    expect(hits).toEqual([]);
  });

  it('refuses the mapped, unspecified and metadata forms and localhost by name', async () => {
    for (const url of [
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://localhost:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${port}/`,
    ]) {
      const error = await workflowErrorOf(executor.run(step(url), context(untrusted())));
      expect(error.code, url).toBe('EGRESS_REFUSED');
    }
    expect(hits).toEqual([]);
  });

  it('refuses the same through the built-in http skill (tool request)', async () => {
    hits.length = 0;
    const request = httpSkill().tools.request;
    if (!request) throw new Error('the http skill has a request tool');
    const error = await workflowErrorOf(request.run({ url: `${base}/skill` }, context(untrusted())));
    expect(error.code).toBe('EGRESS_REFUSED');
    expect(hits).toEqual([]);
  });

  it('lets trusted executions and allow-listed targets through', async () => {
    hits.length = 0;
    expect((await executor.run(step(`${base}/a`), context(TRUSTED_BOUNDARY))).output).toEqual({ path: '/a' });
    for (const entry of [`127.0.0.1:${port}`, '127.0.0.1', '127.0.0.0/8', 'localhost']) {
      const url = entry === 'localhost' ? `http://localhost:${port}/b` : `${base}/b`;
      const result = await executor.run(step(url), context(untrusted([entry])));
      expect(result.output, entry).toEqual({ path: '/b' });
    }
    const otherPort = await workflowErrorOf(
      executor.run(step(`${base}/c`), context(untrusted([`127.0.0.1:${port + 1}`]))),
    );
    expect(otherPort.code).toBe('EGRESS_REFUSED');
    expect(hits).toEqual(['/a', '/b', '/b', '/b', '/b']);
  });

  it('checks every address a name resolves to: one public and one loopback address is refused', async () => {
    const resolve: HostResolver = async () => [{ address: '93.184.216.34' }, { address: '127.0.0.1' }];
    const error = await workflowErrorOf(
      createHttpExecutor({ resolve }).run(step(`http://mixed.test:${port}/`), context(untrusted())),
    );
    expect(error.code).toBe('EGRESS_REFUSED');
    expect(error.message).toContain('mixed.test resolves to 127.0.0.1, a loopback address');
  });

  // DNS rebinding: a name first resolves to an address the policy allows, then to loopback. The guard resolves at
  // connect time, checks, and connects to exactly the address it checked, so the second connection is refused.
  // 127.0.0.2 stands in for the "public" first answer (allow-listed, and reachable here without a network).
  it('refuses a rebinding name at the connection that resolves to loopback', async () => {
    hits.length = 0;
    const second = await listenOnFreePort((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"from":"127.0.0.2"}');
    }, '127.0.0.2');
    const secondPort = second.port;
    try {
      const answers = ['127.0.0.2', '127.0.0.1', '127.0.0.1'];
      const resolve: HostResolver = async () => [{ address: answers.shift() ?? '127.0.0.1' }];
      const rebinding = createHttpExecutor({ resolve });
      const ctx = context(untrusted(['127.0.0.2']));
      const first = await rebinding.run(step(`http://rebind.test:${secondPort}/`), ctx);
      expect(first.output).toEqual({ from: '127.0.0.2' });
      const error = await workflowErrorOf(rebinding.run(step(`http://rebind.test:${secondPort}/`), ctx));
      expect(error.code).toBe('EGRESS_REFUSED');
      expect(error.message).toContain('rebind.test resolves to 127.0.0.1');
      expect(hits).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('does not follow a redirect to loopback; a redirect-following dispatcher is refused at the hop', async () => {
    hits.length = 0;
    const allowed = context(untrusted([`127.0.0.1:${port}`]));
    const redirect = await executor.run(step(`${base}/redirect`), allowed);
    expect(redirect.metadata?.status_code).toBe(302);
    expect(hits).toEqual(['/redirect']);

    // the guard sits in the connector, so a client that follows redirects is checked at every hop
    const policy = egressPolicyOf(untrusted([`127.0.0.2`]));
    if (!policy) throw new Error('user-provided has a policy');
    const hop = await listenOnFreePort((_req, res) => {
      res.writeHead(302, { location: `${base}/secret`, connection: 'close' });
      res.end();
    }, '127.0.0.2');
    const following = guardedDispatcher(policy, async (name) => [{ address: name }]).compose(
      interceptors.redirect({ maxRedirections: 3 }),
    );
    try {
      const { request } = await import('undici');
      const error = await request(`${hop.url}/`, { dispatcher: following }).then(
        () => undefined,
        (e: unknown) => e as WorkflowError,
      );
      expect(error?.code).toBe('EGRESS_REFUSED');
      expect(hits).toEqual(['/redirect']);
    } finally {
      await following.close();
      await hop.close();
    }
  });

  it('never goes through a global proxy dispatcher (which would connect on its behalf)', async () => {
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(req.url ?? '');
      res.writeHead(502);
      res.end();
    });
    proxy.on('connect', (req, socket) => {
      proxied.push(req.url ?? '');
      socket.destroy();
    });
    const proxyServer = await listenOnFreePort(proxy);
    const previous: Dispatcher = getGlobalDispatcher();
    setGlobalDispatcher(new ProxyAgent(proxyServer.url));
    try {
      hits.length = 0;
      const refused = await workflowErrorOf(executor.run(step(`${base}/via-proxy`), context(untrusted())));
      expect(refused.code).toBe('EGRESS_REFUSED');
      const allowed = await executor.run(step(`${base}/direct`), context(untrusted(['127.0.0.1'])));
      expect(allowed.output).toEqual({ path: '/direct' });
      expect(proxied).toEqual([]);
      expect(hits).toEqual(['/direct']);
    } finally {
      setGlobalDispatcher(previous instanceof Agent ? previous : new Agent());
      await proxyServer.close();
    }
  });
});
