// In-process main(): runs record into .skill/executions.db; executions list/show/logs and workflow retry read it back.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import type { WorkflowEvent } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { createCliProject, memoryIo, startSleeper, useCliProject } from '../test/project.js';
import { main } from './main.js';

const project = useCliProject('flaky', 'gated');

async function cli(argv: string[], cwd = project()) {
  const { io, out } = memoryIo(cwd);
  const code = await main(argv, io);
  return { code, ...out };
}

function events(stdout: string): WorkflowEvent[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as WorkflowEvent);
}

/** Runs a workflow with --json and returns its execution id and exit code. */
async function runJson(argv: string[]): Promise<{ id: string; code: number }> {
  const r = await cli(['workflow', 'run', ...argv, '--json']);
  const id = events(r.stdout)[0]?.execution_id;
  if (!id) throw new Error(`no events from ${argv.join(' ')}: ${r.stderr}`);
  return { id, code: r.code };
}

/** Starts `skill workflow run slow` in this process; resolves once its step runs, with the execution's id. */
async function startSlow() {
  const { started } = await startSleeper(project(), () => {
    const runner = memoryIo(project());
    return { runner, running: main(['workflow', 'run', 'slow'], runner.io) };
  });
  const list = JSON.parse((await cli(['executions', 'list', '--json', '-w', 'slow', '-s', 'running'])).stdout) as {
    items: Array<{ id: string }>;
  };
  return { ...started, id: list.items[0]?.id ?? '' };
}

describe('executions recorded by skill workflow run', () => {
  it('lists runs of earlier engines from the SQLite file, newest first, filtered', async () => {
    const hello = await runJson(['hello', '-i', 'name=Ada']);
    const fail = await runJson(['fail']);
    expect([hello.code, fail.code]).toEqual([0, 1]);
    expect(existsSync(path.join(project(), '.skill', 'executions.db'))).toBe(true);

    const table = await cli(['executions', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+STATUS\s+STARTED\s+DURATION$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${fail.id}  fail\\s+failed\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  \\d+`),
    );
    expect(lines[2]).toMatch(new RegExp(`^${hello.id}  hello\\s+completed\\s+`));

    const json = JSON.parse((await cli(['executions', 'list', '--json', '--status', 'completed'])).stdout) as {
      items: Array<{ id: string; workflow_name: string; status: string; steps?: unknown }>;
    };
    expect(json.items.map((e) => [e.id, e.workflow_name, e.status])).toEqual([[hello.id, 'hello', 'completed']]);
    expect(json.items[0]?.steps).toBeUndefined();
    const byName = JSON.parse((await cli(['executions', 'list', '--json', '-w', 'fail', '-n', '1'])).stdout) as {
      items: Array<{ id: string }>;
    };
    expect(byName.items.map((e) => e.id)).toEqual([fail.id]);
  });

  it('shows one execution with its steps, and the whole record with --json', async () => {
    const { id } = await runJson(['fail']);
    const r = await cli(['executions', 'show', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Execution  ${id}\nWorkflow   fail\nStatus     failed\n`);
    expect(r.stdout).toMatch(/\nboom\s+failed\s+1\s+\d+ms\s+\[COMMAND_FAILED\] .*3/);
    expect(r.stdout).toMatch(/\nafter\s+skipped\s+0\s+-\s+.*boom/);
    const record = JSON.parse((await cli(['executions', 'show', id, '--json'])).stdout) as {
      id: string;
      steps: Record<string, { status: string; attempts: number }>;
    };
    expect(record.id).toBe(id);
    expect(record.steps.boom).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('exits 2 for an unknown execution', async () => {
    const r = await cli(['executions', 'show', 'no-such-id']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error EXECUTION_NOT_FOUND: execution no-such-id not found\n');
    expect((await cli(['executions', 'logs', 'no-such-id'])).code).toBe(2);
  });

  it('prints the logs as the same plain lines a run prints, then the final report', async () => {
    const run = await cli(['workflow', 'run', 'hello', '-i', 'name=Bo']);
    const id = /\(execution ([0-9a-f-]{36})\)/.exec(run.stdout)?.[1] ?? '';
    const logs = await cli(['executions', 'logs', id]);
    expect(logs.code).toBe(0);
    expect(logs.stderr).toBe('');
    expect(logs.stdout).toBe(run.stdout);
    const asJson = events((await cli(['executions', 'logs', id, '--json'])).stdout);
    expect(asJson.map((e) => e.seq)).toEqual(asJson.map((_, i) => i + 1));
    expect(asJson.at(-1)).toMatchObject({ type: 'workflow_completed', status: 'completed' });
  });

  it('follows a running execution of another engine until it ends, exiting like the run', async () => {
    const running = cli(['workflow', 'run', 'gated']);
    const id = await waitFor(async () => {
      const list = JSON.parse((await cli(['executions', 'list', '--json', '-w', 'gated'])).stdout) as {
        items: Array<{ id: string; status: string }>;
      };
      return list.items.find((e) => e.status === 'running')?.id;
    });
    const follower = memoryIo(project());
    const following = main(['executions', 'logs', id, '--follow'], follower.io);
    await waitFor(() => follower.out.stdout.includes('one started'));
    await writeFile(path.join(project(), 'go'), ''); // `one` waits for this file: the rest happens while followed
    const run = await running;
    expect([run.code, await following]).toEqual([0, 0]);
    expect(follower.out.stdout).toBe(run.stdout);
    expect(follower.out.stdout).toMatch(/✓ three completed in \d+ms\n/);
    expect(follower.out.stdout).toMatch(/\n✓ gated completed in \S+ \(3 completed\)\n$/);
  });

  it('stops following on Ctrl-C with exit 130; without --follow prints what is recorded so far', async () => {
    const { runner, running, id } = await startSlow();
    const snapshot = await cli(['executions', 'logs', id]);
    expect(snapshot.code).toBe(0);
    expect(snapshot.stdout).toMatch(/▶ slow started \(execution [0-9a-f-]{36}\)\n.*▶ wait started\n$/);
    expect(snapshot.stderr).toBe('execution is running (--follow keeps watching)\n');

    const follower = memoryIo(project());
    const following = main(['executions', 'logs', id, '--follow'], follower.io);
    await waitFor(() => follower.out.stdout.includes('wait started'));
    expect(follower.interrupt('SIGINT')).toBe(true);
    expect(await following).toBe(130);
    expect(runner.interrupt('SIGINT')).toBe(true);
    expect(await running).toBe(130);
    const shown = await cli(['executions', 'show', id]);
    expect(shown.stdout).toContain('Status     cancelled\n');
  });

  it('cancels a run of another engine with `executions cancel`: the run exits 130, a second cancel exits 1', async () => {
    const { runner, running, id } = await startSlow();
    const cancelled = await cli(['executions', 'cancel', id]);
    expect(cancelled).toMatchObject({ code: 0, stdout: `execution ${id} cancelled\n` });
    expect(await running).toBe(130);
    expect(runner.out.stdout).toContain('cancelled from the command line');
    const again = await cli(['executions', 'cancel', id, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ execution_id: id, outcome: 'not_running', status: 'cancelled' });
    expect((await cli(['executions', 'cancel', 'no-such-id'])).code).toBe(2);
  });

  it('keeps executions apart per --database-url', async () => {
    const { id } = await runJson(['hello', '-i', 'name=Db', '--database-url', 'other.db']);
    expect(existsSync(path.join(project(), 'other.db'))).toBe(true);
    const other = JSON.parse((await cli(['executions', 'list', '--json', '--database-url', 'other.db'])).stdout) as {
      items: Array<{ id: string }>;
    };
    expect(other.items.map((e) => e.id)).toEqual([id]);
    expect((await cli(['executions', 'show', id])).code).toBe(2);
  });

  it('lists nothing, and creates no database, in a project that never ran', async () => {
    const empty = await createCliProject();
    try {
      const r = await cli(['executions', 'list'], empty.dir);
      expect(r).toMatchObject({ code: 0, stdout: 'no executions recorded\n', stderr: '' });
      expect(existsSync(path.join(empty.dir, '.skill'))).toBe(false);
    } finally {
      await empty.cleanup();
    }
  });
});

describe('skill workflow retry', () => {
  it('reruns the failed step and its downstream, reusing the upstream output', async () => {
    const first = await runJson(['flaky']);
    expect(first.code).toBe(1);
    await writeFile(path.join(project(), 'fixed'), '');
    const retry = await cli(['workflow', 'retry', first.id]);
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    const retryId = /\(execution ([0-9a-f-]{36})\)/.exec(retry.stdout)?.[1];
    expect(retryId).toBeDefined();
    expect(retryId).not.toBe(first.id);
    expect(retry.stdout).toMatch(/✓ b completed in \d+ms\n/);
    expect(retry.stdout).toContain('Outputs:\n  c: c-done\n');
    expect(retry.stdout).toMatch(/\n✓ flaky completed in \S+ \(3 completed\)\n$/);
    expect(await readFile(path.join(project(), 'a.count'), 'utf8')).toBe('run\n');
    const record = JSON.parse((await cli(['executions', 'show', retryId ?? '', '--json'])).stdout) as {
      retry_of: unknown;
      steps: Record<string, { output: unknown }>;
    };
    expect(record.retry_of).toEqual({ execution_id: first.id, from: 'b', downstream: true });
    expect(record.steps.b?.output).toBe('b-saw-from-a');
  });

  it('reruns only the named step with --no-downstream, as JSON events', async () => {
    const before = await readFile(path.join(project(), 'c.count'), 'utf8');
    const { id } = await runJson(['flaky']);
    const r = await cli(['workflow', 'retry', id, '--from', 'a', '--no-downstream', '--json']);
    expect(r.code).toBe(0);
    const started = events(r.stdout).filter((e) => e.type === 'step_started');
    expect(started.map((e) => (e.type === 'step_started' ? e.step_id : ''))).toEqual(['a']);
    expect(await readFile(path.join(project(), 'c.count'), 'utf8')).toBe(`${before}run\n`);
  });

  it('exits 2 for an unknown execution or step', async () => {
    const unknown = await cli(['workflow', 'retry', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('EXECUTION_NOT_FOUND');
    const { id } = await runJson(['hello', '-i', 'name=X']);
    const badStep = await cli(['workflow', 'retry', id, '--from', 'nope']);
    expect(badStep.code).toBe(2);
    expect(badStep.stderr).toContain('no step "nope"');
  });
});
