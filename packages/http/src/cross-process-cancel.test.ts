// Cancel and follow through the API and the WebSocket for executions another engine runs (a CLI run sharing the
// database), and the socket's end when that engine is gone.
import path from 'node:path';
import { createTempDir, type TempDir, waitFor, workflowFixture } from '@skill/test-kit';
import { createEngine, type Engine, openStore } from '@skill/workflow-core';
import type { ExecutionStore } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSocket, type HttpFixture, startHttpFixture } from '../test/http-fixture.js';

const SLOW = workflowFixture('slow');

let fx: HttpFixture;
let runner: Engine;
const stores: ExecutionStore[] = [];

let dbDir: TempDir | undefined;

beforeAll(async () => {
  // The server's engine and the runner's engine each open the same SQLite file, as two processes would.
  dbDir = await createTempDir('skill-http-shared-');
  const file = path.join(dbDir.dir, 'shared.db');
  stores.push(await openStore(file), await openStore(file));
  fx = await startHttpFixture({}, { engine: { store: stores[0] as ExecutionStore } });
  runner = createEngine({ cwd: fx.dir, store: stores[1] as ExecutionStore });
});
afterAll(async () => {
  await runner?.shutdown({ graceMs: 0 });
  await fx?.close();
  for (const store of stores) await store.close?.();
  await dbDir?.cleanup();
});

async function startElsewhere(): Promise<string> {
  const started = await runner.start(SLOW);
  await waitFor(async () => ((await fx.engine.getExecution(started.executionId))?.steps.wait ? true : undefined));
  return started.executionId;
}

describe('cancel for executions run by another engine sharing the store', () => {
  it('POST /api/executions/:id/cancel answers 200 with the cancelled record', async () => {
    const id = await startElsewhere();
    const reply = await fx.api(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id, status: 'cancelled', error: { message: 'cancelled through the HTTP API' } });
    const again = await fx.api(`/api/executions/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('{"command":"cancel"} on the WebSocket reports `requested` and the socket closes after workflow_cancelled', async () => {
    const id = await startElsewhere();
    const transcript = await collectSocket(`${fx.url}/ws/executions/${id}`, {
      onMessage(message, socket) {
        if (message.type === 'step_started') socket.send('{"command":"cancel"}');
      },
    });
    expect(transcript.messages).toContainEqual({
      type: 'command_result',
      command: 'cancel',
      ok: true,
      outcome: 'requested',
    });
    expect(transcript.messages.at(-1)).toMatchObject({ type: 'workflow_cancelled', status: 'cancelled' });
  });

  it('the WebSocket closes with 1000 once the process running the execution is gone (interrupted)', async () => {
    const doomed = createEngine({ cwd: fx.dir, store: stores[1] as ExecutionStore });
    const started = await doomed.start(SLOW);
    await waitFor(async () => ((await fx.engine.getExecution(started.executionId))?.steps.wait ? true : undefined));
    const transcript = await collectSocket(`${fx.url}/ws/executions/${started.executionId}`, {
      onMessage(message) {
        if (message.type === 'step_started') void doomed.shutdown({ graceMs: 0 }); // as if its process died
      },
    });
    expect(transcript).toMatchObject({ code: 1000, reason: 'execution interrupted: its process is gone' });
    const types = transcript.messages.map((m) => m.type);
    expect(types).not.toContain('workflow_cancelled');
    expect(types).not.toContain('workflow_completed');
  });
});
