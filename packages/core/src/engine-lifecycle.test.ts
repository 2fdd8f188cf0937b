// Retry from a step, resume after shutdown, and untrusted workflows, on real command steps.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { workflowFixture } from '@skill/test-kit';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { coreWorkflow, useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';

const engines = useEngines('skill-lifecycle-');

/** The lines of `log` in `dir` that the workflows append to. */
async function lines(dir: string): Promise<string[]> {
  return (await readFile(path.join(dir, 'log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

describe('engine.retry', () => {
  it('reruns the failed step and its downstream, reusing upstream outputs', async () => {
    const { dir, engine, touch } = await engines.project();
    const failed = await engine.run(coreWorkflow('pipeline'));
    expect(failed.status).toBe('failed');
    expect((await lines(dir)).sort()).toEqual(['a', 'b', 'side']);

    await touch('flag');
    const retried = await engine.retry(failed.id);
    const record = await retried.done;
    expect(record.status).toBe('completed');
    expect(record.retry_of).toEqual({ execution_id: failed.id, from: 'b', downstream: true });
    expect(record.steps.b?.output).toBe(1);
    expect(record.steps.c?.output).toBe('done');
    expect(record.steps.a).toMatchObject({ status: 'completed', output: { n: 1 } });
    expect(record.steps.a?.metadata.reused_from).toBe(failed.id);
    // a and side were reused, not rerun: the log gained only b and c.
    expect((await lines(dir)).sort()).toEqual(['a', 'b', 'b', 'c', 'side']);
  });

  it('with downstream false reruns only the chosen step', async () => {
    const { dir, engine } = await engines.project({ flag: '' });
    const first = await engine.run(coreWorkflow('pipeline'));
    expect(first.status).toBe('completed');
    const record = await (await engine.retry(first.id, { from: 'b', downstream: false })).done;
    expect(record.status).toBe('completed');
    expect((await lines(dir)).sort()).toEqual(['a', 'b', 'b', 'c', 'side']);
  });

  it('refuses an unknown step with the list of steps', async () => {
    const engine = createEngine();
    const first = await engine.run(workflowFixture('quick'));
    await expect(engine.retry(first.id, { from: 'nope' })).rejects.toThrow(/no step "nope".*one, two/);
    await expect(engine.retry('missing-id')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });

  it('reruns only the failed items when retrying from a loop step', async () => {
    const { dir, engine, touch } = await engines.project();
    const first = await engine.run(coreWorkflow('items'));
    expect(first.status).toBe('failed');
    await touch('ok');
    const record = await (await engine.retry(first.id, { from: 'work' })).done;
    expect(record.status).toBe('completed');
    expect(record.retry_of?.from).toBe('each');
    expect(record.steps.each?.output).toEqual(['done-a', 'done-b', 'done-c']);
    expect(await lines(dir)).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('engine.shutdown and resumeUnfinished', () => {
  it('an execution stopped by shutdown resumes on a new engine: completed steps are not rerun, seq continues', async () => {
    const store = new InMemoryExecutionStore();
    const { dir, engine: engine1, touch } = await engines.project({}, { store });
    const text = coreWorkflow('resumable');
    const started = await engine1.start(text);
    const slowStarted = new Promise<void>((resolve) =>
      engine1.onEvent((e) => e.type === 'step_started' && e.step_id === 'slow' && resolve()),
    );
    await slowStarted;
    await engine1.shutdown({ graceMs: 20 });
    const stopped = await started.done;
    expect(stopped.status).toBe('running');
    expect(await lines(dir)).toEqual(['first']);

    await touch('gate');
    const engine2 = createEngine({ cwd: dir, store });
    const [resumed] = await engine2.resumeUnfinished();
    expect(resumed?.executionId).toBe(started.executionId);
    const record = await resumed?.done;
    expect(record?.status).toBe('completed');
    expect(record?.steps.last?.output).toBe('one-two');
    expect(await lines(dir)).toEqual(['first', 'slow', 'last']);
    const events = await store.listEvents(started.executionId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'workflow_started').map((e) => 'resumed' in e && e.resumed)).toEqual([
      false,
      true,
    ]);
    await expect(engine1.start(text)).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});

describe('untrusted workflows', () => {
  it('are stored apart, listed as untrusted and may not run command steps unless allowed', async () => {
    const text = workflowFixture('quick');
    const { dir, engine } = await engines.project();
    const refused = await engine.saveWorkflow(text);
    expect(refused).toMatchObject({ ok: false, trusted: false, trust: 'user-provided' });
    expect(refused.diagnostics.map((d) => [d.code, d.step_id])).toEqual([
      ['UNTRUSTED_STEP', 'one'],
      ['UNTRUSTED_STEP', 'two'],
    ]);
    expect(refused.diagnostics[0]?.line).toBe(5);
    expect(await engine.listWorkflows()).toEqual([]);
    const permissive = createEngine({ cwd: dir, allowUntrusted: true });
    expect(await permissive.saveWorkflow(text)).toMatchObject({ ok: true, trusted: false });
    const listed = (await engine.listWorkflows()).map((w) => [w.name, w.trusted, w.trust, w.valid]);
    expect(listed).toEqual([['quick', false, 'user-provided', false]]);
    await expect(engine.run('quick')).rejects.toMatchObject({ code: 'UNTRUSTED_STEP' });
    expect((await permissive.run('quick')).steps.two?.output).toBe(2);
    expect((await engine.saveWorkflow('version = "1"\nname = "x"\n')).ok).toBe(false);
  });

  it('are never replaced silently: a second save needs replace, concurrent saves leave one winner', async () => {
    const { engine } = await engines.project();
    const version = (n: number) =>
      `version = "1"\nname = "twice"\n[[steps]]\nid = "a"\nstep_type = "http"\n[steps.http]\nurl = "http://127.0.0.1:9/${n}"\n`;
    const first = await engine.saveWorkflow(version(1));
    await expect(engine.saveWorkflow(version(2))).rejects.toMatchObject({
      code: 'WORKFLOW_EXISTS',
      details: { name: 'twice', trusted: false },
    });
    expect(await readFile(first.file ?? '', 'utf8')).toBe(version(1));
    await engine.saveWorkflow(version(3), { replace: true });
    expect(await readFile(first.file ?? '', 'utf8')).toBe(version(3));

    const racers = ['r1', 'r2', 'r3', 'r4'].map((n) =>
      engine.saveWorkflow(`${version(0).replace('twice', 'race')}# ${n}\n`),
    );
    const outcomes = await Promise.allSettled(racers);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});
