// examples/.workflows/examples/k8s-deploy.toml end to end with a stand-in kubectl on PATH (it records its calls) and
// a local health endpoint: staging deploys without approval, production waits for one (and a second production
// deploy queues behind it), and a stuck rollout rolls every service back.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine } from '@skill/workflow-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from './test-support/local-server.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const WORKFLOW = '.workflows/examples/k8s-deploy.toml';
const SERVICES = ['api', 'worker', 'web'];

describe('the k8s-deploy example', () => {
  const engine = createEngine({ cwd: here, stepEnvironment: 'inherit' });
  const healthChecks: string[] = [];
  const saved = { PATH: process.env.PATH, KUBECTL_LOG: process.env.KUBECTL_LOG };
  let server: LocalServer;
  let scratch = '';
  let log = '';
  let inputs: Record<string, string> = {};

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'skill-k8s-'));
    log = path.join(scratch, 'kubectl.log');
    process.env.PATH = `${path.join(here, 'test-support')}${path.delimiter}${process.env.PATH ?? ''}`;
    process.env.KUBECTL_LOG = log;
    server = await startLocalServer((request) => {
      healthChecks.push(request.url);
      return { body: { status: 'ok' } };
    });
    const base = server.base;
    inputs = { app: 'shop', version: '1.4.2', manifests_dir: 'deploy/manifests', health_base_url: `${base}/health` };
  });

  beforeEach(async () => {
    await writeFile(log, '');
    healthChecks.length = 0;
    delete process.env.KUBECTL_FAIL_ROLLOUT;
  });

  afterAll(async () => {
    await engine.shutdown({ graceMs: 0 });
    process.env.PATH = saved.PATH;
    if (saved.KUBECTL_LOG === undefined) delete process.env.KUBECTL_LOG;
    else process.env.KUBECTL_LOG = saved.KUBECTL_LOG;
    delete process.env.KUBECTL_FAIL_ROLLOUT;
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  async function kubectlCalls(): Promise<string[]> {
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  }

  /** The calls about one service, in the order they were made. */
  function callsFor(calls: string[], service: string): string[] {
    return calls.filter((call) => call.includes(`deployment/${service}`));
  }

  /** Resolves with the execution id of the next event of this type (and step); listen before starting the run. */
  function nextEvent(type: string, stepId?: string): Promise<string> {
    return new Promise((resolve) => {
      const stop = engine.onEvent((event) => {
        if (event.type === type && (stepId === undefined || ('step_id' in event && event.step_id === stepId))) {
          stop();
          resolve(event.execution_id);
        }
      });
    });
  }

  it('validates, with one deploy per environment at a time', async () => {
    const report = await engine.validate(WORKFLOW);
    expect(report.diagnostics).toEqual([]);
    expect(report.definition?.config.concurrency).toMatchObject({ key: 'deploy-{inputs.env}', limit: 1 });
  });

  it('deploys to staging without approval: apply, then each service set, waited for and checked, then recorded', async () => {
    const record = await engine.run(WORKFLOW, { ...inputs, env: 'staging' });
    expect(record.status, JSON.stringify(record.steps)).toBe('completed');
    expect(record.steps.image?.output).toBe('registry.example.com/team/shop:1.4.2');
    expect(record.steps.approve?.status).toBe('skipped');
    expect(record.steps.rollback?.status).toBe('skipped');
    const calls = await kubectlCalls();
    expect(calls[0]).toBe('apply --namespace shop -f deploy/manifests');
    expect(calls.at(-1)).toBe(
      `annotate --namespace shop --overwrite deployment --all kubernetes.io/change-cause=skill execution ${record.id}: registry.example.com/team/shop:1.4.2`,
    );
    expect(calls).toHaveLength(2 + 2 * SERVICES.length);
    for (const service of SERVICES) {
      expect(callsFor(calls, service)).toEqual([
        `set image --namespace shop deployment/${service} ${service}=registry.example.com/team/shop:1.4.2`,
        `rollout status --namespace shop deployment/${service} --timeout=300s`,
      ]);
    }
    expect(healthChecks.sort()).toEqual(['/health/api', '/health/web', '/health/worker']);
  });

  it('waits for approval before production; a second production deploy queues until the first ends', async () => {
    const firstWaits = nextEvent('step_waiting', 'approve');
    const first = await engine.start(WORKFLOW, { ...inputs, env: 'production' });
    expect(await firstWaits).toBe(first.executionId);
    expect(await kubectlCalls()).toEqual([]);

    const secondQueues = nextEvent('workflow_queued');
    const second = await engine.start(WORKFLOW, { ...inputs, env: 'production', version: '1.4.3' });
    expect(await secondQueues).toBe(second.executionId);
    const secondWaits = nextEvent('step_waiting', 'approve');
    const queued = await engine.requireExecution(second.executionId);
    expect(queued.status).toBe('queued');
    expect(queued.waiting_for).toMatchObject({ key: 'deploy-production', limit: 1, holders: [first.executionId] });

    const decision = await engine.decideApproval(first.executionId, 'approve', {
      decision: 'approve',
      fields: { ticket: 'CHG-1234' },
      decidedBy: 'test:release-manager',
    });
    expect(decision).toMatchObject({ decision: 'approved', decided_by: 'test:release-manager' });
    const done = await first.done;
    expect(done.status, JSON.stringify(done.steps)).toBe('completed');
    expect(done.steps.approve?.output).toMatchObject({ approved: true, fields: { ticket: 'CHG-1234' } });

    // The first deploy's calls all come before the second's apply: the key kept them apart.
    expect(await secondWaits).toBe(second.executionId);
    const calls = await kubectlCalls();
    expect(calls).toHaveLength(2 + 2 * SERVICES.length);
    expect(calls.every((call) => !call.includes('1.4.3'))).toBe(true);
    await engine.decideApproval(second.executionId, 'approve', {
      decision: 'reject',
      comment: 'not today',
      decidedBy: 'test:release-manager',
    });
    const rejected = await second.done;
    expect(rejected.status).toBe('failed');
    expect(rejected.steps.approve?.error).toContain('not today');
    expect(rejected.steps.apply?.status).toBe('skipped');
    expect(await kubectlCalls()).toHaveLength(calls.length);
  });

  it('rolls every service back when a rollout fails', async () => {
    process.env.KUBECTL_FAIL_ROLLOUT = 'worker';
    const record = await engine.run(WORKFLOW, { ...inputs, env: 'staging' });
    expect(record.status).toBe('failed');
    expect(record.steps.rollout?.status).toBe('failed');
    expect(record.steps.rollout?.error).toContain('exceeded its progress deadline');
    expect(record.steps.record?.status).toBe('skipped');
    expect(record.steps.rollback?.status).toBe('completed');
    const calls = await kubectlCalls();
    expect(calls[0]).toBe('apply --namespace shop -f deploy/manifests');
    const undo = calls.filter((call) => call.startsWith('rollout undo'));
    expect(undo.sort()).toEqual(SERVICES.map((s) => `rollout undo --namespace shop deployment/${s}`).sort());
    const failedWait = calls.indexOf('rollout status --namespace shop deployment/worker --timeout=300s');
    expect(failedWait).toBeGreaterThan(0);
    expect(calls.findIndex((call) => call.startsWith('rollout undo'))).toBeGreaterThan(failedWait);
    expect(calls.some((call) => call.startsWith('annotate'))).toBe(false);
  });

  it('refuses a version that is not an image tag before running kubectl', async () => {
    const record = await engine.run(WORKFLOW, { ...inputs, env: 'staging', version: '1.4; rm -rf /' });
    expect(record.status).toBe('failed');
    expect(record.steps.image?.error).toContain('is not a valid image tag');
    expect(await kubectlCalls()).toEqual([]);
  });
});
