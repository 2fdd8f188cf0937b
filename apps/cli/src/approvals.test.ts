// In-process main(): `skill executions approve|reject` decides the approval a `skill workflow run` waits on.
import { userInfo } from 'node:os';
import { waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { memoryIo, useCliProject } from '../test/project.js';
import { main } from './main.js';

const project = useCliProject('gate');

async function cli(argv: string[]) {
  const { io, out } = memoryIo(project());
  const code = await main(argv, io);
  return { code, ...out };
}

/** Starts `skill workflow run gate` in this process and waits until its approval waits; returns the id and the run. */
async function startGate() {
  const runner = memoryIo(project());
  const running = main(['workflow', 'run', 'gate'], runner.io);
  const id = await waitFor(async () => {
    const list = JSON.parse((await cli(['executions', 'list', '--json', '-w', 'gate', '-s', 'running'])).stdout);
    for (const item of list.items as { id: string }[]) {
      const shown = JSON.parse((await cli(['executions', 'show', item.id, '--json'])).stdout);
      if (shown.steps.approve?.status === 'waiting') return item.id;
    }
    return undefined;
  });
  return { id, running, runner };
}

describe('skill executions approve|reject', () => {
  it('approves with typed --field values; the run goes on and prints them', async () => {
    const { id, running, runner } = await startGate();
    const shown = await cli(['executions', 'show', id]);
    expect(shown.stdout).toMatch(/approve\s+waiting\s+.*waiting for approval: Release\?/);
    const approved = await cli([
      'executions',
      'approve',
      id,
      'approve',
      '--field',
      'reason=cli',
      '-f',
      'count=3',
      '-m',
      'go',
    ]);
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toBe(`step approve of execution ${id} approved by cli:${userInfo().username}\n`);
    expect(await running).toBe(0);
    expect(runner.out.stdout).toContain('cli/3/false');
    const record = JSON.parse((await cli(['executions', 'show', id, '--json'])).stdout);
    expect(record.steps.approve.output).toMatchObject({
      comment: 'go',
      fields: { reason: 'cli', count: 3, dry_run: false },
    });
    const late = await cli(['executions', 'reject', id, 'approve']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('STEP_NOT_WAITING');
  });

  it('rejects (the run fails), and refuses bad values, unknown steps and usage mistakes', async () => {
    const { id, running } = await startGate();
    const bad = await cli(['executions', 'approve', id, 'approve', '--field', 'count=many', '--field', 'extra=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('field "count" must be an integer, got string "many"');
    expect(bad.stderr).toContain('unknown field "extra"');
    expect(bad.stderr).toContain('missing required field "reason"');
    const noStep = await cli(['executions', 'approve', id, 'after']);
    expect(noStep.code).toBe(2);
    expect(noStep.stderr).toContain('no approval step "after"');
    const noPair = await cli(['executions', 'approve', id, 'approve', '--field', 'reason']);
    expect(noPair.code).toBe(2);
    expect(noPair.stderr).toContain('--field expects key=value, got "reason"');
    const oneArg = await cli(['executions', 'approve', id]);
    expect(oneArg.code).toBe(2);
    const json = await cli(['executions', 'reject', id, 'approve', '-m', 'no', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ decision: 'rejected', comment: 'no', step_id: 'approve' });
    expect(await running).toBe(1);
  });
});
