// Cancel through the API and the WebSocket for executions another engine runs (a CLI run sharing the database).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, type Engine, openStore } from '@skill/workflow-core';
import type { ExecutionStore } from '@skill/workflow-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSocket, type HttpFixture, startHttpFixture, waitFor } from '../test/http-fixture.js';

const SLOW = `version = "1"
name = "slow"
[[steps]]
id = "wait"
command = "sleep 30"
`;

let fx: HttpFixture;
let runner: Engine;
const stores: ExecutionStore[] = [];

let dbDir = '';

beforeAll(async () => {
  // The server's engine and the runner's engine each open the same SQLite file, as two processes would.
  dbDir = await mkdtemp(path.join(tmpdir(), 'skill-http-shared-'));
  const file = path.join(dbDir, 'shared.db');
  stores.push(await openStore(file), await openStore(file));
  fx = await startHttpFixture({}, { engine: { store: stores[0] as ExecutionStore } });
  runner = createEngine({ cwd: fx.dir, store: stores[1] as ExecutionStore });
});
afterAll(async () => {
  await runner?.shutdown({ graceMs: 0 });
  await fx?.close();
  for (const store of stores) await store.close?.();
  await rm(dbDir, { recursive: true, force: true });
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
});
