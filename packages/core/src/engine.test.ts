// createEngine().run and validate: templates between steps, input checks, reference diagnostics, named workflows,
// custom executors and cancelling through an AbortSignal.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { deferred, workflowFixture } from '@skill/test-kit';
import type { StepExecutor, WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { coreWorkflow, useEngines } from '../test/engine-fixture.js';
import { createEngine } from './engine.js';

const engines = useEngines('skill-core-');

describe('createEngine().run', () => {
  it('runs command steps, passes outputs through templates and records events with gapless seq', async () => {
    const engine = createEngine();
    const events: WorkflowEvent[] = [];
    const record = await engine.run(coreWorkflow('greeting'), { who: 'Alice' }, { onEvent: (e) => events.push(e) });
    expect(record.status).toBe('completed');
    expect(record.steps['fetch-user']?.output).toEqual({ user: { id: 123, name: 'Alice' } });
    expect(record.steps.greet?.output).toBe('hello Alice #123');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe('workflow_started');
    expect(events.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
    expect(await engine.store.listEvents(record.id)).toEqual(events);
  });

  it('refuses invalid inputs before any step runs', async () => {
    const { dir, engine } = await engines.project();
    const marker = path.join(dir, 'ran');
    const text = `
version = "1"
name = "typed"
[inputs]
count = { type = "integer", required = true }
mode = { type = "string", enum = ["fast", "slow"], default = "fast" }
[[steps]]
id = "touch"
step_type = "command"
command = "touch ${marker}"
`;
    await expect(engine.run(text, { count: 'three', mode: 'medium', extra: 1 })).rejects.toMatchObject({
      code: 'INPUTS_INVALID',
    });
    const error = await engine.run(text, {}).catch((e: unknown) => e);
    expect((error as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(['INPUT_MISSING']);
    await expect(access(marker)).rejects.toThrow();
    const ok = await engine.run(text, { count: 3 });
    expect(ok.status).toBe('completed');
    expect(ok.inputs).toEqual({ count: 3, mode: 'fast' });
  });

  it('reports reference problems with file, line, column and step before running', async () => {
    const { engine } = await engines.project({
      '.workflows/refs.toml': `version = "1"
name = "refs"
[[steps]]
id = "fetch-user"
step_type = "command"
command = "echo 1"
[[steps]]
id = "use"
step_type = "command"
command = "echo {fetch-usr.output}"
[[steps]]
id = "not-upstream"
step_type = "command"
command = "echo {fetch-user.output}"
when = "{fetch-user.status} =="
`,
    });
    const report = await engine.validate('refs');
    expect(report.ok).toBe(false);
    const byCode = Object.fromEntries(report.diagnostics.map((d) => [d.code, d]));
    expect(byCode.UNKNOWN_REFERENCE).toMatchObject({ step_id: 'use', line: 10, file: '.workflows/refs.toml' });
    expect(byCode.UNKNOWN_REFERENCE?.hint).toContain('fetch-user');
    // The reference itself orders "not-upstream" after "fetch-user" (references imply order).
    expect(byCode.REFERENCE_NOT_UPSTREAM).toBeUndefined();
    expect(byCode.INVALID_CONDITION).toMatchObject({ step_id: 'not-upstream', line: 15 });
    await expect(engine.run('refs')).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' });
  });

  it('resolves bare names in .workflows/ and lists workflows, invalid ones included', async () => {
    const { engine } = await engines.project({
      '.workflows/quick.toml': workflowFixture('quick'),
      '.workflows/broken.toml': workflowFixture('broken'),
    });
    const record = await engine.run('quick');
    expect(record.steps.two?.output).toBe(2);
    const list = await engine.listWorkflows();
    expect(list.map((w) => [w.name, w.valid, w.step_count])).toEqual([
      ['broken', false, 0],
      ['quick', true, 2],
    ]);
    await expect(engine.run('missing')).rejects.toMatchObject({ code: 'WORKFLOW_NOT_FOUND' });
  });

  it('runs a registered custom executor and cancels through an AbortSignal', async () => {
    const seen: string[] = [];
    const firstStarted = deferred();
    const slow: StepExecutor = {
      type: 'wait',
      async run(step, ctx) {
        seen.push(ctx.step_id);
        firstStarted.resolve();
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, 10_000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
        return { output: step.id };
      },
    };
    const engine = createEngine({ executors: [slow] });
    const controller = new AbortController();
    const started = await engine.start(
      'version = "1"\nname = "w"\n[[steps]]\nid = "a"\nstep_type = "wait"\nargs = {}\n[[steps]]\nid = "b"\nstep_type = "wait"\ndepends_on = ["a"]\nargs = {}\n',
      {},
      { signal: controller.signal },
    );
    await firstStarted.promise;
    controller.abort('user pressed stop');
    const record = await started.done;
    expect(seen).toEqual(['a']);
    expect(record.status).toBe('cancelled');
    expect(record.steps.a?.status).toBe('cancelled');
    expect(record.steps.b?.status).toBe('cancelled');
    const events = await engine.store.listEvents(record.id);
    expect(events.at(-1)).toMatchObject({ type: 'workflow_cancelled', reason: 'user pressed stop' });
  });

  it('refuses to start when a step type has no executor, and reports unknown skills at validation', async () => {
    const engine = createEngine();
    const { definition } = await engine.load(workflowFixture('quick'));
    const orphan = { ...definition, steps: definition.steps.map((s) => ({ ...s, step_type: 'teleport', args: {} })) };
    await expect(engine.run(orphan)).rejects.toMatchObject({ code: 'EXECUTOR_NOT_FOUND' });
    const report = await engine.validate(
      'version = "1"\nname = "w"\n[[steps]]\nid = "a"\nstep_type = "skill"\nskill = "nope"\ntool = "y"\n',
    );
    expect(report.ok).toBe(false);
    expect(report.diagnostics[0]?.message).toMatch(/nope.*python/s);
  });
});
