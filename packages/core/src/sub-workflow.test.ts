// Sub-workflows run: a `workflow` step's child execution (linked both ways), its outputs, failure and retries,
// cancel in both directions, retry-from-step, the run-time depth limit and re-attaching after a restart.
import { waitFor } from '@skill/test-kit';
import { InMemoryExecutionStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { useEngines, workflowFile } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';
import type { Engine } from './engine-types.js';

const engines = useEngines('skill-subflow-');

const wf = workflowFile;

const child = wf(
  'greet',
  `
[inputs]
who = { type = "string", required = true }
times = { type = "integer", default = 1 }

[outputs]
message = "{hello.output}"
count = "{inputs.times}"

[[steps]]
id = "hello"
command = "echo hello-$WHO"
env = { WHO = "{inputs.who}" }
`,
);

const parent = wf(
  'parent',
  `
[[steps]]
id = "name"
command = "echo Ada"

[[steps]]
id = "call"
workflow = "greet"
inputs = { who = "{name.output}", times = 2 }

[[steps]]
id = "after"
command = "echo got-$M"
env = { M = "{call.output.message}" }
`,
);

/** A child that waits (bounded) for ./gate, and fails when ./fail exists. */
const gated = wf(
  'gated',
  `
[[steps]]
id = "wait"
command = "for i in $(seq 1 3000); do [ -f gate ] && break; sleep 0.01; done; [ ! -f fail ] && echo passed"
`,
);

const callsGated = wf(
  'calls-gated',
  `
[[steps]]
id = "call"
workflow = "gated"
`,
);

async function childOf(engine: Engine, parentId: string) {
  const page = await engine.listExecutions({ parent_id: parentId });
  return page.items;
}

describe('workflow steps', () => {
  it("give the child's [outputs] as the step's output and link parent and child both ways", async () => {
    const { engine } = await engines.project({ ...child, ...parent });
    const record = await engine.run('parent');
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual({ message: 'hello-Ada', count: 2 });
    expect(record.steps.after?.output).toBe('got-hello-Ada');
    const childId = record.steps.call?.metadata.child_execution_id as string;
    const childRecord = await engine.requireExecution(childId);
    expect(childRecord).toMatchObject({
      workflow_name: 'greet',
      status: 'completed',
      inputs: { who: 'Ada', times: 2 },
      parent: { execution_id: record.id, step: 'call' },
    });
    expect((await childOf(engine, record.id)).map((c) => c.id)).toEqual([childId]);
  });

  it('run with maxRunningExecutions = 1: the child does not wait for the turn its parent holds', async () => {
    const { engine } = await engines.project({ ...child, ...parent }, { maxRunningExecutions: 1 });
    const record = await engine.run('parent');
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual({ message: 'hello-Ada', count: 2 });
  });

  it("without [outputs], give an object of the child's step outputs", async () => {
    const plain = wf(
      'plain',
      '[[steps]]\nid = "a"\ncommand = "echo 1"\n[[steps]]\nid = "b"\ncommand = "echo \'{\\"x\\": 2}\'"\n',
    );
    const caller = wf('caller', '[[steps]]\nid = "run"\nworkflow = "plain"\n');
    const { engine } = await engines.project({ ...plain, ...caller });
    const record = await engine.run('caller');
    expect(record.steps.run?.output).toEqual({ a: 1, b: { x: 2 } });
  });

  it('fail when the child fails, and each retry starts a new child', async () => {
    const retried = wf(
      'retried',
      '[[steps]]\nid = "call"\nworkflow = "gated"\n[steps.retry]\nmax_attempts = 2\nbackoff = "none"\n',
    );
    const { engine, touch } = await engines.project({ ...gated, ...retried });
    await touch('gate');
    await touch('fail');
    const record = await engine.run('retried');
    expect(record.status).toBe('failed');
    expect(record.steps.call).toMatchObject({ status: 'failed', attempts: 2, error_code: 'SUB_WORKFLOW_FAILED' });
    expect(record.steps.call?.error).toMatch(/sub-workflow "gated" \(execution [0-9a-f-]+\) failed/);
    const children = await childOf(engine, record.id);
    expect(children.map((c) => c.status)).toEqual(['failed', 'failed']);
    expect(record.steps.call?.metadata.child_execution_id).toBe(children[0]?.id);
  });

  it('cancel of the parent cancels the running child', async () => {
    const { engine } = await engines.project({ ...gated, ...callsGated });
    const started = await engine.start('calls-gated');
    await waitFor(async () => (await childOf(engine, started.executionId))[0]?.steps.wait?.status === 'running');
    const [running] = await childOf(engine, started.executionId);
    await engine.cancel(started.executionId, { reason: 'stop all', wait: true });
    expect((await started.done).status).toBe('cancelled');
    const childRecord = await engine.requireExecution(running?.id as string);
    expect(childRecord).toMatchObject({ status: 'cancelled', error: { message: 'stop all' } });
  });

  it('cancel of the child fails the parent step as cancelled', async () => {
    const { engine } = await engines.project({ ...gated, ...callsGated });
    const started = await engine.start('calls-gated');
    await waitFor(async () => (await childOf(engine, started.executionId))[0]?.steps.wait?.status === 'running');
    const [running] = await childOf(engine, started.executionId);
    await engine.cancel(running?.id as string, { reason: 'not this one' });
    const record = await started.done;
    expect(record.status).toBe('failed');
    expect(record.steps.call).toMatchObject({ status: 'failed', error_code: 'SUB_WORKFLOW_CANCELLED' });
    expect(record.steps.call?.error).toContain('was cancelled: not this one');
  });

  it('a step timeout cancels the child', async () => {
    const timed = wf('timed', '[[steps]]\nid = "call"\nworkflow = "gated"\ntimeout = "300ms"\n');
    const { engine } = await engines.project({ ...gated, ...timed });
    const record = await engine.run('timed');
    expect(record.steps.call).toMatchObject({ status: 'failed', error_code: 'TIMEOUT' });
    const [only] = await childOf(engine, record.id);
    expect(only?.status).toBe('cancelled');
  });

  it('inside a foreach, start one child per iteration, each linked to its iteration', async () => {
    const each = wf(
      'each',
      `
[[steps]]
id = "greet-all"
items = ["Ada", "Bob"]
parallel = true

[[steps.loop]]
id = "call"
workflow = "greet"
inputs = { who = "{loop.item}" }
`,
    );
    const { engine } = await engines.project({ ...child, ...each });
    const record = await engine.run('each');
    expect(record.status).toBe('completed');
    expect(record.steps['greet-all']?.output).toEqual([
      { message: 'hello-Ada', count: 1 },
      { message: 'hello-Bob', count: 1 },
    ]);
    const links = (await engine.requireExecution(record.id)).children ?? [];
    expect(links.map((c) => c.step).sort()).toEqual(['greet-all[0].call', 'greet-all[1].call']);
  });

  it('retry from the step runs a new child in the new parent execution', async () => {
    const { engine, touch, dir } = await engines.project({ ...gated, ...callsGated });
    await touch('gate');
    await touch('fail');
    const failed = await engine.run('calls-gated');
    expect(failed.status).toBe('failed');
    const { rm } = await import('node:fs/promises');
    await rm(`${dir}/fail`);
    const retried = await engine.retry(failed.id, { from: 'call' });
    const record = await retried.done;
    expect(record.status).toBe('completed');
    expect(record.steps.call?.output).toEqual({ wait: 'passed' });
    const [newChild] = await childOf(engine, record.id);
    expect(newChild).toMatchObject({ status: 'completed', parent: { execution_id: record.id, step: 'call' } });
    expect((await childOf(engine, failed.id)).map((c) => c.status)).toEqual(['failed']);
  });

  it('stop at the depth limit at run time, naming the chain', async () => {
    const files: Record<string, string> = {};
    for (let level = 1; level <= 11; level++) {
      const body =
        level < 11
          ? `[[steps]]\nid = "down"\nworkflow = "w${level + 1}"\n`
          : '[[steps]]\nid = "leaf"\ncommand = "echo deep"\n';
      Object.assign(files, wf(`w${level}`, body));
    }
    const { engine } = await engines.project(files);
    const record = await engine.run('w1');
    expect(record.status).toBe('failed');
    const deepest = (await engine.listExecutions({ workflow_name: 'w10' })).items[0];
    expect(deepest?.steps.down).toMatchObject({ status: 'failed', error_code: 'SUB_WORKFLOW_RECURSION' });
    expect(deepest?.steps.down?.error).toContain('w1 -> w2 -> w3 -> w4 -> w5 -> w6 -> w7 -> w8 -> w9 -> w10 -> w11');
    expect((await engine.listExecutions({ workflow_name: 'w11' })).items).toEqual([]);
  });

  it('cancel of a parent no process runs any more cancels its unfinished child in the store too', async () => {
    const store = new InMemoryExecutionStore();
    const { dir, engine: first } = await engines.project({ ...gated, ...callsGated }, { store });
    const started = await first.start('calls-gated');
    await waitFor(async () => (await childOf(first, started.executionId))[0]?.steps.wait?.status === 'running');
    await first.shutdown({ graceMs: 20 });
    const later = createEngine({ cwd: dir, store });
    const result = await later.cancel(started.executionId, { reason: 'gone' });
    expect(result.outcome).toBe('cancelled');
    const [orphan] = await childOf(later, started.executionId);
    expect(orphan).toMatchObject({ status: 'cancelled', error: { message: 'gone' } });
    expect(await later.resumeUnfinished()).toEqual([]);
  });

  it('re-attach to the running child when the parent resumes after a restart (no second child)', async () => {
    const store = new InMemoryExecutionStore();
    const { dir, engine: first, touch } = await engines.project({ ...gated, ...callsGated }, { store });
    const started = await first.start('calls-gated');
    await waitFor(async () => (await childOf(first, started.executionId))[0]?.steps.wait?.status === 'running');
    await first.shutdown({ graceMs: 20 });
    expect((await started.done).status).toBe('running');
    await touch('gate');
    const second = createEngine({ cwd: dir, store });
    const resumed = await second.resumeUnfinished();
    expect(resumed.map((r) => r.executionId)).toEqual([started.executionId]); // the child is its parent's to resume
    const record = await resumed[0]?.done;
    expect(record?.status).toBe('completed');
    const children = await childOf(second, started.executionId);
    expect(children.map((c) => c.status)).toEqual(['completed']);
    expect(record?.steps.call?.metadata.child_execution_id).toBe(children[0]?.id);
  });
});
