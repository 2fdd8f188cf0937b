// Waits survive the engine: an approval and a sleep stopped by shutdown resume on a new engine over the same SQLite
// file with their recorded start and deadline; a deadline that passed while no engine ran applies at once.
import path from 'node:path';
import { waitFor } from '@skill/test-kit';
import { openSqliteStore } from '@skill/workflow-store';
import { describe, expect, it } from 'vitest';
import { coreWorkflow, useEngines } from '../../test/engine-fixture.js';
import { createEngine } from '../engine.js';
import type { Engine } from '../engine-types.js';

const engines = useEngines('skill-durable-wait-');

/** A project folder and a function opening a new engine on its `executions.db` (a restarted server). */
async function restartable() {
  const { dir } = await engines.project();
  const file = path.join(dir, 'executions.db');
  const opened: { close?: () => Promise<void> }[] = [];
  const open = async (): Promise<Engine> => {
    const store = await openSqliteStore(file);
    opened.push(store);
    return createEngine({ cwd: dir, store });
  };
  const closeAll = async () => {
    for (const store of opened) await store.close?.();
  };
  return { open, closeAll };
}

async function waitingMetadata(engine: Engine, id: string, step: string) {
  return waitFor(async () => {
    const record = await engine.requireExecution(id);
    const waiting = record.steps[step]?.status === 'waiting' ? record.steps[step]?.metadata.waiting : undefined;
    return waiting as { since: string; until?: string } | undefined;
  });
}

describe('durable waits across a restart', () => {
  it('an approval waiting when the engine stops is decided on the next engine and the execution completes', async () => {
    const { open, closeAll } = await restartable();
    const first = await open();
    const started = await first.start(coreWorkflow('approval-gate'));
    const before = await waitingMetadata(first, started.executionId, 'approve');
    // Only waiting: stopped at once, not after the grace period (the test would time out).
    await first.shutdown({ graceMs: 600_000 });
    expect((await started.done).status).toBe('running');

    const second = await open();
    const [resumed] = await second.resumeUnfinished();
    expect(resumed?.executionId).toBe(started.executionId);
    const after = await waitingMetadata(second, started.executionId, 'approve');
    expect(after.since).toBe(before.since);
    await second.decideApproval(started.executionId, 'approve', {
      decision: 'approve',
      fields: { reason: 'after restart' },
      decidedBy: 'cli:ops',
    });
    const record = await resumed?.done;
    expect(record?.status).toBe('completed');
    expect(record?.steps.deploy?.output).toBe('after restart|2');
    expect(record?.steps.build?.attempts).toBe(1);
    await second.shutdown({ graceMs: 10 });
    await closeAll();
  });

  it('a decision recorded while no engine ran is taken when the execution resumes', async () => {
    const { open, closeAll } = await restartable();
    const first = await open();
    const started = await first.start(coreWorkflow('approval-gate'));
    await waitingMetadata(first, started.executionId, 'approve');
    await first.shutdown({ graceMs: 10 });
    await started.done;
    const cli = await open(); // `skill executions approve` while the server is down
    await cli.decideApproval(started.executionId, 'approve', {
      decision: 'approve',
      fields: { reason: 'offline' },
      decidedBy: 'cli:ops',
    });
    const server = await open();
    const [resumed] = await server.resumeUnfinished();
    expect((await resumed?.done)?.steps.deploy?.output).toBe('offline|2');
    await closeAll();
  });

  it('an approval timeout that passed while no engine ran is applied at once on resume', async () => {
    const { open, closeAll } = await restartable();
    const first = await open();
    const text = coreWorkflow('approval-timeout').replace('TIMEOUT', '1s').replace('ON_TIMEOUT', 'approve');
    const started = await first.start(text);
    const waiting = await waitingMetadata(first, started.executionId, 'gate');
    await first.shutdown({ graceMs: 10 });
    await started.done;
    const deadline = Date.parse(waiting.until ?? '');
    await waitFor(() => Date.now() > deadline + 5);

    const second = await open();
    const [resumed] = await second.resumeUnfinished();
    const record = await resumed?.done;
    expect(record?.status).toBe('completed');
    expect(record?.steps.gate?.output).toMatchObject({ decided_by: 'timeout', approved: true });
    await closeAll();
  });

  it('a sleep resumes with its recorded deadline, not a new one', async () => {
    const { open, closeAll } = await restartable();
    const first = await open();
    const started = await first.start(coreWorkflow('sleep-then').replace('DURATION', '1500ms'));
    const before = await waitingMetadata(first, started.executionId, 'nap');
    await first.shutdown({ graceMs: 10 });
    await started.done;

    const second = await open();
    const [resumed] = await second.resumeUnfinished();
    const record = await resumed?.done;
    expect(record?.status).toBe('completed');
    expect(record?.steps.nap?.output).toEqual({ since: before.since, until: before.until });
    expect(record?.steps.after?.output).toBe('woke');
    expect(Date.parse(record?.steps.after?.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(before.until ?? ''));
    await closeAll();
  });

  it('a sleep until a timestamp given by a template, and a bad one fails the step', async () => {
    const { engine } = await engines.project();
    const soon = new Date(Date.now() + 300).toISOString();
    const text = `version = "1"\nname = "until"\n[inputs]\nat = { type = "string" }\n[[steps]]\nid = "nap"\nstep_type = "sleep"\nuntil = "{inputs.at}"\n`;
    const record = await engine.run(text, { at: soon });
    expect(record.steps.nap?.output).toMatchObject({ until: soon });
    const bad = await engine.run(text, { at: 'next tuesday' });
    expect(bad.steps.nap).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('not an RFC 3339 timestamp'),
    });
  });
});
