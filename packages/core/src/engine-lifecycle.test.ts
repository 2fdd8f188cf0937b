// Retry from a step, resume after shutdown, and untrusted workflows, on real command steps.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowEvent } from '@skill/workflow-model';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'skill-lifecycle-'));
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

/** a -> b -> c, each appending its id to `log`; b fails while `flag` does not exist. */
function pipeline(log: string, flag: string): string {
  return `
version = "1"
name = "pipeline"
[[steps]]
id = "a"
command = "echo a >> ${log}; echo '{\\"n\\": 1}'"
[[steps]]
id = "b"
depends_on = ["a"]
command = "echo b >> ${log}; test -f ${flag} && echo {a.output.n}"
[[steps]]
id = "c"
depends_on = ["b"]
command = "echo c >> ${log}; echo done"
[[steps]]
id = "side"
command = "echo side >> ${log}"
`;
}

describe('engine.retry', () => {
  it('reruns the failed step and its downstream, reusing upstream outputs', async () => {
    const dir = await tempDir();
    const log = path.join(dir, 'log');
    const flag = path.join(dir, 'flag');
    const engine = createEngine({ cwd: dir });
    const failed = await engine.run(pipeline(log, flag));
    expect(failed.status).toBe('failed');
    expect((await lines(log)).sort()).toEqual(['a', 'b', 'side']);

    await import('node:fs/promises').then((fs) => fs.writeFile(flag, ''));
    const retried = await engine.retry(failed.id);
    const record = await retried.done;
    expect(record.status).toBe('completed');
    expect(record.retry_of).toEqual({ execution_id: failed.id, from: 'b', downstream: true });
    expect(record.steps.b?.output).toBe(1);
    expect(record.steps.c?.output).toBe('done');
    expect(record.steps.a).toMatchObject({ status: 'completed', output: { n: 1 } });
    expect(record.steps.a?.metadata.reused_from).toBe(failed.id);
    // a and side were reused, not rerun: the log gained only b and c.
    expect((await lines(log)).sort()).toEqual(['a', 'b', 'b', 'c', 'side']);
  });

  it('with downstream false reruns only the chosen step', async () => {
    const dir = await tempDir();
    const log = path.join(dir, 'log');
    const engine = createEngine({ cwd: dir });
    const first = await engine.run(pipeline(log, log));
    expect(first.status).toBe('completed');
    const record = await (await engine.retry(first.id, { from: 'b', downstream: false })).done;
    expect(record.status).toBe('completed');
    expect((await lines(log)).sort()).toEqual(['a', 'b', 'b', 'c', 'side']);
  });

  it('refuses an unknown step with the list of steps', async () => {
    const engine = createEngine();
    const first = await engine.run('version = "1"\nname = "w"\n[[steps]]\nid = "only"\ncommand = "true"\n');
    await expect(engine.retry(first.id, { from: 'nope' })).rejects.toThrow(/no step "nope".*only/);
    await expect(engine.retry('missing-id')).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
  });
});

describe('engine.shutdown and resumeUnfinished', () => {
  it('an execution stopped by shutdown resumes on a new engine: completed steps are not rerun, seq continues', async () => {
    const dir = await tempDir();
    const log = path.join(dir, 'log');
    const store = new InMemoryExecutionStore();
    const text = `
version = "1"
name = "resumable"
[[steps]]
id = "first"
command = "echo first >> ${log}; echo one"
[[steps]]
id = "slow"
depends_on = ["first"]
command = "sleep 0.4; echo slow >> ${log}; echo two"
[[steps]]
id = "last"
depends_on = ["slow"]
command = "echo last >> ${log}; echo {first.output}-{slow.output}"
`;
    const engine1 = createEngine({ cwd: dir, store });
    const started = await engine1.start(text);
    const slowStarted = new Promise<void>((resolve) =>
      engine1.onEvent((e) => e.type === 'step_started' && e.step_id === 'slow' && resolve()),
    );
    await slowStarted;
    await engine1.shutdown({ graceMs: 20 });
    const stopped = await started.done;
    expect(stopped.status).toBe('running');
    expect(await lines(log)).toEqual(['first']);

    const engine2 = createEngine({ cwd: dir, store });
    const [resumed] = await engine2.resumeUnfinished();
    expect(resumed?.executionId).toBe(started.executionId);
    const record = await resumed?.done;
    expect(record?.status).toBe('completed');
    expect(record?.steps.last?.output).toBe('one-two');
    expect(await lines(log)).toEqual(['first', 'slow', 'last']);
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
    const dir = await tempDir();
    const text = 'version = "1"\nname = "from-api"\n[[steps]]\nid = "a"\ncommand = "echo hi"\n';
    const engine = createEngine({ cwd: dir });
    const refused = await engine.saveWorkflow(text);
    expect(refused).toMatchObject({ ok: false, trusted: false, trust: 'user-provided' });
    expect(refused.diagnostics).toEqual([expect.objectContaining({ code: 'UNTRUSTED_STEP', step_id: 'a', line: 3 })]);
    expect(await engine.listWorkflows()).toEqual([]);
    const permissive = createEngine({ cwd: dir, allowUntrusted: true });
    expect(await permissive.saveWorkflow(text)).toMatchObject({ ok: true, trusted: false });
    const listed = (await engine.listWorkflows()).map((w) => [w.name, w.trusted, w.trust, w.valid]);
    expect(listed).toEqual([['from-api', false, 'user-provided', false]]);
    await expect(engine.run('from-api')).rejects.toMatchObject({ code: 'UNTRUSTED_STEP' });
    expect((await permissive.run('from-api')).steps.a?.output).toBe('hi');
    expect((await engine.saveWorkflow('version = "1"\nname = "x"\n')).ok).toBe(false);
  });

  it('are never replaced silently: a second save needs replace, concurrent saves leave one winner', async () => {
    const dir = await tempDir();
    const engine = createEngine({ cwd: dir });
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

describe('engine.retry of a foreach', () => {
  it('reruns only the failed items when retrying from a loop step', async () => {
    const dir = await tempDir();
    const log = path.join(dir, 'log');
    const engine = createEngine({ cwd: dir });
    const text = `
version = "1"
name = "items"
[config]
on_failure = "continue"
[[steps]]
id = "each"
items = ["a", "b", "c"]
[[steps.loop]]
id = "work"
command = "echo {loop.item} >> ${log}; if [ {loop.item} = b ] && [ ! -f ${log}.ok ]; then exit 1; fi; echo done-{loop.item}"
`;
    const first = await engine.run(text);
    expect(first.status).toBe('failed');
    await import('node:fs/promises').then((fs) => fs.writeFile(`${log}.ok`, ''));
    const record = await (await engine.retry(first.id, { from: 'work' })).done;
    expect(record.status).toBe('completed');
    expect(record.retry_of?.from).toBe('each');
    expect(record.steps.each?.output).toEqual(['done-a', 'done-b', 'done-c']);
    expect(await lines(log)).toEqual(['a', 'b', 'c', 'b']);
  });
});
