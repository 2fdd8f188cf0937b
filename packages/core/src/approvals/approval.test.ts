// Approval steps on a real engine: approve and reject with a form, form checks, timeouts, no slot held while waiting.
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { coreWorkflow, useEngines } from '../../test/engine-fixture.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-types.js';

const engines = useEngines('skill-approval-');

async function waitingStep(engine: Engine, id: string, step: string) {
  return waitFor(async () => {
    const record = await engine.requireExecution(id);
    return record.steps[step]?.status === 'waiting' ? record : undefined;
  });
}

describe('approval steps', () => {
  it('waits, then the approved form becomes the output downstream steps read', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(coreWorkflow('approval-gate'));
    const waiting = await waitingStep(engine, started.executionId, 'approve');
    expect(waiting.status).toBe('running');
    expect(waiting.steps.approve?.metadata.waiting).toMatchObject({
      kind: 'approval',
      message: 'Deploy 1.2.3?',
      fields: { reason: { type: 'string', required: true }, replicas: { type: 'integer', default: 2 } },
    });

    const decided = await engine.decideApproval(started.executionId, 'approve', {
      decision: 'approve',
      fields: { reason: 'release day' },
      comment: 'ship it',
      decidedBy: 'cli:ada',
    });
    expect(decided).toMatchObject({ decision: 'approved', decided_by: 'cli:ada', fields: { replicas: 2 } });
    const record = await started.done;
    expect(record.status).toBe('completed');
    expect(record.steps.approve?.output).toMatchObject({
      approved: true,
      decision: 'approved',
      decided_by: 'cli:ada',
      comment: 'ship it',
      fields: { reason: 'release day', replicas: 2, region: 'eu' },
    });
    expect(record.steps.deploy?.output).toBe('release day|2');
    expect(record.steps['on-reject']?.status).toBe('skipped');
    const events = await engine.listEvents(started.executionId);
    expect(events.filter((e) => e.type === 'step_decided')).toHaveLength(1);
  });

  it('holds no slot while waiting: with max_parallel = 1 the sibling listed after it runs', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(coreWorkflow('approval-first'));
    const record = await waitFor(async () => {
      const r = await engine.requireExecution(started.executionId);
      return r.steps.side?.status === 'completed' ? r : undefined;
    });
    expect(record.steps.gate?.status).toBe('waiting');
    await engine.decideApproval(started.executionId, 'gate', { decision: 'approve', decidedBy: 'x' });
    expect((await started.done).status).toBe('completed');
  });

  it('a rejection fails the step and runs its failure handler', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(coreWorkflow('approval-gate'));
    await waitingStep(engine, started.executionId, 'approve');
    await engine.decideApproval(started.executionId, 'approve', {
      decision: 'reject',
      comment: 'not today',
      decidedBy: 'api:anonymous',
    });
    const record = await started.done;
    expect(record.status).toBe('failed');
    expect(record.steps.approve).toMatchObject({
      status: 'failed',
      error_code: 'APPROVAL_REJECTED',
      error: 'rejected by api:anonymous: not today',
    });
    expect(record.steps.approve?.metadata).toMatchObject({ decision: 'rejected', comment: 'not today' });
    expect(record.steps['on-reject']?.output).toBe('handled');
    expect(record.steps.deploy?.status).toBe('skipped');
  });

  it('refuses bad forms with every problem, and decisions for steps that do not wait', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(coreWorkflow('approval-gate'));
    const id = started.executionId;
    await expect(engine.decideApproval(id, 'build', { decision: 'approve', decidedBy: 'x' })).rejects.toMatchObject({
      code: 'STEP_NOT_FOUND',
      message: expect.stringContaining('approval steps: approve'),
    });
    await expect(
      engine.decideApproval('nope', 'approve', { decision: 'approve', decidedBy: 'x' }),
    ).rejects.toMatchObject({
      code: 'EXECUTION_NOT_FOUND',
    });
    await waitingStep(engine, id, 'approve');
    const bad = engine.decideApproval(id, 'approve', {
      decision: 'approve',
      fields: { replicas: 'three', region: 'mars', extra: 1 },
      decidedBy: 'x',
    });
    await expect(bad).rejects.toMatchObject({ code: 'FIELDS_INVALID' });
    const message = await bad.catch((error: Error) => error.message);
    expect(message).toContain('unknown field "extra" (declared fields: reason, replicas, region)');
    expect(message).toContain('missing required field "reason" (string)');
    expect(message).toContain('field "replicas" must be an integer, got string "three"');
    expect(message).toContain('field "region" must be one of "eu", "us", got "mars"');
    // A rejection needs no required field, but still a well-typed form.
    await expect(
      engine.decideApproval(id, 'approve', { decision: 'reject', fields: { replicas: 1.5 }, decidedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'FIELDS_INVALID' });
    await engine.decideApproval(id, 'approve', { decision: 'reject', decidedBy: 'first' });
    await expect(
      engine.decideApproval(id, 'approve', { decision: 'approve', fields: { reason: 'late' }, decidedBy: 'second' }),
    ).rejects.toMatchObject({ code: 'STEP_NOT_WAITING' });
    const record = await started.done;
    expect(record.steps.approve?.error).toBe('rejected by first');
    await expect(
      engine.decideApproval(id, 'approve', { decision: 'approve', fields: { reason: 'after' }, decidedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'STEP_NOT_WAITING', message: expect.stringContaining('is failed') });
  });

  it.each([
    ['reject', 'failed'],
    ['approve', 'completed'],
  ])('with on_timeout = %s, a timeout nobody beats ends the step %s', async (onTimeout, status) => {
    const { engine } = await engines.project();
    const text = coreWorkflow('approval-timeout').replace('TIMEOUT', '200ms').replace('ON_TIMEOUT', onTimeout);
    const record = await engine.run(text);
    expect(record.steps.gate?.status).toBe(status);
    if (onTimeout === 'approve') {
      expect(record.steps.gate?.output).toMatchObject({ decided_by: 'timeout', fields: { replicas: 1 } });
      expect(record.steps.after?.output).toBe('timeout');
    } else {
      expect(record.steps.gate).toMatchObject({ error_code: 'APPROVAL_REJECTED', error: 'rejected by timeout' });
    }
  });

  it('a cancel ends a waiting approval: the step and the execution are cancelled, no decision is taken after', async () => {
    const { engine } = await engines.project();
    const started = await engine.start(coreWorkflow('approval-first'));
    await waitingStep(engine, started.executionId, 'gate');
    await engine.cancel(started.executionId, { reason: 'not needed', wait: true });
    const record = await started.done;
    expect(record.status).toBe('cancelled');
    expect(record.steps.gate?.status).toBe('cancelled');
    await expect(
      engine.decideApproval(started.executionId, 'gate', { decision: 'approve', decidedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'STEP_NOT_WAITING' });
  });

  it('masks secret values in the recorded decision and in the output', async () => {
    const secret = 'approval-secret-4f9c2d';
    const { dir } = await engines.project({ '.skill/secrets.env': `TOKEN=${secret}\n` });
    await chmod(path.join(dir, '.skill', 'secrets.env'), 0o600);
    const engine = createEngine({ cwd: dir });
    const started = await engine.start(coreWorkflow('approval-gate'));
    await waitingStep(engine, started.executionId, 'approve');
    await engine.decideApproval(started.executionId, 'approve', {
      decision: 'approve',
      fields: { reason: `key ${secret}` },
      comment: `pasted ${secret} by mistake`,
      decidedBy: 'cli:ada',
    });
    const record = await started.done;
    const stored = JSON.stringify([record, await engine.listEvents(started.executionId)]);
    expect(stored).not.toContain(secret);
    expect(record.steps.approve?.output).toMatchObject({
      comment: 'pasted *** by mistake',
      fields: { reason: 'key ***' },
    });
  });
});
