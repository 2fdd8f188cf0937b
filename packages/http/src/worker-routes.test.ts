// GET /api/workers: the workers the engine's step dispatcher reports, and none when steps run in process.
import type { StepDispatcher, WorkerInfo } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { useHttpFixture } from '../test/http-fixture.js';

const worker: WorkerInfo = {
  name: 'gpu-1',
  labels: ['gpu'],
  running: 1,
  concurrency: 4,
  last_heartbeat: '2026-12-03T11:00:00.000Z',
};
const dispatcher: StepDispatcher = {
  dispatch: () => Promise.reject(new Error('not used')),
  listWorkers: async () => [worker],
};

describe('worker routes', () => {
  const withQueue = useHttpFixture({}, { engine: { stepDispatcher: dispatcher } });
  const inProcess = useHttpFixture({});

  it('lists the live workers of the queue', async () => {
    const { status, body } = await withQueue().api('/api/workers');
    expect(status).toBe(200);
    expect(body).toEqual({ items: [worker] });
  });

  it('lists none when steps run in the server process', async () => {
    expect((await inProcess().api('/api/workers')).body).toEqual({ items: [] });
  });
});
